package io.gradiente.ml;

import io.gradiente.core.data.Precision;
import io.gradiente.core.model.LinearModel;
import io.gradiente.core.stream.Exchanges;
import io.gradiente.core.train.Gradient;
import io.gradiente.core.train.TrainConfig;
import java.util.Locale;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;

/**
 * The training params that {@link SgdClassifier} and {@link SgdRegressor} share, with Spark ML's accessors: the
 * {@code Param} itself (what {@code ParamGridBuilder} takes), {@code getX} and {@code setX}. Each estimator holds its
 * own {@link TrainingParams}; these methods read and set them. {@link #trainConfig()} is the {@link TrainConfig} they
 * describe, the one {@code Training} runs.
 *
 * @param <T> the estimator, which the setters return
 */
public interface SgdParams<T extends SgdParams<T>> extends Params {
  /** This estimator's training params. */
  TrainingParams trainingParams();

  /** The step size {@code lr > 0} ({@code --lr}). */
  default DoubleParam learningRate() {
    return trainingParams().learningRate;
  }

  /** The momentum {@code mu} in {@code [0, 1)} ({@code --momentum}). */
  default DoubleParam momentum() {
    return trainingParams().momentum;
  }

  /** Rows per step across all partitions; {@link TrainConfig#FULL_BATCH} for full batches ({@code --batch-size}). */
  default LongParam batchSize() {
    return trainingParams().batchSize;
  }

  /** Passes over the training rows ({@code --epochs}). */
  default IntParam epochs() {
    return trainingParams().epochs;
  }

  /** Seeds the initial parameters and every epoch's row order ({@code --seed}). */
  default LongParam seed() {
    return trainingParams().seed;
  }

  /** Reshuffle each partition's rows every epoch ({@code --no-shuffle} is false). */
  default BooleanParam shuffle() {
    return trainingParams().shuffle;
  }

  /** Initial parameters: {@code uniform}, {@code normal} or {@code zeros} ({@code --init}). */
  default Param<String> init() {
    return trainingParams().init;
  }

  /** The largest L2 norm of a step's mean gradient, 0 for none ({@code --clip-norm}). */
  default DoubleParam clipNorm() {
    return trainingParams().clipNorm;
  }

  /** Training loss over all rows after every this many epochs, 0 after the last ({@code --train-loss-every}). */
  default IntParam trainLossEvery() {
    return trainingParams().trainLossEvery;
  }

  /** Training loss over all rows before every this many steps, 0 never ({@code --step-loss-every}). */
  default IntParam stepLossEvery() {
    return trainingParams().stepLossEvery;
  }

  /** Steps between synchronizations: 1 synchronous SGD, H > 1 local SGD ({@code --sync-every}). */
  default IntParam syncEvery() {
    return trainingParams().syncEvery;
  }

  /** Depth of the deterministic tree adding partition results ({@code --aggregation-depth}). */
  default IntParam aggregationDepth() {
    return trainingParams().aggregationDepth;
  }

  /** Partitions of the cached training blocks, 0 for Spark's default parallelism ({@code --partitions}). */
  default IntParam partitions() {
    return trainingParams().partitions;
  }

  /** How cached blocks store values: {@code double} or {@code float} ({@code --precision}). */
  default Param<String> precision() {
    return trainingParams().precision;
  }

  /** How rounds reach the partitions: {@code job}, {@code stream} or {@code auto} ({@code --exchange}). */
  default Param<String> exchange() {
    return trainingParams().exchange;
  }

  /** The stream exchange's port on a cluster, 0 for any ({@code --exchange-port}). */
  default IntParam exchangePort() {
    return trainingParams().exchangePort;
  }

  /** Where a fit saves checkpoints and resumes from them; empty for none ({@code --checkpoint-every}). */
  default Param<String> checkpointDir() {
    return trainingParams().checkpointDir;
  }

  /** With {@link #checkpointDir()}: save every this many epochs and at the end ({@code --checkpoint-every}). */
  default IntParam checkpointEvery() {
    return trainingParams().checkpointEvery;
  }

  /** With {@link #checkpointDir()}: also save every this many steps ({@code --checkpoint-every-steps}). */
  default LongParam checkpointEverySteps() {
    return trainingParams().checkpointEverySteps;
  }

  /** How many of the newest checkpoints to keep ({@code --keep-checkpoints}). */
  default IntParam keepCheckpoints() {
    return trainingParams().keepCheckpoints;
  }

  /** See {@link #learningRate()}. */
  default double getLearningRate() {
    return (Double) getOrDefault(learningRate());
  }

  /** See {@link #momentum()}. */
  default double getMomentum() {
    return (Double) getOrDefault(momentum());
  }

  /** See {@link #batchSize()}. */
  default long getBatchSize() {
    return (Long) getOrDefault(batchSize());
  }

  /** See {@link #epochs()}. */
  default int getEpochs() {
    return (Integer) getOrDefault(epochs());
  }

  /** See {@link #seed()}. */
  default long getSeed() {
    return (Long) getOrDefault(seed());
  }

  /** See {@link #shuffle()}. */
  default boolean getShuffle() {
    return (Boolean) getOrDefault(shuffle());
  }

  /** See {@link #init()}. */
  default String getInit() {
    return getOrDefault(init());
  }

  /** See {@link #clipNorm()}. */
  default double getClipNorm() {
    return (Double) getOrDefault(clipNorm());
  }

