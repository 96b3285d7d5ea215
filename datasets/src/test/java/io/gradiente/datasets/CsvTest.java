package io.gradiente.datasets;

import static io.gradiente.datasets.SparkTests.badInput;
import static io.gradiente.datasets.SparkTests.features;
import static io.gradiente.datasets.SparkTests.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gradiente.core.data.LabeledRows;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.zip.GZIPOutputStream;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class CsvTest {
  @RegisterExtension static final SparkTests.Session spark = new SparkTests.Session();
  @TempDir Path dir;

  private LabeledRows read(Path path, String label, int partitions) {
    return Csv.read(spark.get(), path.toString(), label, partitions);
  }

  @Test
  void readsAFolderInFileNameOrderWithTheLabelChosenByName() throws IOException {
    // b.csv is the larger file, so Spark reads it first; the rows still follow the file names.
    write(dir, "data/b.csv", "x1,y,x2\n5,1,6\n7,0,8\n" + "\n".repeat(40));
    write(dir, "data/a.csv", "x1, y ,x2\n1,0,2\n3,1,4\n");
    write(dir, "data/_SUCCESS", "");
    write(dir, "data/.a.csv.crc", "garbage");
    LabeledRows data = Csv.read(spark.get(), dir.resolve("data").toString(), "y", 3);
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
    Path one = write(dir, "one.csv", "a,label\n1.5,2\n-3e2,4\n");
    LabeledRows single = Csv.read(spark.get(), one.toString(), null, 0);
    assertEquals(1, single.frame().rdd().getNumPartitions());
    assertArrayEquals(new double[] {-300}, features(SparkTests.rows(single).get(1)));
  }

  @Test
  void nonNumberNamesFileLineAndColumn() throws IOException {
    Path p = write(dir, "train.csv", "label,size,radius\n0,1,2\n1,2,abc\n");
    assertEquals(p + ":3: column 'radius' (3): 'abc' is not a number", badInput(() -> read(p, null, 2)));
  }

  @Test
  void nonFiniteValuesAreRejected() throws IOException {
    Path nan = write(dir, "nan.csv", "label,a\n0,NaN\n");
    assertEquals(nan + ":2: column 'a' (2): 'NaN' is not a finite number",
        badInput(() -> Csv.read(spark.get(), nan.toString(), null, 0)));
    Path inf = write(dir, "inf.csv", "a,label\n1,0\n2,-Infinity\n");
    assertEquals(inf + ":3: column 'label' (2): '-Infinity' is not a finite number",
        badInput(() -> Csv.read(spark.get(), inf.toString(), null, 0)));
  }

  @Test
  void raggedRowIsRejected() throws IOException {
    Path p = write(dir, "ragged.csv", "a,b,label\n1,2,0\n1,2\n");
    assertEquals(p + ":3: expected 3 fields as in the header, found 2",
        badInput(() -> Csv.read(spark.get(), p.toString(), null, 0)));
  }

  @Test
  void headersOfAFolderMustAgree() throws IOException {
    write(dir, "mixed/a.csv", "a,label\n1,0\n");
    Path b = write(dir, "mixed/b.csv", "b,label\n1,0\n");
    String folder = dir.resolve("mixed").toString();
    assertEquals(b + ":1: header [b, label] differs from the header of " + folder + "/a.csv [a, label]",
        badInput(() -> Csv.read(spark.get(), folder, null, 0)));
  }

  @Test
  void emptyFileEmptyFolderAndMissingLabelAreNamed() throws IOException {
    write(dir, "some/a.csv", "a,label\n1,0\n");
    Path empty = write(dir, "some/b.csv", "");
    assertEquals(empty + ": empty file, expected a header line",
        badInput(() -> Csv.read(spark.get(), dir.resolve("some").toString(), null, 0)));
    Path first = write(dir, "first.csv", "");
    assertEquals(first + ": empty file, expected a header line",
        badInput(() -> Csv.read(spark.get(), first.toString(), null, 0)));
    Path none = Files.createDirectories(dir.resolve("none"));
    write(dir, "none/_SUCCESS", "");
    assertEquals(none + ": no data files in folder", badInput(() -> Csv.read(spark.get(), none.toString(), null, 0)));
    Path p = write(dir, "nolabel.csv", "radius,target\n1,0\n");
    assertEquals(p + ":1: no label column 'label' in header [radius, target]",
        badInput(() -> Csv.read(spark.get(), p.toString(), null, 0)));
    assertEquals("no such file or directory: " + dir.resolve("nope.csv"),
        badInput(() -> Csv.read(spark.get(), dir.resolve("nope.csv").toString(), null, 0)));
  }

  /** A header {@code id,half,label} and 2,000 rows {@code i, i + 0.5, i % 2} with CRLF endings and blank lines. */
  private static List<String> numbered() {
    List<String> lines = new ArrayList<>(List.of("id,half,label"));
    for (int i = 0; i < 2_000; i++) {
      if (i % 250 == 7) {
        lines.add("");
      }
      lines.add(i + "," + i + ".5," + (i % 2));
    }
    return lines;
  }

  private Path writeLines(String name, List<String> lines) throws IOException {
    return write(dir, name, String.join("\r\n", lines) + "\r\n");
  }

  /** Reads with splits of 2 KiB, so a file of a few dozen KiB is read by many tasks. */
  private LabeledRows readSplit(Path path, OnBadRow onBadRow) {
    return readSplit(path, onBadRow, 2048);
  }

  private LabeledRows readSplit(Path path, OnBadRow onBadRow, int splitBytes) {
    return spark.withConf("spark.sql.files.maxPartitionBytes", Integer.toString(splitBytes),
        () -> Csv.read(spark.get(), path.toString(), null, 0, onBadRow));
  }

  @Test
  void aLargeFileIsReadByManyTasksInLineOrder() throws IOException {
    Path p = writeLines("big.csv", numbered());
    LabeledRows data = readSplit(p, OnBadRow.FAIL);
    int tasks = data.frame().rdd().getNumPartitions();
    assertTrue(tasks >= 10, Files.size(p) + " bytes in splits of 2 KiB read by " + tasks + " tasks");
    assertEquals(2_000, data.rows());
    List<Row> rows = SparkTests.rows(data);
    for (int i = 0; i < 2_000; i++) {
      assertArrayEquals(new double[] {i, i + 0.5}, features(rows.get(i)), "features of row " + i);
      assertEquals(i % 2, rows.get(i).getDouble(2), "label of row " + i);
    }
  }

  @Test
  void badRowsInLaterSplitsNameTheirLinesAndSkippingCountsThem() throws IOException {
    List<String> lines = numbered();
    int bad = lines.indexOf("1500,1500.5,0");
    int ragged = lines.indexOf("1800,1800.5,0");
    lines.set(bad, "1500,1500.x,0");
    lines.set(ragged, "1800,1800.5");
    Path p = writeLines("bad.csv", lines);
    String badValue = p + ":" + (bad + 1) + ": column 'half' (2): '1500.x' is not a number";
    assertEquals(badValue, badInput(() -> readSplit(p, OnBadRow.FAIL)));
    LabeledRows kept = readSplit(p, OnBadRow.SKIP);
    assertEquals(2, kept.skippedRows());
    assertEquals(List.of(badValue, p + ":" + (ragged + 1) + ": expected 3 fields as in the header, found 2"),
        kept.skippedExamples());
    assertEquals(1_998, kept.rows());
    List<Row> rows = SparkTests.rows(kept);
    assertArrayEquals(new double[] {1499, 1499.5}, features(rows.get(1499)));
    assertArrayEquals(new double[] {1501, 1501.5}, features(rows.get(1500)));
    assertArrayEquals(new double[] {1999, 1999.5}, features(rows.get(1997)));
  }

  @Test
  void quotedFieldsMayHoldCommas() throws IOException {
    Path p = write(dir, "quoted.csv", "\"id\",\"size, mm\",label\n1,\"2.5\",0\n\" 3 \",4,1\n");
    List<Row> rows = SparkTests.rows(read(p, null, 0));
    assertArrayEquals(new double[] {1, 2.5}, features(rows.get(0)));
    assertArrayEquals(new double[] {3, 4}, features(rows.get(1)));
    Path comma = write(dir, "comma.csv", "id,\"size, mm\",label\n1,\"2,5\",0\n");
    assertEquals(comma + ":2: column 'size, mm' (2): '2,5' is not a number", badInput(() -> read(comma, null, 0)));
    Path dup = write(dir, "dup.csv", "\n\na,\"a\",label\n1,2,0\n");
    assertEquals(dup + ":3: duplicate column name 'a' in header [a, a, label]", badInput(() -> read(dup, null, 0)));
  }

  @Test
  void theBreastCancerDataReadInManySplitsIsTheBundledDataBitForBit() throws IOException {
    List<String> bundled;
    try (BufferedReader in = new BufferedReader(
        new InputStreamReader(Mnist.resource("breast_cancer.csv"), StandardCharsets.US_ASCII))) {
      bundled = in.lines().toList();
    }
    String header = IntStream.range(0, 30).mapToObj(j -> "f" + j).collect(Collectors.joining(",")) + ",label";
    int train = BreastCancer.TRAIN_ROWS;
    Path trainFile = write(dir, "cancer-train.csv", header + "\n" + String.join("\n", bundled.subList(1, 1 + train)));
    Path testFile = write(dir, "cancer-test.csv", header + "\n" + String.join("\n", bundled.subList(1 + train,
        bundled.size())));
    Split csv = new Split(readSplit(trainFile, OnBadRow.FAIL, 16_384), readSplit(testFile, OnBadRow.FAIL, 16_384));
    assertTrue(csv.train().frame().rdd().getNumPartitions() >= 5, "the train file is read by many tasks");
    Split reference = BreastCancer.bundled(spark.get(), 1);
    Split scaledCsv = Scaling.MINMAX.apply(csv);
    Split scaledReference = Scaling.MINMAX.apply(reference);
    assertEquals(SparkTests.rows(scaledReference.train()), SparkTests.rows(scaledCsv.train()));
    assertEquals(SparkTests.rows(scaledReference.test()), SparkTests.rows(scaledCsv.test()));
  }

  @Test
  void gzippedFilesAreReadToo() throws IOException {
    Path p = dir.resolve("packed.csv.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(p))) {
      out.write("a,label\n1,0\n2,1\nthree,0\n".getBytes(StandardCharsets.UTF_8));
    }
    assertEquals(p + ":4: column 'a' (1): 'three' is not a number", badInput(() -> read(p, null, 0)));
    LabeledRows kept = Csv.read(spark.get(), p.toString(), null, 0, OnBadRow.SKIP);
    assertEquals(2, kept.rows());
    assertArrayEquals(new double[] {2}, features(SparkTests.rows(kept).get(1)));
  }

  @Test
  void fileNamesAreNotPatterns() throws IOException {
    write(dir, "odd/a b.csv", "a,label\n1,0\n");
    Path bracket = write(dir, "odd/x[1]*.csv", "a,label\n2,1\nz,0\n");
    write(dir, "odd/y.csv._COPYING_", "a,label\n3,0\n");
    assertEquals(bracket + ":3: column 'a' (1): 'z' is not a number",
        badInput(() -> read(dir.resolve("odd"), null, 0)));
    Files.writeString(bracket, "a,label\n2,1\n");
    List<Row> rows = SparkTests.rows(read(dir.resolve("odd"), null, 0));
    assertEquals(2, rows.size());
    assertArrayEquals(new double[] {2}, features(rows.get(1)));
    Path hidden = write(dir, "_hidden.csv", "a,label\n1,0\n");
    assertEquals(hidden + ": Spark's file sources skip files whose names start with '_' or '.' (or end with "
        + "'._COPYING_'); rename the file", badInput(() -> read(hidden, null, 0)));
  }
}
