package io.gradiente.core.loss;

/**
 * Squared error of linear regression, one output: {@code loss = sum_r (z_r - y_r)^2}, so the lesson's MSE is the
 * summed loss over the row count; {@code dloss/dz_r = 2 (z_r - y_r)}.
 */
public final class SquaredError implements ScalarLoss {
  private static final long serialVersionUID = 1L;
  /** The one instance. */
  public static final SquaredError INSTANCE = new SquaredError();

  private SquaredError() {}

  private Object readResolve() {
    return INSTANCE;
  }

  @Override
  public String name() {
    return "linear";
  }

  @Override
  public double rowLoss(double z, double y) {
    double e = z - y;
    return e * e;
  }

  @Override
  public double rowMultiplier(double z, double y) {
    return 2.0 * (z - y);
  }

  @Override
  public double predict(double[] margins, int offset, int outputs) {
    return margins[offset];
  }
}
