package io.gradiente.core.loss;

import io.gradiente.core.data.InstanceBlock;
import java.io.Serializable;

/**
 * A loss of a linear model, summed over rows. Implementations only say what happens to one row's margins
 * {@code z = x W + b} (a row of {@code outputs} values); {@link BlockKernel} does the matrix work around them with
 * one GEMM for the margins and one for the gradient.
 *
 * <p>Sign and scale, once for the whole project: a loss returns the <b>summed</b> loss and adds the <b>true</b>
 * gradient of the summed loss; only the aggregation divides by the number of rows; optimizers subtract.
 */
public interface Loss extends Serializable {

  /** The name used in reports and on the command line ({@code linear}, {@code logistic}, {@code softmax}). */
  String name();

  /** Number of margins per row for a problem with {@code classes} classes (0 for regression). */
  int outputs(int classes);

  /**
   * Replaces each row's margins by {@code dloss/dz} and returns the summed loss of the rows.
   *
   * @param margins {@code rows x outputs}, row-major, starting at 0
   * @param labels the rows' labels, row {@code r} at {@code labels[labelOffset + r]}
   */
  double toMultipliers(double[] margins, double[] labels, int labelOffset, int rows, int outputs);

  /** The summed loss of the rows, margins left unchanged; arguments as in {@link #toMultipliers}. */
  double lossSum(double[] margins, double[] labels, int labelOffset, int rows, int outputs);

  /**
   * Fails when the block's labels are not what {@link #toMultipliers} can read for {@code outputs} margins a row;
   * the kernels call it before reading any margin. Losses that take any finite label need not override it.
   *
   * @throws IllegalArgumentException naming the block's labels and what they must be
   */
  default void checkLabels(InstanceBlock block, int outputs) {}

  /** The prediction (target value or class index) of the row whose margins start at {@code offset}. */
  double predict(double[] margins, int offset, int outputs);

  /**
   * Adds the gradient of the summed loss over the selected rows into {@code gradSum} and returns the summed loss.
   * Rows are {@code order[from..to)} of the block, or {@code from..to} when {@code order} is null.
   * {@code params} and {@code gradSum} use {@link io.gradiente.core.model.LinearModel}'s layout.
   */
  default double addGradient(InstanceBlock block, int[] order, int from, int to, double[] params, double[] gradSum) {
    return BlockKernel.addGradient(this, block, order, from, to, params, gradSum);
  }

  /** The summed loss over the selected rows (same selection as {@link #addGradient}). */
  default double loss(InstanceBlock block, int[] order, int from, int to, double[] params) {
    return BlockKernel.loss(this, block, order, from, to, params);
  }
}
