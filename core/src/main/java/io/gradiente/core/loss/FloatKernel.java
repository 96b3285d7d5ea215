package io.gradiente.core.loss;

import io.gradiente.core.data.InstanceBlock;
import io.gradiente.core.linalg.Blas;

/**
 * {@link BlockKernel} for float blocks: the same three phases, with the two matrix products in single precision
 * ({@code sgemm}) and everything else in double. {@code M (S x K) = X W} is computed in float (the weights rounded
 * to float for the product) and widened to double, so every loss's pointwise step runs unchanged on double
 * margins; the multipliers are rounded to float for {@code gradW (F x K) = X^T D}, which is then added into the
 * caller's double gradient; biases and losses are summed in double. Rounding the inputs of the products costs about
 * 1e-7 relative error per entry (float's epsilon), far below the noise of a mini-batch gradient.
 */
final class FloatKernel {
  private static final ThreadLocal<Workspace> WORKSPACE = ThreadLocal.withInitial(Workspace::new);

  private FloatKernel() {}

  /** See {@link Loss#addGradient}; the block holds float values. */
  static double addGradient(
      Loss loss, InstanceBlock block, int[] order, int from, int to, double[] params, double[] gradSum) {
    int s = to - from;
    int f = block.features();
    int k = BlockKernel.checkParams(block, params, gradSum.length);
    Workspace ws = WORKSPACE.get();
    double[] margins = ws.margins(s * k);
    computeMargins(block, order, from, to, params, k, ws, margins);
    double lossSum = loss.toMultipliers(margins, ws.labelArray, ws.labelOffset, s, k);
    float[] d = ws.floatMargins(s * k);
    int biasAt = f * k;
    for (int r = 0; r < s; r++) {
      int row = r * k;
      for (int c = 0; c < k; c++) {
        double m = margins[row + c];
        d[row + c] = (float) m;
        gradSum[biasAt + c] += m;
      }
    }
    // gradW (F x K) = X^T D in float, with X stored S x F; then added into the double sum.
    float[] g = ws.gradient(biasAt);
    Blas.sgemm(true, false, f, k, s, 1.0f, ws.valueArray, ws.valueOffset, d, 0, 0.0f, g, 0);
    for (int i = 0; i < biasAt; i++) {
      gradSum[i] += g[i];
    }
    return lossSum;
  }

  /** See {@link Loss#loss}; the block holds float values. */
  static double loss(Loss loss, InstanceBlock block, int[] order, int from, int to, double[] params) {
    int s = to - from;
    int k = BlockKernel.checkParams(block, params, params.length);
    Workspace ws = WORKSPACE.get();
    double[] margins = ws.margins(s * k);
    computeMargins(block, order, from, to, params, k, ws, margins);
    return loss.lossSum(margins, ws.labelArray, ws.labelOffset, s, k);
  }

  /** See {@link BlockKernel#margins}; the block holds float values. */
  static void margins(InstanceBlock block, int from, int to, double[] params, double[] margins) {
    int k = BlockKernel.checkParams(block, params, params.length);
    computeMargins(block, null, from, to, params, k, WORKSPACE.get(), margins);
  }

  /**
   * Selects the rows (pointing {@code ws} at them, gathering only when {@code order} is given) and writes their
   * margins {@code X W + 1 b^T} into {@code margins} in double.
   */
  private static void computeMargins(InstanceBlock block, int[] order, int from, int to, double[] params, int k,
      Workspace ws, double[] margins) {
    int s = to - from;
    int f = block.features();
    float[] values = block.floatValues();
    double[] labels = block.labels();
    if (order == null) {
      ws.valueArray = values;
      ws.valueOffset = from * f;
      ws.labelArray = labels;
      ws.labelOffset = from;
    } else {
      float[] x = ws.rows(s * f);
      double[] y = ws.labels(s);
      for (int r = 0; r < s; r++) {
        int src = order[from + r];
        System.arraycopy(values, src * f, x, r * f, f);
        y[r] = labels[src];
      }
      ws.valueArray = x;
      ws.valueOffset = 0;
      ws.labelArray = y;
      ws.labelOffset = 0;
    }
    int biasAt = f * k;
    float[] w = ws.weights(biasAt);
    for (int i = 0; i < biasAt; i++) {
      w[i] = (float) params[i];
    }
    float[] m = ws.floatMargins(s * k);
    // M (S x K) = X (S x F) * W (F x K), in float; the bias is added in double.
    Blas.sgemm(false, false, s, k, f, 1.0f, ws.valueArray, ws.valueOffset, w, 0, 0.0f, m, 0);
    for (int r = 0; r < s; r++) {
      int row = r * k;
      for (int c = 0; c < k; c++) {
        margins[row + c] = m[row + c] + params[biasAt + c];
      }
    }
  }

  /** Per-thread scratch arrays that only grow, and where the current rows are. */
  private static final class Workspace {
    float[] valueArray;
    int valueOffset;
    double[] labelArray;
    int labelOffset;
    float[] rows = new float[0];
    double[] labels = new double[0];
    float[] weights = new float[0];
    float[] floatMargins = new float[0];
    double[] margins = new double[0];
    float[] gradient = new float[0];

    float[] rows(int n) {
      return rows.length < n ? (rows = new float[n]) : rows;
    }

    double[] labels(int n) {
      return labels.length < n ? (labels = new double[n]) : labels;
    }

    float[] weights(int n) {
      return weights.length < n ? (weights = new float[n]) : weights;
    }

    float[] floatMargins(int n) {
      return floatMargins.length < n ? (floatMargins = new float[n]) : floatMargins;
    }

    double[] margins(int n) {
      return margins.length < n ? (margins = new double[n]) : margins;
    }

    float[] gradient(int n) {
      return gradient.length < n ? (gradient = new float[n]) : gradient;
    }
  }
}
