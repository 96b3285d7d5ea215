package io.gradiente.core.loss;

/**
 * Squared error of linear regression, one output: {@code loss = sum_r (z_r - y_r)^2}, so the lesson's MSE is the
 * summed loss over the row count; {@code dloss/dz_r = 2 (z_r - y_r)}.
 */
public final class SquaredError implements Loss {
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
  public int outputs(int classes) {
    return 1;
  }

  @Override
  public double toMultipliers(double[] margins, double[] labels, int labelOffset, int rows, int outputs) {
    double sum = 0.0;
    for (int r = 0; r < rows; r++) {
      double e = margins[r] - labels[labelOffset + r];
      sum += e * e;
      margins[r] = 2.0 * e;
    }
    return sum;
  }

  @Override
  public double lossSum(double[] margins, double[] labels, int labelOffset, int rows, int outputs) {
    double sum = 0.0;
    for (int r = 0; r < rows; r++) {
      double e = margins[r] - labels[labelOffset + r];
      sum += e * e;
    }
    return sum;
  }

  @Override
  public double predict(double[] margins, int offset, int outputs) {
    return margins[offset];
  }
}
