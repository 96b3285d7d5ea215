package io.gradiente.datasets;

import io.gradiente.core.data.Columns;
import java.util.Iterator;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

/** Rows of the canonical table ({@link Columns#SCHEMA}) and the table over them. */
final class Frames {
  private Frames() {}

  /** One canonical row; the array is wrapped, not copied. */
  static Row row(long index, double[] features, double label) {
    return RowFactory.create(index, Vectors.dense(features), label);
  }

  /** The canonical table over rows that already follow {@link Columns#SCHEMA}. */
  static Dataset<Row> frame(SparkSession spark, JavaRDD<Row> rows) {
    return spark.createDataFrame(rows, Columns.SCHEMA);
  }

  /** An iterator that releases a resource once it is exhausted. */
  abstract static class ClosingIterator<T> implements Iterator<T> {
    private T next;
    private boolean done;

    /** The next element, or {@code null} at the end. */
    abstract T compute() throws Exception;

    /** Releases what {@link #compute} reads from. */
    abstract void close() throws Exception;

    @Override
    public boolean hasNext() {
      if (next == null && !done) {
        try {
          next = compute();
          if (next == null) {
            done = true;
            close();
          }
        } catch (RuntimeException e) {
          throw e;
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }
      return next != null;
    }

    @Override
    public T next() {
      if (!hasNext()) {
        throw new java.util.NoSuchElementException();
      }
      T t = next;
      next = null;
      return t;
    }
  }
}
