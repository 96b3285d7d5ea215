package io.gradiente.core.loss;

import io.gradiente.core.data.InstanceBlock;

/**
 * Cross-entropy of softmax regression over K classes, labels are class indices:
 * {@code loss = sum_r -log softmax(z_r)[y_r] = sum_r (logsumexp(z_r) - z_r[y_r])}, with the row maximum subtracted
 * before exponentiating; {@code dloss/dz_rk = softmax(z_r)_k - [k = y_r]}. Predicts the first largest margin.
 *
 * <p>With a probability floor {@code f > 0} the reported loss is the lesson's clipped one,
 * {@code -log max(p_y, f)} (the lesson's {@code -log(clip_by_value(p, f, 1))}); the gradient stays the exact one,
 * where TensorFlow's gradient of the clipped loss is 0 for a row whose true class has a probability under f.
 *
 * <p>Computing the softmax stably is deliberate: the lesson's {@code exp(z) / sum(exp(z))} overflows for margins
 * over about 88 in float32 (709 in double); subtracting the row maximum gives the same probabilities without it.
 */
public final class SoftmaxCrossEntropy implements Loss {
  private static final long serialVersionUID = 1L;
  /** The exact cross-entropy (no floor). */
  public static final SoftmaxCrossEntropy INSTANCE = new SoftmaxCrossEntropy(0.0);

  private final double floor;
  private final double logFloor;

  private SoftmaxCrossEntropy(double floor) {
    this.floor = ProbabilityFloor.check(floor);
    this.logFloor = floor > 0 ? Math.log(floor) : Double.NEGATIVE_INFINITY;
  }

  /** The cross-entropy reported with probabilities clipped from below at {@code floor} (0 for none). */
  public static SoftmaxCrossEntropy withProbabilityFloor(double floor) {
    return floor == 0.0 ? INSTANCE : new SoftmaxCrossEntropy(floor);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SoftmaxCrossEntropy other && other.floor == floor;
  }

  @Override
  public int hashCode() {
    return Double.hashCode(floor) * 31 + 2;
  }

  @Override
  public String name() {
    return "softmax";
  }

  @Override
  public int outputs(int classes) {
    if (classes < 2) {
      throw new IllegalArgumentException("softmax needs at least 2 classes, got " + classes);
    }
    return classes;
  }

  @Override
  public void checkLabels(InstanceBlock block, int outputs) {
    if (block.labelClasses() < 0 || block.labelClasses() > outputs) {
      throw new IllegalArgumentException("softmax over " + outputs + " classes needs labels 0.." + (outputs - 1)
          + (block.labelClasses() < 0 ? ", got a label that is not a class index" : ", got label "
          + (block.labelClasses() - 1)));
    }
  }

  @Override
  public double toMultipliers(double[] margins, double[] labels, int labelOffset, int rows, int outputs) {
    double sum = 0.0;
    for (int r = 0; r < rows; r++) {
      int at = r * outputs;
      double max = max(margins, at, outputs);
      int y = (int) labels[labelOffset + r];
      double zy = margins[at + y];
      double norm = 0.0;
      for (int c = 0; c < outputs; c++) {
        double e = Math.exp(margins[at + c] - max);
        margins[at + c] = e;
        norm += e;
      }
      sum += -Math.max(zy - max - Math.log(norm), logFloor);
      double inv = 1.0 / norm;
      for (int c = 0; c < outputs; c++) {
        margins[at + c] *= inv;
      }
      margins[at + y] -= 1.0;
    }
    return sum;
  }

  @Override
  public double lossSum(double[] margins, double[] labels, int labelOffset, int rows, int outputs) {
    double sum = 0.0;
    for (int r = 0; r < rows; r++) {
      int at = r * outputs;
      double max = max(margins, at, outputs);
      double norm = 0.0;
      for (int c = 0; c < outputs; c++) {
        norm += Math.exp(margins[at + c] - max);
      }
      sum += -Math.max(margins[at + (int) labels[labelOffset + r]] - max - Math.log(norm), logFloor);
    }
    return sum;
  }

  @Override
  public double predict(double[] margins, int offset, int outputs) {
    int best = 0;
    for (int c = 1; c < outputs; c++) {
      if (margins[offset + c] > margins[offset + best]) {
        best = c;
      }
    }
    return best;
  }

  private static double max(double[] a, int at, int n) {
    double m = a[at];
    for (int c = 1; c < n; c++) {
      m = Math.max(m, a[at + c]);
    }
    return m;
  }
}
