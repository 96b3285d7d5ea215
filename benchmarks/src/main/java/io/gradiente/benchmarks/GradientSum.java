package io.gradiente.benchmarks;

import java.io.Serializable;

/**
 * The step variants' and the single-JVM loop's partial result: the gradient of the summed loss, the summed loss and
 * the number of rows (the product's rounds carry {@link io.gradiente.core.train.RoundResult}).
 */
public final class GradientSum implements Serializable {
  private static final long serialVersionUID = 1L;

  private final double[] gradient;
  private double loss;
  private long rows;

  /** A zero sum for {@code size} parameters. */
  public GradientSum(int size) {
    this.gradient = new double[size];
  }

  /** A sum holding the given values (the array is taken over). */
  public GradientSum(double[] gradient, double loss, long rows) {
    this.gradient = gradient;
    this.loss = loss;
    this.rows = rows;
  }

  /** Adds another sum into this one (gradient, loss and rows); returns this. */
  public GradientSum add(GradientSum other) {
    double[] g = other.gradient;
    if (g.length != gradient.length) {
      throw new IllegalArgumentException("gradient sizes differ: " + gradient.length + " vs " + g.length);
    }
    for (int i = 0; i < g.length; i++) {
      gradient[i] += g[i];
    }
    loss += other.loss;
    rows += other.rows;
    return this;
  }

  /** Adds a loss summed over {@code count} rows whose gradient was added into {@link #gradient()} directly. */
  public GradientSum addLoss(double lossSum, long count) {
    loss += lossSum;
    rows += count;
    return this;
  }

  /** The summed gradient (shared, not copied). */
  public double[] gradient() {
    return gradient;
  }

  /** The summed loss. */
  public double loss() {
    return loss;
  }

  /** The number of rows summed. */
  public long rows() {
    return rows;
  }

  /** The mean loss over the rows ({@code NaN} for no rows). */
  public double meanLoss() {
    return rows == 0 ? Double.NaN : loss / rows;
  }

  /** The gradient of the mean loss, written into {@code out}. */
  public void meanGradient(double[] out) {
    double inv = 1.0 / rows;
    for (int i = 0; i < gradient.length; i++) {
      out[i] = gradient[i] * inv;
    }
  }
}
