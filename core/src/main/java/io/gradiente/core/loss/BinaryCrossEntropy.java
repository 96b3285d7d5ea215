package io.gradiente.core.loss;

/**
 * Binary cross-entropy of logistic regression, one output, labels 0 or 1:
 * {@code loss = sum_r -[y log p + (1 - y) log(1 - p)]} with {@code p = sigmoid(z)}, computed stably as
 * {@code softplus(z) - y z} (finite for any z); {@code dloss/dz = p - y}. Predicts 1 when {@code p > 0.5}.
 *
 * <p>With a probability floor {@code f > 0} the reported loss is the lesson's clipped one: the probability given to
 * the observed label is taken as at least {@code f}; the gradient stays the exact one, where TensorFlow's gradient
 * of the lesson's clipped loss is 0 for a row whose observed label has a probability under f.
 */
public final class BinaryCrossEntropy implements ScalarLoss {
  private static final long serialVersionUID = 1L;
  /** The exact cross-entropy (no floor). */
  public static final BinaryCrossEntropy INSTANCE = new BinaryCrossEntropy(0.0);

  private final double floor;
  private final double maxLoss;

  private BinaryCrossEntropy(double floor) {
    this.floor = ProbabilityFloor.check(floor);
    this.maxLoss = floor > 0 ? -Math.log(floor) : Double.POSITIVE_INFINITY;
  }

  /** The cross-entropy reported with probabilities clipped from below at {@code floor} (0 for none). */
  public static BinaryCrossEntropy withProbabilityFloor(double floor) {
    return floor == 0.0 ? INSTANCE : new BinaryCrossEntropy(floor);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof BinaryCrossEntropy other && other.floor == floor;
  }

  @Override
  public int hashCode() {
    return Double.hashCode(floor) * 31 + 1;
  }

  @Override
  public String name() {
    return "logistic";
  }

  @Override
  public double rowLoss(double z, double y) {
    return Math.min(softplus(z) - y * z, maxLoss);
  }

  @Override
  public double rowMultiplier(double z, double y) {
    return sigmoid(z) - y;
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
