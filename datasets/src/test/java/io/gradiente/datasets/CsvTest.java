package io.gradiente.datasets;

import static io.gradiente.datasets.SparkTests.badInput;
import static io.gradiente.datasets.SparkTests.features;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gradiente.core.data.LabeledRows;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvTest {
  private static SparkSession spark;
  @TempDir Path dir;

  @BeforeAll
  static void start() {
    spark = SparkTests.start("CsvTest");
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  private Path write(String name, String text) throws IOException {
    Path p = dir.resolve(name);
    Files.createDirectories(p.getParent());
    Files.writeString(p, text);
    return p;
  }

  @Test
  void readsAFolderInFileNameOrderWithTheLabelChosenByName() throws IOException {
    write("data/b.csv", "x1,y,x2\n5,1,6\n7,0,8\n\n");
    write("data/a.csv", "x1, y ,x2\n1,0,2\n3,1,4\n");
    write("data/_SUCCESS", "");
    write("data/.a.csv.crc", "garbage");
    LabeledRows data = Csv.read(spark, dir.resolve("data").toString(), "y", 3);
    assertEquals(4, data.rows());
    assertEquals(2, data.features());
    assertEquals(3, data.frame().rdd().getNumPartitions());
    List<Row> rows = SparkTests.rows(data);
    double[][] x = {{1, 2}, {3, 4}, {5, 6}, {7, 8}};
    double[] y = {0, 1, 1, 0};
    for (int i = 0; i < 4; i++) {
      assertArrayEquals(x[i], features(rows.get(i)), "features of row " + i);
      assertEquals(y[i], rows.get(i).getDouble(2), "label of row " + i);
    }
    // one file, default label column, default layout of one partition per file
    Path one = write("one.csv", "a,label\n1.5,2\n-3e2,4\n");
    LabeledRows single = Csv.read(spark, one.toString(), null, 0);
    assertEquals(1, single.frame().rdd().getNumPartitions());
    assertArrayEquals(new double[] {-300}, features(SparkTests.rows(single).get(1)));
  }

  @Test
  void nonNumberNamesFileLineAndColumn() throws IOException {
    Path p = write("train.csv", "label,size,radius\n0,1,2\n1,2,abc\n");
    assertEquals(
        p + ":3: column 'radius' (3): 'abc' is not a number", badInput(() -> Csv.read(spark, p.toString(), null, 2)));
  }

  @Test
  void nonFiniteValuesAreRejected() throws IOException {
    Path nan = write("nan.csv", "label,a\n0,NaN\n");
    assertEquals(nan + ":2: column 'a' (2): 'NaN' is not a finite number",
        badInput(() -> Csv.read(spark, nan.toString(), null, 0)));
    Path inf = write("inf.csv", "a,label\n1,0\n2,-Infinity\n");
    assertEquals(inf + ":3: column 'label' (2): '-Infinity' is not a finite number",
        badInput(() -> Csv.read(spark, inf.toString(), null, 0)));
  }

  @Test
  void raggedRowIsRejected() throws IOException {
    Path p = write("ragged.csv", "a,b,label\n1,2,0\n1,2\n");
    assertEquals(p + ":3: expected 3 fields as in the header, found 2",
        badInput(() -> Csv.read(spark, p.toString(), null, 0)));
  }

  @Test
  void headersOfAFolderMustAgree() throws IOException {
    write("mixed/a.csv", "a,label\n1,0\n");
    Path b = write("mixed/b.csv", "b,label\n1,0\n");
    String folder = dir.resolve("mixed").toString();
    assertEquals(b + ":1: header [b, label] differs from the header of " + folder + "/a.csv [a, label]",
        badInput(() -> Csv.read(spark, folder, null, 0)));
  }

  @Test
  void emptyFileEmptyFolderAndMissingLabelAreNamed() throws IOException {
    write("some/a.csv", "a,label\n1,0\n");
    Path empty = write("some/b.csv", "");
    assertEquals(empty + ": empty file, expected a header line",
        badInput(() -> Csv.read(spark, dir.resolve("some").toString(), null, 0)));
    Path first = write("first.csv", "");
    assertEquals(first + ": empty file, expected a header line",
        badInput(() -> Csv.read(spark, first.toString(), null, 0)));
    Path none = Files.createDirectories(dir.resolve("none"));
    write("none/_SUCCESS", "");
    assertEquals(none + ": no data files in folder", badInput(() -> Csv.read(spark, none.toString(), null, 0)));
    Path p = write("nolabel.csv", "radius,target\n1,0\n");
    assertEquals(p + ":1: no label column 'label' in header [radius, target]",
        badInput(() -> Csv.read(spark, p.toString(), null, 0)));
    assertEquals("no such file or directory: " + dir.resolve("nope.csv"),
        badInput(() -> Csv.read(spark, dir.resolve("nope.csv").toString(), null, 0)));
  }
}
