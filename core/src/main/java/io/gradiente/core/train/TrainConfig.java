package io.gradiente.core.train;

import io.gradiente.core.data.BadInputException;
import java.util.Objects;

/**
 * How to train, with every default in one place ({@link #defaults()}: the lesson's softmax run; the command line
 * shows and uses these values). {@link Training} builds the batch plan, the round kernel and the optimizer from
 * one configuration, so they cannot disagree.
 *
 * @param batchSize rows per step; {@link #FULL_BATCH} for full-batch gradient descent
 * @param learningRate the step size {@code lr > 0}
 * @param momentum {@code mu} in {@code [0, 1)}; 0 is plain GD/SGD
 * @param epochs passes over the training data, at least 1
 * @param seed seeds the initial parameters and every epoch's row order
 * @param shuffle reshuffle each partition's rows every epoch (false takes them in order)
 * @param clipNorm the largest L2 norm of a step's mean gradient ({@link io.gradiente.core.optim.NormClip}); 0
 *     (the default) does not clip
 * @param trainLossEvery compute the loss over the whole training set after every this many epochs (1, the
 *     default: after each, as the lesson does); 0 only after the last. It costs a forward pass over the data, about
 *     a third of an epoch's kernel time, and changes no weight.
 * @param aggregationDepth how partition results reach the driver ({@link PartitionResults#reduce}): 1 (the
 *     default) straight, more for tree aggregation over many partitions
 * @param syncEvery steps per round: 1 (the default) is the exact synchronous SGD; H > 1 is local SGD with outer
 *     momentum ({@link SgdKernel}), for the analytic gradient only
 * @param stepLossEvery measure the loss over the whole training set before every this many steps (the lesson's
 *     {@code errors_minibatch}, 1: before each step); 0 (the default) never. With {@code syncEvery > 1} only
 *     rounds' first steps are measured. It costs a forward pass over the data per measured step.
 * @param gradient the slope descended: {@link Gradient#ANALYTIC} (the default) or the lesson's finite differences
 */
