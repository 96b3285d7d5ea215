package io.gradiente.core.train;

import io.gradiente.core.loss.Loss;
import io.gradiente.core.optim.BatchPlan;
import java.util.Arrays;
import java.util.Objects;

/**
 * Which slope a run descends: the analytic gradient of every parameter ({@link SgdKernel}), or the lesson's
 * forward-difference slope over chosen parameters ({@link FiniteDifferenceKernel}; the others stay where they
 * start). Part of a {@link TrainConfig}.
 */
public final class Gradient {
  /** The analytic gradient of every parameter. */
  public static final Gradient ANALYTIC = new Gradient(null, 0);

  private final int[] parameters;
  private final double delta;

  private Gradient(int[] parameters, double delta) {
    this.parameters = parameters;
    this.delta = delta;
  }

  /**
   * The forward-difference slope {@code (L(p + delta e_i) - L(p)) / delta} of the parameters {@code i} in
   * {@code parameters}.
   *
   * @param delta the forward step, positive (the lesson's is
   *     {@link io.gradiente.core.LessonConstants#FINITE_DIFFERENCE_DELTA})
   */
  public static Gradient forwardDifference(double delta, int... parameters) {
    if (!(delta > 0)) {
      throw new IllegalArgumentException("delta must be positive, got " + delta);
    }
    return new Gradient(parameters.clone(), delta);
  }

  /** Whether this is the analytic gradient. */
  public boolean analytic() {
    return parameters == null;
  }

  /** The parameters moved by finite differences (a copy); empty for the analytic gradient. */
  public int[] parameters() {
    return parameters == null ? new int[0] : parameters.clone();
  }

  /** The forward step; 0 for the analytic gradient. */
  public double delta() {
    return delta;
  }

  /** The kernel computing this slope for {@code size} parameters over the plan's rows. */
  RoundKernel kernel(Loss loss, BatchPlan plan, double learningRate, int size) {
    return analytic() ? new SgdKernel(loss, plan, learningRate, size)
        : new FiniteDifferenceKernel(loss, plan, size, parameters, delta);
  }

  /** {@code analytic}, or {@code finite difference [i, ...]} (what a resumed run compares). */
  public String identity() {
    return analytic() ? "analytic" : "finite difference " + Arrays.toString(parameters);
  }

  /** {@code analytic}, or {@code finite difference (delta D) of parameters [i, ...]} (the run table's record). */
  public String description() {
    return analytic() ? "analytic"
        : "finite difference (delta " + delta + ") of parameters " + Arrays.toString(parameters);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Gradient g && Arrays.equals(parameters, g.parameters) && delta == g.delta;
  }

  @Override
  public int hashCode() {
    return Objects.hash(Arrays.hashCode(parameters), delta);
  }

  @Override
  public String toString() {
    return description();
  }
}
