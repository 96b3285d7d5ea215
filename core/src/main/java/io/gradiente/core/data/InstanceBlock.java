package io.gradiente.core.data;

import java.io.Serializable;

/**
 * An immutable, dense block of rows: {@code rows x features} values in row-major order and one label per row.
 * A partition of training data is one block, cached once and reused by every step. Values are stored in double,
 * or in float ({@link Precision#FLOAT}: half the memory, and the kernels use {@code sgemm}).
 */
public final class InstanceBlock implements Serializable {
  private static final long serialVersionUID = 1L;

  private final int rows;
  private final int features;
  private final double[] values;
  private final float[] floatValues;
  private final double[] labels;
  private final int labelClasses;

  /**
   * Wraps the arrays (no copy: the caller hands them over).
   *
   * @param values {@code rows * features} values, row {@code r} at {@code [r * features, (r + 1) * features)}
   * @param labels one label per row
   */
  public InstanceBlock(int rows, int features, double[] values, double[] labels) {
    this(rows, features, values, null, values.length, labels);
  }

  /**
   * Wraps float values (no copy: the caller hands them over).
   *
   * @param values {@code rows * features} values, row {@code r} at {@code [r * features, (r + 1) * features)}
   * @param labels one label per row
   */
  public InstanceBlock(int rows, int features, float[] values, double[] labels) {
    this(rows, features, null, values, values.length, labels);
  }

  private InstanceBlock(int rows, int features, double[] values, float[] floatValues, int length, double[] labels) {
    if (rows < 0 || features <= 0) {
      throw new IllegalArgumentException("bad block shape " + rows + " x " + features);
    }
    if (length != (long) rows * features) {
      throw new IllegalArgumentException(
          "block of " + rows + " x " + features + " needs " + (long) rows * features + " values, got " + length);
    }
    if (labels.length != rows) {
      throw new IllegalArgumentException("block of " + rows + " rows got " + labels.length + " labels");
    }
    int classes = 0;
    for (int r = 0; r < rows; r++) {
      double y = labels[r];
      if (!Double.isFinite(y)) {
        throw new IllegalArgumentException("row " + r + " of the block has label " + y);
      }
      boolean classIndex = y >= 0 && y < Integer.MAX_VALUE && y == Math.rint(y);
      classes = classes < 0 || !classIndex ? -1 : Math.max(classes, (int) y + 1);
    }
    this.rows = rows;
    this.features = features;
    this.values = values;
    this.floatValues = floatValues;
    this.labels = labels;
    this.labelClasses = classes;
  }

  /** Number of rows. */
  public int rows() {
    return rows;
  }

  /** Number of features per row. */
  public int features() {
    return features;
  }

  /** The row-major values; callers must not modify them. Fails for a float block ({@link #floatValues()}). */
  public double[] values() {
    if (values == null) {
      throw new IllegalStateException("a float block has no double values; use floatValues()");
    }
    return values;
  }

  /** The row-major values of a float block; callers must not modify them. Fails for a double block. */
  public float[] floatValues() {
    if (floatValues == null) {
      throw new IllegalStateException("a double block has no float values; use values()");
    }
    return floatValues;
  }

  /** How the values are stored. */
  public Precision precision() {
    return floatValues != null ? Precision.FLOAT : Precision.DOUBLE;
  }

  /**
   * How many classes the labels need, found when the block was built: the largest label plus one when every label
   * is a class index (a whole number from 0), -1 when one is not (regression targets), 0 for no rows.
   */
  public int labelClasses() {
    return labelClasses;
  }

  /** The labels; callers must not modify them. */
  public double[] labels() {
    return labels;
  }

  /** Feature {@code f} of row {@code r}. */
  public double value(int r, int f) {
    return values != null ? values[r * features + f] : floatValues[r * features + f];
  }

  /** Label of row {@code r}. */
  public double label(int r) {
    return labels[r];
  }
}
