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
