package io.gradiente.core.loss;

/**
 * Binary cross-entropy of logistic regression, one output, labels 0 or 1:
 * {@code loss = sum_r -[y log p + (1 - y) log(1 - p)]} with {@code p = sigmoid(z)}, computed stably as
 * {@code softplus(z) - y z} (finite for any z); {@code dloss/dz = p - y}. Predicts 1 when {@code p > 0.5}.
 */
public final class BinaryCrossEntropy implements Loss {
  private static final long serialVersionUID = 1L;
  /** The one instance. */
  public static final BinaryCrossEntropy INSTANCE = new BinaryCrossEntropy();

  private BinaryCrossEntropy() {}

  private Object readResolve() {
    return INSTANCE;
  }

  @Override
  public String name() {
    return "logistic";
  }

  @Override
  public int outputs(int classes) {
    return 1;
  }

  @Override
  public double toMultipliers(double[] margins, double[] labels, int labelOffset, int rows, int outputs) {
    double sum = 0.0;
    for (int r = 0; r < rows; r++) {
      double z = margins[r];
      double y = labels[labelOffset + r];
      sum += softplus(z) - y * z;
      margins[r] = sigmoid(z) - y;
    }
    return sum;
  }

  @Override
  public double lossSum(double[] margins, double[] labels, int labelOffset, int rows, int outputs) {
    double sum = 0.0;
    for (int r = 0; r < rows; r++) {
      double z = margins[r];
      sum += softplus(z) - labels[labelOffset + r] * z;
    }
    return sum;
  }

  @Override
  public double predict(double[] margins, int offset, int outputs) {
    return margins[offset] > 0.0 ? 1.0 : 0.0;
  }

  /** {@code log(1 + e^z)} without overflow. */
  static double softplus(double z) {
    return Math.max(z, 0.0) + Math.log1p(Math.exp(-Math.abs(z)));
  }

  /** {@code 1 / (1 + e^-z)} without overflow. */
  static double sigmoid(double z) {
    if (z >= 0) {
      return 1.0 / (1.0 + Math.exp(-z));
    }
    double e = Math.exp(z);
    return e / (1.0 + e);
  }
}
