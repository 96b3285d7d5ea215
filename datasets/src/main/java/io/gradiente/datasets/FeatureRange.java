package io.gradiente.datasets;

import io.gradiente.core.data.Columns;
import io.gradiente.core.data.LabeledRows;
import java.io.Serializable;
import java.util.Arrays;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * Per-feature minimum and maximum fitted on training rows, and the min-max map {@code (x - min) / (max - min)}.
 * A feature whose training range is 0 is divided by 1 instead, as scikit-learn's {@code MinMaxScaler} does, so its
 * training values map to 0.
 *
 * <p>Spark ML's {@code MinMaxScaler} is not used: it multiplies by a reciprocal (not bit-equal to the division) and
 * maps a constant feature to 0.5.
 *
 * @param min each feature's smallest training value
 * @param max each feature's largest training value
 */
public record FeatureRange(double[] min, double[] max) implements Serializable {
  /** Checks that both arrays have one entry per feature, and copies them. */
  public FeatureRange {
    if (min.length != max.length) {
      throw new IllegalArgumentException("min has " + min.length + " entries but max has " + max.length);
    }
    min = min.clone();
    max = max.clone();
  }

  /** Fits the range with one distributed pass over the rows' features. */
  public static FeatureRange fit(LabeledRows rows) {
    int d = rows.features();
    double[] lo = new double[d];
    double[] hi = new double[d];
    Arrays.fill(lo, Double.POSITIVE_INFINITY);
    Arrays.fill(hi, Double.NEGATIVE_INFINITY);
    double[][] zero = {lo, hi};
    double[][] fitted =
        rows.frame()
            .select(Columns.FEATURES)
            .javaRDD()
            .treeAggregate(
                zero,
                (acc, r) -> {
                  Vector v = (Vector) r.get(0);
                  for (int j = 0; j < d; j++) {
                    double x = v.apply(j);
                    acc[0][j] = Math.min(acc[0][j], x);
                    acc[1][j] = Math.max(acc[1][j], x);
                  }
                  return acc;
                },
                (a, b) -> {
                  for (int j = 0; j < d; j++) {
                    a[0][j] = Math.min(a[0][j], b[0][j]);
                    a[1][j] = Math.max(a[1][j], b[1][j]);
                  }
                  return a;
                });
    return new FeatureRange(fitted[0], fitted[1]);
  }

  /** A copy of each feature's smallest training value. */
  @Override
  public double[] min() {
    return min.clone();
  }

  /** A copy of each feature's largest training value. */
  @Override
  public double[] max() {
    return max.clone();
  }

  /** Number of features. */
  public int features() {
    return min.length;
  }

  /**
   * Value {@code x} of feature {@code j} mapped: {@code (x - min) / (max - min)}, or {@code x - min} when the range
   * is 0.
   */
  public double scale(int j, double x) {
    double range = max[j] - min[j];
    return (x - min[j]) / (range == 0.0 ? 1.0 : range);
  }

  /** The rows with every feature mapped by {@link #scale}; index and label unchanged. */
  public LabeledRows apply(LabeledRows rows) {
    if (rows.features() != features()) {
      throw new IllegalArgumentException(
          "range fitted on " + features() + " features, rows have " + rows.features());
    }
    FeatureRange self = this;
    return rows.withFrame(
        mapFeatures(
            rows.frame(),
            x -> {
              double[] y = new double[x.length];
              for (int j = 0; j < x.length; j++) {
                y[j] = self.scale(j, x[j]);
              }
              return y;
            }));
  }

  /** The value-by-value equality of two ranges (records with arrays otherwise compare identity). */
  @Override
  public boolean equals(Object o) {
    return o instanceof FeatureRange r && Arrays.equals(min, r.min) && Arrays.equals(max, r.max);
  }

  /** Consistent with {@link #equals}. */
  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(min) + Arrays.hashCode(max);
  }

  /** A short text with both arrays. */
  @Override
  public String toString() {
    return "FeatureRange[min=" + Arrays.toString(min) + ", max=" + Arrays.toString(max) + "]";
  }

  /** A feature-wise map that Spark can ship to tasks. */
  interface FeatureMap extends Serializable {
    double[] map(double[] x);
  }

  /** The frame with its {@code features} replaced by {@code f(features)}, as a dense vector. */
  static Dataset<Row> mapFeatures(Dataset<Row> frame, FeatureMap f) {
    int fi = frame.schema().fieldIndex(Columns.FEATURES);
    return frame
        .sparkSession()
        .createDataFrame(
            frame
                .javaRDD()
                .map(
                    r -> {
                      Object[] values = new Object[r.length()];
                      for (int k = 0; k < values.length; k++) {
                        values[k] = r.get(k);
                      }
                      values[fi] = Vectors.dense(f.map(((Vector) r.get(fi)).toArray()));
                      return RowFactory.create(values);
                    }),
            frame.schema());
  }
}
