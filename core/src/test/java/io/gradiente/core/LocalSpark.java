package io.gradiente.core;

import io.gradiente.core.data.Columns;
import io.gradiente.core.data.LabeledRows;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** One local Spark session per test class, and small tables built from arrays. */
public final class LocalSpark {
  private LocalSpark() {}

  /** A {@code local[2]} session without UI. */
  public static SparkSession start(String name) {
    return SparkSession.builder().master("local[2]").appName(name)
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .getOrCreate();
  }

  /**
   * 403 rows of 6 standard normal features and 3 classes ({@code [x0 + x1 > 0] + [x2 > 0.5]}), drawn from
   * {@code new Random(seed)}: a small problem that softmax can learn, for trainer tests.
   */
  public static LabeledRows threeClasses(SparkSession spark, long seed) {
    java.util.Random random = new java.util.Random(seed);
    int n = 403;
    double[][] x = new double[n][6];
    double[] y = new double[n];
    for (int r = 0; r < n; r++) {
      for (int f = 0; f < 6; f++) {
        x[r][f] = random.nextGaussian();
      }
      y[r] = (x[r][0] + x[r][1] > 0 ? 1 : 0) + (x[r][2] > 0.5 ? 1 : 0);
    }
    return rows(spark, "random", x, y);
  }

  /** Labelled rows from {@code x[r][f]} and {@code y[r]}, indexed 0..n-1. */
  public static LabeledRows rows(SparkSession spark, String source, double[][] x, double[] y) {
    StructType schema = DataTypes.createStructType(List.of(
        DataTypes.createStructField(Columns.INDEX, DataTypes.LongType, false),
        DataTypes.createStructField(Columns.FEATURES, SQLDataTypes.VectorType(), false),
        DataTypes.createStructField(Columns.LABEL, DataTypes.DoubleType, false)));
    List<Row> rows = new ArrayList<>();
    for (int r = 0; r < y.length; r++) {
      rows.add(RowFactory.create((long) r, Vectors.dense(x[r]), y[r]));
    }
    return new LabeledRows(source, spark.createDataFrame(rows, schema), x[0].length, y.length);
  }
}
