package io.gradiente.datasets;

import static io.gradiente.datasets.SparkTests.badInput;
import static io.gradiente.datasets.SparkTests.features;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gradiente.core.LocalSpark;
import io.gradiente.core.data.LabeledRows;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParquetSourceTest {
  private static SparkSession spark;
  @TempDir Path dir;

  @BeforeAll
  static void start() {
    spark = LocalSpark.start("ParquetSourceTest");
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  /** Writes a one-file Parquet table from SQL and returns its folder. */
  private String write(String name, String sql) {
    String path = dir.resolve(name).toString();
    spark.sql(sql).coalesce(1).write().parquet(path);
    return path;
  }

  @Test
  void readsNumericColumnsInSchemaOrder() {
    String path =
        write("num", "SELECT * FROM VALUES (1.5, 0, 2, 'a', 10L), (3.5, 1, 4, 'b', 20L) AS t(a, y, b, s, c)");
    LabeledRows data = ParquetSource.read(spark, path, "y", 2);
    assertEquals(3, data.features());
    assertEquals(2, data.rows());
    List<Row> rows = SparkTests.rows(data);
    assertArrayEquals(new double[] {1.5, 2, 10}, features(rows.get(0)));
    assertArrayEquals(new double[] {3.5, 4, 20}, features(rows.get(1)));
    assertEquals(1.0, rows.get(1).getDouble(2));
  }

  @Test
  void readsAnArrayOrAVectorFeaturesColumn() {
    String arrays =
        write(
            "arr",
            "SELECT * FROM VALUES (array(1D, 2D), 0D, 9D), (array(3D, 4D), 1D, 9D) AS t(features, label, other)");
    List<Row> rows = SparkTests.rows(ParquetSource.read(spark, arrays, null, 0));
    assertArrayEquals(new double[] {3, 4}, features(rows.get(1)));
    String vectors = dir.resolve("vec").toString();
    ParquetSource.read(spark, arrays, null, 0).frame().select("features", "label").write().parquet(vectors);
    LabeledRows v = ParquetSource.read(spark, vectors, null, 3);
    assertEquals(2, v.features());
    assertEquals(rows, SparkTests.rows(v));
  }

  @Test
  void nullOrNaNNamesPathRowAndColumn() {
    String nan = write("nan", "SELECT * FROM VALUES (1D, 0D), (CAST('NaN' AS DOUBLE), 1D) AS t(radius, label)");
    assertEquals(nan + ": row 1: column 'radius' is NaN", badInput(() -> ParquetSource.read(spark, nan, null, 0)));
    String nul = write("nul", "SELECT * FROM VALUES (1D, 0D), (2D, NULL), (NULL, NULL) AS t(radius, label)");
    assertEquals(nul + ": row 1: column 'label' is null", badInput(() -> ParquetSource.read(spark, nul, null, 0)));
    String arr = write("arrnan", "SELECT * FROM VALUES (array(1D, CAST('NaN' AS DOUBLE)), 0D) AS t(features, label)");
    assertEquals(
        arr + ": row 0: column 'features' [1] is NaN", badInput(() -> ParquetSource.read(spark, arr, null, 0)));
    assertEquals(nan + ": no label column 'target' in columns [radius, label]",
        badInput(() -> ParquetSource.read(spark, nan, "target", 0)));
  }
}
