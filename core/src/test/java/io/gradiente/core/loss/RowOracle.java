package io.gradiente.core.loss;

/**
 * One row's loss and gradient written straight from the formulas, without the kernels, for tests that check the
 * kernels and whatever adds their results up.
 */
public final class RowOracle {
  private RowOracle() {}

  /**
   * Adds the gradient of one row's loss into {@code grad} and returns the loss.
   *
   * @param x the row's features
   * @param y its label
   * @param p parameters in {@link io.gradiente.core.model.LinearModel}'s layout for {@code k} outputs
   */
  public static double add(Loss loss, double[] x, double y, double[] p, int k, double[] grad) {
    int features = x.length;
    double[] z = new double[k];
    for (int c = 0; c < k; c++) {
      z[c] = p[features * k + c];
      for (int f = 0; f < features; f++) {
        z[c] += x[f] * p[f * k + c];
      }
    }
    double[] d = new double[k];
    double l;
    if (loss instanceof SquaredError) {
      l = (z[0] - y) * (z[0] - y);
      d[0] = 2 * (z[0] - y);
    } else if (loss instanceof BinaryCrossEntropy) {
      double prob = 1 / (1 + Math.exp(-z[0]));
      l = -(y * Math.log(prob) + (1 - y) * Math.log(1 - prob));
      d[0] = prob - y;
    } else if (loss instanceof SoftmaxCrossEntropy) {
      double norm = 0;
      for (double v : z) {
        norm += Math.exp(v);
      }
      l = -Math.log(Math.exp(z[(int) y]) / norm);
      for (int c = 0; c < k; c++) {
        d[c] = Math.exp(z[c]) / norm - (c == (int) y ? 1 : 0);
      }
    } else {
      throw new IllegalArgumentException("no oracle for " + loss.name());
    }
    for (int c = 0; c < k; c++) {
      for (int f = 0; f < features; f++) {
        grad[f * k + c] += x[f] * d[c];
      }
      grad[features * k + c] += d[c];
    }
    return l;
  }
}
