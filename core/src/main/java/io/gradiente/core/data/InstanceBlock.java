package io.gradiente.core.data;

import java.io.Serializable;

/**
 * An immutable, dense block of rows: {@code rows x features} values in row-major order and one label per row.
 * A partition of training data is one block, cached once and reused by every step.
 */
public final class InstanceBlock implements Serializable {
  private static final long serialVersionUID = 1L;

  private final int rows;
  private final int features;
  private final double[] values;
  private final double[] labels;

  /**
   * Wraps the arrays (no copy: the caller hands them over).
   *
   * @param values {@code rows * features} values, row {@code r} at {@code [r * features, (r + 1) * features)}
   * @param labels one label per row
   */
  public InstanceBlock(int rows, int features, double[] values, double[] labels) {
    if (rows < 0 || features <= 0) {
      throw new IllegalArgumentException("bad block shape " + rows + " x " + features);
    }
    if (values.length != (long) rows * features) {
      throw new IllegalArgumentException(
          "block of " + rows + " x " + features + " needs " + (long) rows * features + " values, got " + values.length);
    }
    if (labels.length != rows) {
      throw new IllegalArgumentException("block of " + rows + " rows got " + labels.length + " labels");
    }
    this.rows = rows;
    this.features = features;
    this.values = values;
    this.labels = labels;
  }

  /** Number of rows. */
  public int rows() {
    return rows;
  }

  /** Number of features per row. */
  public int features() {
    return features;
  }

  /** The row-major values; callers must not modify them. */
  public double[] values() {
    return values;
  }

  /** The labels; callers must not modify them. */
  public double[] labels() {
    return labels;
  }

  /** Feature {@code f} of row {@code r}. */
  public double value(int r, int f) {
    return values[r * features + f];
  }

  /** Label of row {@code r}. */
  public double label(int r) {
    return labels[r];
  }
}
