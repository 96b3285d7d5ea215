package io.gradiente.core.data;

import org.apache.spark.Partitioner;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Row;
import scala.Tuple2;

/**
 * The one definition of how {@code n} indexed rows are laid out in {@code P} contiguous ranges: with
 * {@code q = n / P} and {@code r = n % P}, the first {@code r} partitions hold {@code q + 1} rows and the others
 * {@code q}, in index order. Sources that generate or read row ranges and {@link Blocks} use it, so the partitioning
 * (and with it every result) depends only on the row count and the partition count.
 */
public final class IndexRanges extends Partitioner {
  private static final long serialVersionUID = 1L;
  private final long rows;
  private final int partitions;

  /** The layout of {@code rows} rows in {@code partitions} ranges. */
  public IndexRanges(long rows, int partitions) {
    if (rows < 0 || partitions <= 0) {
      throw new IllegalArgumentException("bad layout: " + rows + " rows in " + partitions + " partitions");
    }
    this.rows = rows;
    this.partitions = partitions;
  }

  /**
   * Lays canonical rows ({@link Columns#SCHEMA}) out in {@code partitions} contiguous index ranges, each sorted by
   * index, so the layout depends only on the row count (one shuffle). {@code partitions <= 0} keeps the rows as
   * they are.
   */
  public static JavaRDD<Row> layout(JavaRDD<Row> rows, long n, int partitions) {
    if (partitions <= 0) {
      return rows;
    }
    return rows.mapToPair(r -> new Tuple2<>(r.getLong(0), r))
        .repartitionAndSortWithinPartitions(new IndexRanges(n, partitions))
        .values();
  }

  /** First index of partition {@code p}; {@code start(P)} is {@code n}. */
  public long start(int p) {
    long q = rows / partitions;
    long r = rows % partitions;
    return p * q + Math.min(p, r);
  }

  /** The partition holding index {@code i}. */
  public int partitionOf(long i) {
    if (i < 0 || i >= rows) {
      throw new IllegalArgumentException("row index " + i + " outside 0.." + (rows - 1));
    }
    long q = rows / partitions;
    long r = rows % partitions;
    long big = r * (q + 1);
    return (int) (i < big ? i / (q + 1) : r + (i - big) / q);
  }

  @Override
  public int numPartitions() {
    return partitions;
  }

  @Override
  public int getPartition(Object key) {
    return partitionOf((Long) key);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof IndexRanges l && l.rows == rows && l.partitions == partitions;
  }

  @Override
  public int hashCode() {
    return Long.hashCode(rows) * 31 + partitions;
  }
}
