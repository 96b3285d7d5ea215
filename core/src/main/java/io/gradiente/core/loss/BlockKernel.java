package io.gradiente.core.loss;

import io.gradiente.core.data.InstanceBlock;
import io.gradiente.core.data.Precision;
import io.gradiente.core.linalg.Blas;

/**
 * The matrix work shared by every {@link Loss}: gather the selected rows (only when they are not contiguous),
 * margins {@code M (S x K) = X (S x F) * W (F x K) + 1 b^T} by one GEMM, the loss's pointwise step turning margins
 * into multipliers {@code D = dloss/dM}, and the gradient {@code gradW (F x K) += X^T (F x S) * D (S x K)},
 * {@code gradB += 1^T D} by one GEMM. Scratch arrays live in a per-thread {@link Workspace}, so a step allocates
 * nothing once the workspace has grown to the batch size. Float blocks go to {@link FloatKernel}.
 */
public final class BlockKernel {
  private static final ThreadLocal<Workspace> WORKSPACE = ThreadLocal.withInitial(Workspace::new);

  private BlockKernel() {}

  /** See {@link Loss#addGradient}. */
  static double addGradient(
      Loss loss, InstanceBlock block, int[] order, int from, int to, double[] params, double[] gradSum) {
    int s = to - from;
    if (s <= 0) {
      return 0.0;
    }
    int k = checkParams(block, params, gradSum.length);
    loss.checkLabels(block, k);
    if (block.precision() == Precision.FLOAT) {
      return FloatKernel.addGradient(loss, block, order, from, to, params, gradSum);
    }
    int f = block.features();
    Workspace ws = WORKSPACE.get();
    double[] margins = ws.margins(s * k);
    View view = select(block, order, from, to, ws);
    computeMargins(view, s, f, k, params, margins);
    double lossSum = loss.toMultipliers(margins, view.labels, view.labelOffset, s, k);
    // gradW (F x K) += X^T D, with X stored S x F.
    Blas.gemm(true, false, f, k, s, 1.0, view.values, view.valueOffset, margins, 0, 1.0, gradSum, 0);
    int biasAt = f * k;
    for (int r = 0; r < s; r++) {
      int row = r * k;
      for (int c = 0; c < k; c++) {
        gradSum[biasAt + c] += margins[row + c];
      }
    }
    return lossSum;
  }

  /** See {@link Loss#loss}. */
  static double loss(Loss loss, InstanceBlock block, int[] order, int from, int to, double[] params) {
    int s = to - from;
    if (s <= 0) {
      return 0.0;
    }
    int k = checkParams(block, params, params.length);
    loss.checkLabels(block, k);
    if (block.precision() == Precision.FLOAT) {
      return FloatKernel.loss(loss, block, order, from, to, params);
    }
    Workspace ws = WORKSPACE.get();
    double[] margins = ws.margins(s * k);
    View view = select(block, order, from, to, ws);
    computeMargins(view, s, block.features(), k, params, margins);
    return loss.lossSum(margins, view.labels, view.labelOffset, s, k);
  }

  /**
   * Margins of rows {@code from..to} (contiguous) of a block into {@code margins} ({@code (to-from) x K},
   * row-major); for evaluation and prediction.
   */
  public static void margins(InstanceBlock block, int from, int to, double[] params, double[] margins) {
    if (block.precision() == Precision.FLOAT) {
      FloatKernel.margins(block, from, to, params, margins);
      return;
    }
    int k = checkParams(block, params, params.length);
    View view = new View();
    view.values = block.values();
    view.valueOffset = from * block.features();
    computeMargins(view, to - from, block.features(), k, params, margins);
  }

  /** Outputs K implied by the parameter length {@code F*K + K}; fails on a mismatch. */
  static int checkParams(InstanceBlock block, double[] params, int gradLength) {
    int f = block.features();
    if (params.length % (f + 1) != 0 || gradLength != params.length) {
      throw new IllegalArgumentException("parameters of length " + params.length + " (gradient " + gradLength
          + ") do not fit " + f + " features: expected a multiple of " + (f + 1));
    }
    return params.length / (f + 1);
  }

  private static void computeMargins(View view, int s, int f, int k, double[] params, double[] margins) {
    int biasAt = f * k;
    for (int r = 0; r < s; r++) {
      System.arraycopy(params, biasAt, margins, r * k, k);
    }
    // M (S x K) = X (S x F) * W (F x K) + M.
    Blas.gemm(false, false, s, k, f, 1.0, view.values, view.valueOffset, params, 0, 1.0, margins, 0);
  }

  private static View select(InstanceBlock block, int[] order, int from, int to, Workspace ws) {
    View view = ws.view;
    int f = block.features();
    if (order == null) {
      view.values = block.values();
      view.valueOffset = from * f;
      view.labels = block.labels();
      view.labelOffset = from;
      return view;
    }
    int s = to - from;
    double[] x = ws.rows(s * f);
    double[] y = ws.labels(s);
    double[] values = block.values();
    double[] labels = block.labels();
    for (int r = 0; r < s; r++) {
      int src = order[from + r];
      System.arraycopy(values, src * f, x, r * f, f);
      y[r] = labels[src];
    }
    view.values = x;
    view.valueOffset = 0;
    view.labels = y;
    view.labelOffset = 0;
    return view;
  }

  /** Where the selected rows' values and labels are: the block itself, or the gathered copy. */
  private static final class View {
    double[] values;
    int valueOffset;
    double[] labels;
    int labelOffset;
  }

  /** Per-thread scratch arrays that only grow. */
  private static final class Workspace {
    final View view = new View();
    double[] rows = new double[0];
    double[] labels = new double[0];
    double[] margins = new double[0];

    double[] rows(int n) {
      if (rows.length < n) {
        rows = new double[n];
      }
      return rows;
    }

    double[] labels(int n) {
      if (labels.length < n) {
        labels = new double[n];
      }
      return labels;
    }

    double[] margins(int n) {
      if (margins.length < n) {
        margins = new double[n];
      }
      return margins;
    }
  }
}
