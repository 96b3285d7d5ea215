package io.gradiente.core.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

/**
 * Labelled rows turned, once, into one cached {@link InstanceBlock} per partition, laid out by {@link IndexRanges}
 * (contiguous index ranges, in index order), so the same data and partition count give the same blocks on any
 * machine. While building, every feature is checked to be finite
 * and every label to fit the task (finite for regression, an integer class in {@code [0, classes)} otherwise).
 */
public final class Blocks {
  private final String source;
  private final JavaRDD<InstanceBlock> rdd;
  private final int features;
  private final long rows;
  private final int[] partitionRows;
  private final long contentHash;

  private Blocks(String source, JavaRDD<InstanceBlock> rdd, int features, long rows, int[] partitionRows,
      long contentHash) {
    this.source = source;
    this.rdd = rdd;
    this.features = features;
    this.rows = rows;
    this.partitionRows = partitionRows;
    this.contentHash = contentHash;
  }

  /**
   * Builds and caches the blocks of {@code data} in {@code partitions} partitions (one Spark job; only the row
   * count and a content hash of each partition come back to the driver).
   *
   * @param classes the number of classes, or 0 for regression
   * @throws BadInputException (possibly wrapped by Spark) naming the source, row and field of the first bad value
   */
  public static Blocks of(LabeledRows data, int partitions, int classes) {
    return of(data, partitions, classes, Precision.DOUBLE);
  }

  /** As {@link #of(LabeledRows, int, int)}, with the values stored in the given precision. */
  public static Blocks of(LabeledRows data, int partitions, int classes, Precision precision) {
    if (partitions <= 0) {
      throw new BadInputException("partitions must be positive, got " + partitions);
    }
    if (data.rows() < partitions) {
      throw new BadInputException(data.source() + ": " + data.rows() + " rows cannot fill " + partitions
          + " partitions");
    }
    String source = data.source();
    int features = data.features();
    long n = data.rows();
    JavaRDD<InstanceBlock> rdd = data.frame()
        .select(Columns.INDEX, Columns.FEATURES, Columns.LABEL)
        .javaRDD()
        .mapToPair(row -> new Tuple2<>(row.getLong(0), row))
        .repartitionAndSortWithinPartitions(new IndexRanges(n, partitions))
        .mapPartitions(it -> List.of(build(source, features, classes, it, precision)).iterator())
        .persist(StorageLevel.MEMORY_ONLY());
    List<long[]> sizes;
    try {
      sizes = rdd.map(b -> new long[] {b.rows(), hash(b)}).collect();
    } catch (Throwable e) { // Spark's own exceptions are checked ones it throws undeclared
      rdd.unpersist(false);
      throw e;
    }
    int[] partitionRows = new int[sizes.size()];
    long contentHash = features;
    for (int p = 0; p < partitionRows.length; p++) {
      partitionRows[p] = (int) sizes.get(p)[0];
      contentHash = mix(contentHash, sizes.get(p)[1]);
    }
    return new Blocks(source, rdd, features, n, partitionRows, contentHash);
  }

  /** A 64-bit hash of a block's shape, values (as stored, double or float) and labels, bit for bit. */
  private static long hash(InstanceBlock b) {
    long h = mix(b.rows(), b.features());
    if (b.precision() == Precision.FLOAT) {
      for (float v : b.floatValues()) {
        h = mix(h, Float.floatToIntBits(v));
      }
    } else {
      for (double v : b.values()) {
        h = mix(h, Double.doubleToLongBits(v));
      }
    }
    for (double y : b.labels()) {
      h = mix(h, Double.doubleToLongBits(y));
    }
    return h;
  }

  /** One round of a multiply-xorshift mix (the finalizer of SplitMix64) over {@code h ^ v}. */
  private static long mix(long h, long v) {
    long z = (h ^ v) * 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  private static InstanceBlock build(
      String source, int features, int classes, Iterator<Tuple2<Long, Row>> it, Precision precision) {
    List<Tuple2<Long, Row>> rows = new ArrayList<>();
    it.forEachRemaining(rows::add);
    double[] values = new double[Math.multiplyExact(rows.size(), features)];
    double[] labels = new double[rows.size()];
    for (int r = 0; r < rows.size(); r++) {
      long index = rows.get(r)._1();
      Row row = rows.get(r)._2();
      Vector x = (Vector) row.get(1);
      if (x == null || x.size() != features) {
        throw new BadInputException(source + ": row " + index + ": expected " + features + " features, got "
            + (x == null ? "none" : Integer.toString(x.size())));
      }
      for (int f = 0; f < features; f++) {
        double v = x.apply(f);
        if (!Double.isFinite(v)) {
          throw new BadInputException(source + ": row " + index + ": feature " + f + " is " + v);
        }
        values[r * features + f] = v;
      }
      labels[r] = checkLabel(source, index, row.isNullAt(2) ? Double.NaN : row.getDouble(2), classes);
    }
    if (precision == Precision.FLOAT) {
      float[] floats = new float[values.length];
      for (int i = 0; i < values.length; i++) {
        floats[i] = (float) values[i];
      }
      return new InstanceBlock(rows.size(), features, floats, labels);
    }
    return new InstanceBlock(rows.size(), features, values, labels);
  }

  private static double checkLabel(String source, long index, double label, int classes) {
    if (!Double.isFinite(label)) {
      throw new BadInputException(source + ": row " + index + ": label is " + label);
    }
    if (classes > 0 && (label != Math.rint(label) || label < 0 || label >= classes)) {
      throw new BadInputException(source + ": row " + index + ": label " + label + " is outside the classes 0.."
          + (classes - 1));
    }
    return label;
  }

  /** Where the rows came from. */
  public String source() {
    return source;
  }

  /** The cached blocks, one per partition. */
  public JavaRDD<InstanceBlock> rdd() {
    return rdd;
  }

  /** Features per row. */
  public int features() {
    return features;
  }

  /** Total rows. */
  public long rows() {
    return rows;
  }

  /** Number of partitions. */
  public int partitions() {
    return partitionRows.length;
  }

  /** Rows in each partition, in partition order (a copy). */
  public int[] partitionRows() {
    return partitionRows.clone();
  }

  /**
   * What identifies these blocks for a resumed run: rows per partition and a 64-bit hash of every value and label
   * in partition order (computed once, in the job that builds the blocks). Same data, scaling and partitioning give
   * the same text on any machine.
   */
  public String fingerprint() {
    return Arrays.toString(partitionRows).replace(" ", "") + " rows per partition, " + features
        + " features, hash " + String.format("%016x", contentHash);
  }

  /** Drops the cached blocks. */
  public void release() {
    rdd.unpersist(false);
  }
}