public record TrainConfig(long batchSize, double learningRate, double momentum, int epochs, long seed,
    boolean shuffle, double clipNorm, int trainLossEvery, int aggregationDepth, int syncEvery, int stepLossEvery,
    Gradient gradient) {
  /** The batch size that means "all rows in one step". */
  public static final long FULL_BATCH = Long.MAX_VALUE;
  /** The lesson's softmax batch size. */
  public static final long DEFAULT_BATCH_SIZE = 500;
  /** The lesson's learning rate for softmax. */
  public static final double DEFAULT_LEARNING_RATE = 0.01;
  /** The lesson's momentum. */
  public static final double DEFAULT_MOMENTUM = 0.9;
  /** The lesson's epoch count. */
  public static final int DEFAULT_EPOCHS = 100;
  /** The default seed (the lesson's). */
  public static final long DEFAULT_SEED = 42;

  /** Validates every value; a bad one is a {@link BadInputException} naming the option. */
  public TrainConfig {
    if (batchSize <= 0) {
      throw new BadInputException("--batch-size must be a positive number of rows or 'full', got " + batchSize);
    }
    if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
      throw new BadInputException("--lr must be a positive number, got " + learningRate);
    }
    if (!(momentum >= 0 && momentum < 1)) {
      throw new BadInputException("--momentum must be in [0, 1), got " + momentum);
    }
    if (epochs <= 0) {
      throw new BadInputException("--epochs must be at least 1, got " + epochs);
    }
    if (!(clipNorm >= 0) || Double.isInfinite(clipNorm)) {
      throw new BadInputException("--clip-norm must be a positive number (or 0 for no clipping), got " + clipNorm);
    }
    if (aggregationDepth < 1) {
      throw new BadInputException("--aggregation-depth must be at least 1, got " + aggregationDepth);
    }
    if (syncEvery < 1) {
      throw new BadInputException("--sync-every must be at least 1, got " + syncEvery);
    }
    Objects.requireNonNull(gradient, "gradient");
    if (syncEvery > 1 && !gradient.analytic()) {
      throw new BadInputException("--sync-every applies to the analytic gradient only");
    }
    if (stepLossEvery < 0) {
      throw new BadInputException("--step-loss-every must be 0 (never) or a positive number of steps, got "
          + stepLossEvery);
    }
    if (trainLossEvery < 0) {
      throw new BadInputException("--train-loss-every must be 0 (after the last epoch only) or a positive number "
          + "of epochs, got " + trainLossEvery);
    }
  }

  /**
   * A synchronous configuration (one step per round) of the analytic gradient, without clipping, with the
   * training loss after every epoch, partition results going straight to the driver and no per-step losses.
   */
  public TrainConfig(long batchSize, double learningRate, double momentum, int epochs, long seed, boolean shuffle) {
    this(batchSize, learningRate, momentum, epochs, seed, shuffle, 0.0, 1, 1, 1, 0, Gradient.ANALYTIC);
  }

  /** The lesson's softmax configuration: batch 500, lr 0.01, momentum 0.9, 100 epochs, seed 42, shuffled. */
  public static TrainConfig defaults() {
    return new TrainConfig(DEFAULT_BATCH_SIZE, DEFAULT_LEARNING_RATE, DEFAULT_MOMENTUM, DEFAULT_EPOCHS,
        DEFAULT_SEED, true);
  }

  /** The same configuration over {@code n} epochs. */
  public TrainConfig withEpochs(int n) {
    return new TrainConfig(batchSize, learningRate, momentum, n, seed, shuffle, clipNorm, trainLossEvery,
        aggregationDepth, syncEvery, stepLossEvery, gradient);
  }

  /** The same configuration seeded with {@code s}. */
  public TrainConfig withSeed(long s) {
    return new TrainConfig(batchSize, learningRate, momentum, epochs, s, shuffle, clipNorm, trainLossEvery,
        aggregationDepth, syncEvery, stepLossEvery, gradient);
  }

  /** The same configuration clipping every mean gradient at L2 norm {@code x} (0: no clipping). */
  public TrainConfig withClipNorm(double x) {
    return new TrainConfig(batchSize, learningRate, momentum, epochs, seed, shuffle, x, trainLossEvery,
        aggregationDepth, syncEvery, stepLossEvery, gradient);
  }

  /** The same configuration computing the training loss after every {@code n} epochs (0: after the last only). */
  public TrainConfig withTrainLossEvery(int n) {
    return new TrainConfig(batchSize, learningRate, momentum, epochs, seed, shuffle, clipNorm, n, aggregationDepth,
        syncEvery, stepLossEvery, gradient);
  }

  /** The same configuration adding partition results through a tree of depth {@code d} (1: straight). */
  public TrainConfig withAggregationDepth(int d) {
    return new TrainConfig(batchSize, learningRate, momentum, epochs, seed, shuffle, clipNorm, trainLossEvery, d,
        syncEvery, stepLossEvery, gradient);
  }

  /** The same configuration with {@code H} steps per round. */
  public TrainConfig withSyncEvery(int h) {
    return new TrainConfig(batchSize, learningRate, momentum, epochs, seed, shuffle, clipNorm, trainLossEvery,
        aggregationDepth, h, stepLossEvery, gradient);
  }

  /** The same configuration measuring the whole training set's loss before every {@code n} steps (0: never). */
  public TrainConfig withStepLossEvery(int n) {
    return new TrainConfig(batchSize, learningRate, momentum, epochs, seed, shuffle, clipNorm, trainLossEvery,
        aggregationDepth, syncEvery, n, gradient);
  }

  /** The same configuration descending another slope. */
  public TrainConfig withGradient(Gradient g) {
    return new TrainConfig(batchSize, learningRate, momentum, epochs, seed, shuffle, clipNorm, trainLossEvery,
        aggregationDepth, syncEvery, stepLossEvery, g);
  }

  /** Whether the round starting at global step {@code step} (counted from 0 over the run) measures the loss first. */
  public boolean stepLossDue(long step) {
    return stepLossEvery > 0 && step % stepLossEvery == 0;
  }

  /** Whether the loss over the whole training set is computed after epoch {@code epoch} (0-based). */
  public boolean trainLossAfter(int epoch) {
    return epoch == epochs - 1 || trainLossEvery > 0 && (epoch + 1) % trainLossEvery == 0;
  }

  /** True for full-batch gradient descent. */
  public boolean fullBatch() {
    return batchSize == FULL_BATCH;
  }

  /** The batch size as written on the command line ({@code full} or a number). */
  public String batchSizeText() {
    return fullBatch() ? "full" : Long.toString(batchSize);
  }
}
