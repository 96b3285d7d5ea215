package io.gradiente.core.train;

import io.gradiente.core.data.Blocks;
import io.gradiente.core.data.InstanceBlock;
import io.gradiente.core.eval.Evaluator;
import io.gradiente.core.loss.Loss;
import io.gradiente.core.optim.BatchPlan;
import io.gradiente.core.optim.NormClip;
import io.gradiente.core.optim.Optimizer;
import java.io.Serializable;
import java.util.Arrays;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.apache.spark.api.java.JavaRDD;

/**
 * Local SGD with outer momentum (SlowMo, Wang et al., ICLR 2020; the outer loop of DiLoCo, Douillard et al. 2023):
 * one Spark job per {@code H} steps instead of one per step. From the synchronized parameters {@code w}, every
 * partition takes the window's H steps on its own share of each batch (the {@link BatchPlan}'s rows, as in the
 * synchronous run) with plain SGD, {@code w_p <- w_p - lr * g_p}, where {@code g_p} is the mean gradient of its
 * share. The driver averages the partitions' changes weighted by their rows, divides by {@code lr} to get a
 * gradient-like step {@code u = sum_p n_p (w - w_p) / (lr * sum_p n_p)}, and gives {@code u} to the outer optimizer
 * (the lesson's momentum, {@code v = mu v - lr u; w = w + v}).
 *
 * <p>Each partition returns {@code n_p (w - w_p) / lr} as {@code sum_h gradSum_ph * (n_p / n_ph)}: with
 * {@code H = 1} the factor is exactly 1, the sum is the step's gradient sum, and the run is bit for bit the
 * synchronous momentum SGD of {@link Trainer} with {@link DistributedGradient}. With larger H the partitions drift
 * apart between synchronizations (fewer, larger averaged steps); batch losses are those of the partitions' local
 * parameters. The loss over the whole training set after an epoch rides along with the first job of the next
 * epoch (it is the loss at that job's starting parameters), so evaluation costs no job of its own but the last.
 * Windows never cross an epoch's end.
 */
public final class LocalSgd {
  private final TrainConfig config;
  private final int syncEvery;
  private final ProgressListener progress;

  /** Local SGD synchronizing every {@code syncEvery >= 1} steps. */
  public LocalSgd(TrainConfig config, int syncEvery, ProgressListener progress) {
    if (syncEvery < 1) {
      throw new IllegalArgumentException("--sync-every must be at least 1, got " + syncEvery);
    }
    this.config = config;
    this.syncEvery = syncEvery;
    this.progress = progress;
  }

  /**
   * Trains from {@code initial} (not modified).
   *
   * @param outer the optimizer of the synchronized parameters (its learning rate should be {@code config}'s)
   * @param trainLoss the mean loss over the whole training set, used only after the last epoch
   * @throws TrainingDivergedException when a loss or step stops being finite
   */
  public TrainResult train(Blocks blocks, Loss loss, BatchPlan plan, Optimizer outer,
      ToDoubleFunction<double[]> trainLoss, double[] initial) {
    return train(blocks, loss, plan, outer, trainLoss, TrainState.start(initial, config.seed(), Map.of(), ""),
        CheckpointPolicy.NEVER);
  }

  /**
   * Trains from a state (the start of a run or a checkpoint of a local SGD run with the same H), saving states as
   * {@code checkpoints} asks. States stand at synchronizations only: a step that is due inside a window is saved
   * at the window's end. A state at the end of an epoch is saved once that epoch's training loss is known (from
   * the next job), so it means what the {@link Trainer}'s does: step 0, the previous epoch's loss recorded.
   *
   * @throws TrainingDivergedException when a loss or step stops being finite (nothing is saved after it)
   */
  public TrainResult train(Blocks blocks, Loss loss, BatchPlan plan, Optimizer outer,
      ToDoubleFunction<double[]> trainLoss, TrainState from, CheckpointPolicy checkpoints) {
    double[] params = from.params();
    if (from.optimizerState() != null) {
      outer.restore(from.optimizerState());
    }
    if (from.step() % syncEvery != 0) {
      throw new IllegalArgumentException("a state at step " + from.step() + " does not stand at a synchronization "
          + "of --sync-every " + syncEvery);
    }
    double[] mean = new double[params.length];
    History history = from.history();
    int steps = plan.stepsPerEpoch();
    JavaRDD<InstanceBlock> rdd = blocks.rdd();
    boolean owed = false;
    long start = System.nanoTime();
    for (int epoch = from.epoch(); epoch < config.epochs(); epoch++) {
      for (int step = epoch == from.epoch() ? from.step() : 0; step < steps; step += syncEvery) {
        int window = Math.min(syncEvery, steps - step);
        boolean epochEnded = step == 0 && history.epochs() < epoch;
        boolean withEpochLoss = epochEnded && config.trainLossAfter(epoch - 1);
        Window sum = run(rdd, loss, plan, epoch, step, window, withEpochLoss, params);
        if (epochEnded) {
          double l = Double.NaN;
          if (withEpochLoss) {
            l = sum.epochLoss / sum.epochRows;
            TrainingDivergedException.checkEpoch(epoch - 1, steps - 1, config.learningRate(), l, mean);
          }
          history.addEpoch(l);
          progress.onEpoch(epoch - 1, config.epochs(), l);
          Trainer.saveIfDue(checkpoints, from, params, outer, epoch, 0, history, owed);
          owed = false;
        }
        long rows = 0;
        for (long r : sum.stepRows) {
          rows += r;
        }
        new GradientSum(sum.pseudoGradient, 0.0, rows).meanGradient(mean);
        for (int h = 0; h < window; h++) {
          double batchLoss = sum.stepLoss[h] / sum.stepRows[h];
          TrainingDivergedException.check(epoch, step + h, config.learningRate(), batchLoss, mean);
          history.addStep(epoch, batchLoss);
        }
        NormClip.clip(mean, config.clipNorm());
        outer.step(params, mean);
        for (int h = 0; h < window; h++) {
          progress.onStep(epoch, config.epochs(), step + h, steps, sum.stepLoss[h] / sum.stepRows[h]);
        }
        int next = step + window;
        boolean dueInside = dueInside(checkpoints, epoch, next, history.steps(), window);
        if (next < steps) {
          Trainer.saveIfDue(checkpoints, from, params, outer, epoch, next, history, dueInside);
        } else {
          owed = dueInside; // saved with the epoch's end, once the next job has brought its loss
        }
      }
    }
    if (history.epochs() < config.epochs()) {
      double last = trainLoss.applyAsDouble(params);
      TrainingDivergedException.checkEpoch(config.epochs() - 1, steps - 1, config.learningRate(), last, mean);
      history.addEpoch(last);
      progress.onEpoch(config.epochs() - 1, config.epochs(), last);
      Trainer.saveIfDue(checkpoints, from, params, outer, config.epochs(), 0, history, owed);
    }
    return new TrainResult(params, history, (System.nanoTime() - start) / 1e9);
  }

