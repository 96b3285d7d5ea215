package io.gradiente.core.train;

/**
 * The gradient of one step, computed over the step's rows in every partition and summed on the driver in partition
 * order (one Spark job). {@link DistributedGradient} differentiates the loss analytically;
 * {@link FiniteDifferenceGradient} estimates the slope from loss values, as the lesson does first.
 */
public interface StepGradient {
  /** The summed gradient, loss and rows of step {@code step} of epoch {@code epoch} at {@code params}. */
  GradientSum compute(int epoch, int step, double[] params);

  /** Steps per epoch. */
  int stepsPerEpoch();
}
