package io.gradiente.datasets;

import io.gradiente.core.data.Columns;
import io.gradiente.core.data.IndexRanges;
import java.util.Iterator;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import scala.Tuple2;

/** The canonical table's schema, its rows, and the layout of rows into contiguous index ranges. */
final class Frames {
  /** {@code index} (long), {@code features} (ML vector), {@code label} (double), none nullable. */
  static final StructType SCHEMA =
      new StructType(
          new StructField[] {
            DataTypes.createStructField(Columns.INDEX, DataTypes.LongType, false),
            DataTypes.createStructField(Columns.FEATURES, SQLDataTypes.VectorType(), false),
            DataTypes.createStructField(Columns.LABEL, DataTypes.DoubleType, false)
          });

  private Frames() {}

  /** One canonical row; the array is wrapped, not copied. */
  static Row row(long index, double[] features, double label) {
    return RowFactory.create(index, Vectors.dense(features), label);
  }

  /** The canonical table over rows that already follow {@link #SCHEMA}. */
  static Dataset<Row> frame(SparkSession spark, JavaRDD<Row> rows) {
    return spark.createDataFrame(rows, SCHEMA);
  }

  /**
   * Lays canonical rows out in {@code partitions} contiguous index ranges, each sorted by index, so the layout
   * depends only on the row count (one shuffle). {@code partitions <= 0} keeps the rows as they are.
   */
  static JavaRDD<Row> contiguous(JavaRDD<Row> rows, long n, int partitions) {
    if (partitions <= 0) {
      return rows;
    }
    return rows.mapToPair(r -> new Tuple2<>(r.getLong(0), r))
        .repartitionAndSortWithinPartitions(new IndexRanges(n, partitions))
        .values();
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
