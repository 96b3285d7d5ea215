package io.gradiente.core.train;

import java.util.Arrays;

/**
 * The losses of a run as the lesson records them: the mean loss of every step's batch before its update, the mean
 * loss over the whole training set before the step where it was measured ({@code NaN} elsewhere; the lesson's
 * {@code errors_minibatch}), and the mean loss over the whole training set after each epoch. Steps are numbered
 * from 0 across the whole run.
 */
public final class History {
  private int[] stepEpoch = new int[16];
  private double[] batchLoss = new double[16];
  private double[] stepTrainLoss = new double[16];
  private int steps;
  private double[] trainLoss = new double[4];
  private int epochs;

  /** An empty history. */
  public History() {}

  /**
   * A history holding recorded values (copied), as {@link #stepEpochs}, {@link #batchLosses},
   * {@link #stepTrainLosses} and {@link #trainLosses} return them; used to restore a checkpoint.
   */
  public static History of(int[] stepEpochs, double[] batchLosses, double[] stepTrainLosses, double[] trainLosses) {
    if (stepEpochs.length != batchLosses.length || stepTrainLosses.length != batchLosses.length) {
      throw new IllegalArgumentException("steps, their epochs and their training losses differ in length: "
          + batchLosses.length + ", " + stepEpochs.length + ", " + stepTrainLosses.length);
    }
    History h = new History();
    h.stepEpoch = Arrays.copyOf(stepEpochs, Math.max(16, stepEpochs.length));
    h.batchLoss = Arrays.copyOf(batchLosses, Math.max(16, batchLosses.length));
    h.stepTrainLoss = Arrays.copyOf(stepTrainLosses, Math.max(16, stepTrainLosses.length));
    h.steps = batchLosses.length;
    h.trainLoss = Arrays.copyOf(trainLosses, Math.max(4, trainLosses.length));
    h.epochs = trainLosses.length;
    return h;
  }

  /** An independent copy. */
  public History copy() {
    return of(stepEpochs(), batchLosses(), stepTrainLosses(), trainLosses());
  }

  /**
   * Records the batch loss of the next step, taken in epoch {@code epoch}, and the loss over the whole training set
   * before it ({@code NaN} when not measured).
   */
  public void addStep(int epoch, double loss, double trainLossBefore) {
    if (steps == batchLoss.length) {
      batchLoss = Arrays.copyOf(batchLoss, steps * 2);
      stepEpoch = Arrays.copyOf(stepEpoch, steps * 2);
      stepTrainLoss = Arrays.copyOf(stepTrainLoss, steps * 2);
    }
    stepEpoch[steps] = epoch;
    stepTrainLoss[steps] = trainLossBefore;
    batchLoss[steps++] = loss;
  }

  /** Records the training loss after the next epoch. */
  public void addEpoch(double loss) {
    if (epochs == trainLoss.length) {
      trainLoss = Arrays.copyOf(trainLoss, epochs * 2);
    }
    trainLoss[epochs++] = loss;
  }

  /** Steps recorded. */
  public int steps() {
    return steps;
  }

  /** Epochs recorded. */
  public int epochs() {
    return epochs;
  }

  /** The epoch of step {@code step}. */
  public int epochOf(int step) {
    return stepEpoch[step];
  }

  /** The epoch of every step (a copy). */
  public int[] stepEpochs() {
    return Arrays.copyOf(stepEpoch, steps);
  }

  /** Batch losses, one per step (a copy). */
  public double[] batchLosses() {
    return Arrays.copyOf(batchLoss, steps);
  }

  /** The loss over the whole training set before each step, {@code NaN} where not measured (a copy). */
  public double[] stepTrainLosses() {
    return Arrays.copyOf(stepTrainLoss, steps);
  }

  /** Training losses, one per epoch (a copy). */
  public double[] trainLosses() {
    return Arrays.copyOf(trainLoss, epochs);
  }
}
