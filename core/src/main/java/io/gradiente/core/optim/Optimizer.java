package io.gradiente.core.optim;

/**
 * Updates parameters from the mean gradient of one step, on the driver. Lifecycle: construct, {@link #step} once per
 * step; {@link #state} and {@link #restore} carry everything a checkpoint needs.
 */
public interface Optimizer {
  /** Applies one update in place; {@code meanGradient} is the gradient of the mean loss over the step's rows. */
  void step(double[] params, double[] meanGradient);

  /** A copy of the optimizer's state (for example the velocity), empty when it has none. */
  double[] state();

  /** Replaces the state with a copy of one taken by {@link #state}. */
  void restore(double[] state);
}