  /** See {@link #trainLossEvery()}. */
  default int getTrainLossEvery() {
    return (Integer) getOrDefault(trainLossEvery());
  }

  /** See {@link #stepLossEvery()}. */
  default int getStepLossEvery() {
    return (Integer) getOrDefault(stepLossEvery());
  }

  /** See {@link #syncEvery()}. */
  default int getSyncEvery() {
    return (Integer) getOrDefault(syncEvery());
  }

  /** See {@link #aggregationDepth()}. */
  default int getAggregationDepth() {
    return (Integer) getOrDefault(aggregationDepth());
  }

  /** See {@link #partitions()}. */
  default int getPartitions() {
    return (Integer) getOrDefault(partitions());
  }

  /** See {@link #precision()}. */
  default String getPrecision() {
    return getOrDefault(precision());
  }

  /** See {@link #exchange()}. */
  default String getExchange() {
    return getOrDefault(exchange());
  }

  /** See {@link #exchangePort()}. */
  default int getExchangePort() {
    return (Integer) getOrDefault(exchangePort());
  }

  /** See {@link #checkpointDir()}. */
  default String getCheckpointDir() {
    return getOrDefault(checkpointDir());
  }

  /** See {@link #checkpointEvery()}. */
  default int getCheckpointEvery() {
    return (Integer) getOrDefault(checkpointEvery());
  }

  /** See {@link #checkpointEverySteps()}. */
  default long getCheckpointEverySteps() {
    return (Long) getOrDefault(checkpointEverySteps());
  }

  /** See {@link #keepCheckpoints()}. */
  default int getKeepCheckpoints() {
    return (Integer) getOrDefault(keepCheckpoints());
  }

  /** See {@link #learningRate()}. */
  default T setLearningRate(double value) {
    return self(set(learningRate(), value));
  }

  /** See {@link #momentum()}. */
  default T setMomentum(double value) {
    return self(set(momentum(), value));
  }

  /** See {@link #batchSize()}. */
  default T setBatchSize(long value) {
    return self(set(batchSize(), value));
  }

  /** See {@link #epochs()}. */
  default T setEpochs(int value) {
    return self(set(epochs(), value));
  }

  /** See {@link #seed()}. */
  default T setSeed(long value) {
    return self(set(seed(), value));
  }

  /** See {@link #shuffle()}. */
  default T setShuffle(boolean value) {
    return self(set(shuffle(), value));
  }

  /** See {@link #init()}. */
  default T setInit(String value) {
    return self(set(init(), value.toLowerCase(Locale.ROOT)));
  }

  /** See {@link #clipNorm()}. */
  default T setClipNorm(double value) {
    return self(set(clipNorm(), value));
  }

  /** See {@link #trainLossEvery()}. */
  default T setTrainLossEvery(int value) {
    return self(set(trainLossEvery(), value));
  }

  /** See {@link #stepLossEvery()}. */
  default T setStepLossEvery(int value) {
    return self(set(stepLossEvery(), value));
  }

  /** See {@link #syncEvery()}. */
  default T setSyncEvery(int value) {
    return self(set(syncEvery(), value));
  }

  /** See {@link #aggregationDepth()}. */
  default T setAggregationDepth(int value) {
    return self(set(aggregationDepth(), value));
  }

  /** See {@link #partitions()}. */
  default T setPartitions(int value) {
    return self(set(partitions(), value));
  }

  /** See {@link #precision()}. */
  default T setPrecision(String value) {
    return self(set(precision(), value.toLowerCase(Locale.ROOT)));
  }

  /** See {@link #exchange()}. */
  default T setExchange(String value) {
    return self(set(exchange(), value.toLowerCase(Locale.ROOT)));
  }

  /** See {@link #exchangePort()}. */
  default T setExchangePort(int value) {
    return self(set(exchangePort(), value));
  }

  /** See {@link #checkpointDir()}. */
  default T setCheckpointDir(String value) {
    return self(set(checkpointDir(), value));
  }

  /** See {@link #checkpointEvery()}. */
  default T setCheckpointEvery(int value) {
    return self(set(checkpointEvery(), value));
  }

  /** See {@link #checkpointEverySteps()}. */
  default T setCheckpointEverySteps(long value) {
    return self(set(checkpointEverySteps(), value));
  }

  /** See {@link #keepCheckpoints()}. */
  default T setKeepCheckpoints(int value) {
    return self(set(keepCheckpoints(), value));
  }

  /** The training configuration these params describe (validated by {@link TrainConfig}). */
  default TrainConfig trainConfig() {
    return new TrainConfig(getBatchSize(), getLearningRate(), getMomentum(), getEpochs(), getSeed(), getShuffle(),
        getClipNorm(), getTrainLossEvery(), getAggregationDepth(), getSyncEvery(), getStepLossEvery(),
        Gradient.ANALYTIC);
  }

  /** How the initial parameters are drawn. */
  default LinearModel.Init initValue() {
    return LinearModel.Init.valueOf(getInit().toUpperCase(Locale.ROOT));
  }

  /** How the cached blocks store values. */
  default Precision precisionValue() {
    return Precision.parse(getPrecision());
  }

  /** How rounds reach the partitions. */
  default Exchanges.Mode exchangeValue() {
    return Exchanges.Mode.valueOf(getExchange().toUpperCase(Locale.ROOT));
  }

  @SuppressWarnings("unchecked")
  private T self(Params p) {
    return (T) p;
  }
}
