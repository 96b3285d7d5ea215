package io.gradiente.ml;

import io.gradiente.core.data.Precision;
import io.gradiente.core.model.LinearModel;
import io.gradiente.core.stream.Exchanges;
import io.gradiente.core.train.TrainConfig;
import java.io.Serializable;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.param.Params;

/**
 * The training {@link Param}s of one estimator, made with its uid: the {@code gradiente train} options that make
 * sense for a fit (README, "Spark ML estimators", lists which options became params and why the others did not).
 * {@link SgdParams} exposes them with getters and setters; the defaults are {@link TrainConfig#defaults()} and the
 * command line's execution defaults, so an estimator and {@code gradiente train} default alike.
 */
public final class TrainingParams implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final TrainConfig DEFAULTS = TrainConfig.defaults();

  final DoubleParam learningRate;
  final DoubleParam momentum;
  final LongParam batchSize;
  final IntParam epochs;
  final LongParam seed;
  final BooleanParam shuffle;
  final Param<String> init;
  final DoubleParam clipNorm;
  final IntParam trainLossEvery;
  final IntParam stepLossEvery;
  final IntParam syncEvery;
  final IntParam aggregationDepth;
  final IntParam partitions;
  final Param<String> precision;
  final Param<String> exchange;
  final IntParam exchangePort;
  final Param<String> checkpointDir;
  final IntParam checkpointEvery;
  final LongParam checkpointEverySteps;
  final IntParam keepCheckpoints;

  /** The params of the stage {@code uid}. */
  TrainingParams(String uid) {
    learningRate = new DoubleParam(uid, "learningRate", "step size lr > 0 (--lr)", ParamValidators.gt(0));
    momentum = new DoubleParam(uid, "momentum", "momentum mu in [0, 1), v = mu*v - lr*g; 0 is plain SGD (--momentum)",
        ParamValidators.inRange(0, 1, true, false));
    batchSize = new LongParam(uid, "batchSize", "rows per step across all partitions; " + TrainConfig.FULL_BATCH
        + " (TrainConfig.FULL_BATCH) for full-batch gradient descent (--batch-size)", ParamValidators.gt(0));
    epochs = new IntParam(uid, "epochs", "passes over the training rows (--epochs)", ParamValidators.gtEq(1));
    seed = new LongParam(uid, "seed", "seeds the initial parameters and every epoch's row order (--seed)");
    shuffle = new BooleanParam(uid, "shuffle", "reshuffle each partition's rows every epoch (false: --no-shuffle)");
    init = new Param<>(uid, "init", "initial weights and biases drawn from the seed: uniform in [-1, 1), normal or "
        + "zeros (--init)", ParamValidators.inArray(names(LinearModel.Init.values())));
    clipNorm = new DoubleParam(uid, "clipNorm", "largest L2 norm of a step's mean gradient; 0 does not clip "
        + "(--clip-norm)", ParamValidators.gtEq(0));
    trainLossEvery = new IntParam(uid, "trainLossEvery", "training loss over all rows after every this many epochs; "
        + "0 after the last only (--train-loss-every)", ParamValidators.gtEq(0));
    stepLossEvery = new IntParam(uid, "stepLossEvery", "training loss over all rows before every this many steps; "
        + "0 never (--step-loss-every)", ParamValidators.gtEq(0));
    syncEvery = new IntParam(uid, "syncEvery", "steps between synchronizations: 1 is synchronous SGD, H > 1 local "
        + "SGD (--sync-every)", ParamValidators.gtEq(1));
    aggregationDepth = new IntParam(uid, "aggregationDepth", "depth of the deterministic tree that adds partition "
        + "results; 1 adds them straight (--aggregation-depth)", ParamValidators.gtEq(1));
    partitions = new IntParam(uid, "partitions", "partitions of the cached training blocks; 0 for Spark's default "
        + "parallelism, at most one per row (--partitions)", ParamValidators.gtEq(0));
    precision = new Param<>(uid, "precision", "how the cached blocks store values: double or float (--precision)",
        ParamValidators.inArray(names(Precision.values())));
    exchange = new Param<>(uid, "exchange", "how rounds reach the partitions: job, stream, or auto (stream when it "
        + "can run) (--exchange)", ParamValidators.inArray(names(Exchanges.Mode.values())));
    exchangePort = new IntParam(uid, "exchangePort", "the stream exchange's port on a cluster; 0 for any free one "
        + "(--exchange-port)", ParamValidators.inRange(0, 65535));
    checkpointDir = new Param<>(uid, "checkpointDir", "folder (any Hadoop path) where a fit saves its checkpoints, "
        + "under _checkpoints/; a fit of the same estimator, params and data resumes from the newest and deletes "
        + "them once it ends; empty saves none (--output with --checkpoint-every)");
    checkpointEvery = new IntParam(uid, "checkpointEvery", "with checkpointDir, save every this many epochs (and at "
        + "the end); 0 only at the end (--checkpoint-every)", ParamValidators.gtEq(0));
    checkpointEverySteps = new LongParam(uid, "checkpointEverySteps", "with checkpointDir, also save every this many "
        + "steps; 0 never (--checkpoint-every-steps)", ParamValidators.gtEq(0));
    keepCheckpoints = new IntParam(uid, "keepCheckpoints", "how many of the newest checkpoints to keep "
        + "(--keep-checkpoints)", ParamValidators.gtEq(1));
  }

  /** Gives {@code owner}'s params their defaults. */
  void setDefaults(Params owner) {
    owner.setDefault(learningRate, DEFAULTS.learningRate());
    owner.setDefault(momentum, DEFAULTS.momentum());
    owner.setDefault(batchSize, DEFAULTS.batchSize());
    owner.setDefault(epochs, DEFAULTS.epochs());
    owner.setDefault(seed, DEFAULTS.seed());
    owner.setDefault(shuffle, DEFAULTS.shuffle());
    owner.setDefault(init, lower(LinearModel.Init.UNIFORM));
    owner.setDefault(clipNorm, DEFAULTS.clipNorm());
    owner.setDefault(trainLossEvery, DEFAULTS.trainLossEvery());
    owner.setDefault(stepLossEvery, DEFAULTS.stepLossEvery());
    owner.setDefault(syncEvery, DEFAULTS.syncEvery());
    owner.setDefault(aggregationDepth, DEFAULTS.aggregationDepth());
    owner.setDefault(partitions, 0);
    owner.setDefault(precision, Precision.DOUBLE.lowerName());
    owner.setDefault(exchange, Exchanges.Mode.AUTO.lowerName());
    owner.setDefault(exchangePort, 0);
    owner.setDefault(checkpointDir, "");
    owner.setDefault(checkpointEvery, 0);
    owner.setDefault(checkpointEverySteps, 0L);
    owner.setDefault(keepCheckpoints, 2);
  }

  /** Whether {@code name} is one of the params that say where and when checkpoints go (not what is trained). */
  static boolean checkpointing(String name) {
    return name.equals("checkpointDir") || name.startsWith("checkpointEvery") || name.equals("keepCheckpoints");
  }

  /** An enum constant's name as a param value. */
  static String lower(Enum<?> e) {
    return e.name().toLowerCase(Locale.ROOT);
  }

  private static List<String> names(Enum<?>[] values) {
    return Arrays.stream(values).map(TrainingParams::lower).toList();
  }
}