  /**
   * Whether a position inside the window that ends before step {@code end} of {@code epoch}, {@code stepsDone}
   * steps into the run, was due; no state exists there, so it is saved at the window's end.
   */
  private static boolean dueInside(CheckpointPolicy checkpoints, int epoch, int end, long stepsDone, int window) {
    for (int h = 1; h < window; h++) {
      if (checkpoints.due(epoch, end - h, stepsDone - h)) {
        return true;
      }
    }
    return false;
  }

  /** One synchronization: every partition's window, summed on the driver in partition order. */
  private Window run(JavaRDD<InstanceBlock> rdd, Loss loss, BatchPlan plan, int epoch, int first, int window,
      boolean withEpochLoss, double[] params) {
    double[] p = params.clone();
    double lr = config.learningRate();
    int n = params.length;
    return PartitionResults.reduce(rdd, Window.class, (partition, it) -> {
      Window out = new Window(n, window);
      while (it.hasNext()) {
        InstanceBlock block = it.next();
        if (withEpochLoss) {
          out.epochLoss += Evaluator.lossSum(block, loss, p);
          out.epochRows += block.rows();
        }
        localSteps(block, loss, plan, epoch, partition, first, lr, p, out);
      }
      return out;
    }, Window::add, config.aggregationDepth());
  }

  /** The partition's H plain SGD steps from {@code start}; adds {@code n_p (start - w_p) / lr} to the output. */
  private static void localSteps(InstanceBlock block, Loss loss, BatchPlan plan, int epoch, int partition,
      int first, double lr, double[] start, Window out) {
    int window = out.stepLoss.length;
    int[] order = EpochOrders.get(plan, epoch, partition, block.rows());
    int[] from = new int[window];
    int[] to = new int[window];
    long rows = 0;
    for (int h = 0; h < window; h++) {
      from[h] = plan.from(first + h, block.rows());
      to[h] = plan.to(first + h, block.rows());
      rows += to[h] - from[h];
    }
    double[] local = window == 1 ? start : start.clone();
    double[] g = window == 1 ? out.pseudoGradient : new double[start.length];
    for (int h = 0; h < window; h++) {
      int count = to[h] - from[h];
      if (count == 0) {
        continue;
      }
      if (window > 1) {
        Arrays.fill(g, 0.0);
      }
      out.stepLoss[h] += loss.addGradient(block, order, from[h], to[h], local, g);
      out.stepRows[h] += count;
      if (window > 1) {
        double weight = (double) rows / count;
        double rate = lr / count;
        for (int i = 0; i < g.length; i++) {
          out.pseudoGradient[i] += g[i] * weight;
          local[i] -= rate * g[i];
        }
      }
    }
  }

  /** A partition's (or the total's) result of one synchronization. */
  private static final class Window implements Serializable {
    private static final long serialVersionUID = 1L;
    final double[] pseudoGradient;
    final double[] stepLoss;
    final long[] stepRows;
    double epochLoss;
    long epochRows;

    Window(int size, int window) {
      pseudoGradient = new double[size];
      stepLoss = new double[window];
      stepRows = new long[window];
    }

    Window add(Window other) {
      for (int i = 0; i < pseudoGradient.length; i++) {
        pseudoGradient[i] += other.pseudoGradient[i];
      }
      for (int h = 0; h < stepLoss.length; h++) {
        stepLoss[h] += other.stepLoss[h];
        stepRows[h] += other.stepRows[h];
      }
      epochLoss += other.epochLoss;
      epochRows += other.epochRows;
      return this;
    }
  }
}
