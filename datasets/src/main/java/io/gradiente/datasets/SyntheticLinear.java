package io.gradiente.datasets;

import io.gradiente.core.data.BadInputException;
import io.gradiente.core.data.IndexRanges;
import io.gradiente.core.data.LabeledRows;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.commons.math3.random.MersenneTwister;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The lesson's regression data, {@code y = 3x + (u - 0.5)} with {@code x = linspace(-1, 1, n)} and {@code u}
 * uniform in [0, 1), generated in Spark tasks: any size, and the same values whatever the number of partitions.
 *
 * <p>Rows are grouped in fixed chunks of {@value #CHUNK_ROWS}; chunk {@code c} draws from an MT19937 seeded with
 * {@code seed + c} (numpy's {@code init_genrand}), two 32-bit draws per row combined as numpy's {@code rand} does
 * (53 bits). A task skips the draws before its first row. With seed 42 the first chunk is numpy's
 * {@code np.random.seed(42); np.random.rand(n)}, so 100 points equal the lesson's bit for bit.
 */
public final class SyntheticLinear {
  /** The slope of the noiseless line. */
  public static final double SLOPE = 3.0;
  /** The width of the uniform noise, centred on 0. */
  public static final double NOISE_WIDTH = 1.0;
  /** The lesson's seed. */
  public static final int DEFAULT_SEED = 42;
  /** The lesson's number of points. */
  public static final long DEFAULT_ROWS = 100;
  /** Rows per random-number chunk; chunk {@code c} is seeded with {@code seed + c}. */
  public static final long CHUNK_ROWS = 1_000_000L;

  private SyntheticLinear() {}

  /**
   * Generates {@code n} rows with one feature {@code x} and label {@code y}, indexed {@code 0..n-1}.
   *
   * @param n rows, at least 1
   * @param seed the seed of the first chunk
   * @param partitions contiguous row ranges (one task each), at least 1; does not change the values
   */
  public static LabeledRows generate(SparkSession spark, long n, int seed, int partitions) {
    if (n < 1) {
      throw new BadInputException("synthetic linear data needs at least 1 row, got " + n);
    }
    if (partitions < 1) {
      throw new BadInputException("partitions must be at least 1, got " + partitions);
    }
    int parts = (int) Math.min(partitions, n);
    List<long[]> ranges = new ArrayList<>(parts);
    for (int p = 0; p < parts; p++) {
      ranges.add(new long[] {new IndexRanges(n, parts).start(p), new IndexRanges(n, parts).start(p + 1)});
    }
    JavaRDD<Row> rows =
        JavaSparkContext.fromSparkContext(spark.sparkContext())
            .parallelize(ranges, parts)
            .flatMap(range -> rows(range[0], range[1], n, seed));
    return new LabeledRows(
        "synthetic linear (n=" + n + ", seed=" + seed + ")", Frames.frame(spark, rows), 1, n);
  }

  /**
   * Point {@code i} of {@code linspace(-1, 1, n)} computed as numpy does: {@code -1 + i * (2 / (n - 1))}, the last
   * point exactly 1.
   */
  public static double x(long i, long n) {
    if (n == 1) {
      return -1.0;
    }
    if (i == n - 1) {
      return 1.0;
    }
    double step = 2.0 / (n - 1);
    return i * step + -1.0;
  }

  /** numpy's {@code random_sample}: 27 high bits of one draw and 26 of the next, over 2^53. */
  static double uniform(MersenneTwister mt) {
    long a = Integer.toUnsignedLong(mt.nextInt()) >>> 5;
    long b = Integer.toUnsignedLong(mt.nextInt()) >>> 6;
    return (a * 67108864.0 + b) / 9007199254740992.0;
  }

  private static Iterator<Row> rows(long start, long end, long n, int seed) {
    return new Iterator<>() {
      private long i = start;
      private MersenneTwister mt;

      @Override
      public boolean hasNext() {
        return i < end;
      }

      @Override
      public Row next() {
        if (mt == null || i % CHUNK_ROWS == 0) {
          long chunk = i / CHUNK_ROWS;
          mt = new MersenneTwister((int) (seed + chunk));
          for (long k = chunk * CHUNK_ROWS; k < i; k++) {
            mt.nextInt();
            mt.nextInt();
          }
        }
        double x = x(i, n);
        double y = SLOPE * x + NOISE_WIDTH * (uniform(mt) - 0.5);
        return Frames.row(i++, new double[] {x}, y);
      }
    };
  }
}
