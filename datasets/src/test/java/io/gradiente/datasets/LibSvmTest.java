package io.gradiente.datasets;

import static io.gradiente.datasets.SparkTests.badInput;
import static io.gradiente.datasets.SparkTests.features;
import static io.gradiente.datasets.SparkTests.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gradiente.core.data.LabeledRows;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class LibSvmTest {
  @RegisterExtension static final SparkTests.Session spark = new SparkTests.Session();
  @TempDir Path dir;

  @Test
  void readsSparseLinesIntoDenseVectors() throws IOException {
    write(dir, "svm/part-00001", "0 2:7\n");
    write(dir, "svm/part-00000", "1 1:0.5 3:2 # a comment\n\n-1\n");
    write(dir, "svm/_SUCCESS", "");
    String folder = dir.resolve("svm").toString();
    LabeledRows data = LibSvm.read(spark.get(), folder, 0, 2);
    assertEquals(3, data.rows());
    assertEquals(3, data.features());
    List<Row> rows = SparkTests.rows(data);
    assertArrayEquals(new double[] {0.5, 0, 2}, features(rows.get(0)));
    assertEquals(1.0, rows.get(0).getDouble(2));
    assertArrayEquals(new double[] {0, 0, 0}, features(rows.get(1)));
    assertEquals(-1.0, rows.get(1).getDouble(2));
    assertArrayEquals(new double[] {0, 7, 0}, features(rows.get(2)));
    LabeledRows wide = LibSvm.read(spark.get(), folder, 5, 0);
    assertEquals(5, wide.features());
    assertArrayEquals(new double[] {0, 7, 0, 0, 0}, features(SparkTests.rows(wide).get(2)));
  }

  @Test
  void badTokensNameFileLineAndToken() throws IOException {
    assertEquals(":2: token '3:abc': 'abc' is not a number", refusal("a.txt", "1 1:2\n0 1:1 3:abc\n", 0));
    assertEquals(":1: token '2:1': index 2 is not above the previous index 4", refusal("b.txt", "1 4:1 2:1\n", 0));
    assertEquals(":1: token '0:1': index 0 is below 1 (indices are 1-based)", refusal("c.txt", "1 0:1\n", 0));
    assertEquals(":2: token '7': expected index:value", refusal("d.txt", "1 1:1\n1 7\n", 0));
    assertEquals(":1: label 'yes' is not a number", refusal("e.txt", "yes 1:1\n", 0));
    assertEquals(":1: token '1:NaN': 'NaN' is not a finite number", refusal("f.txt", "1 1:NaN\n", 0));
    assertEquals(":1: token '40:2': index 40 is beyond the 30 features", refusal("g.txt", "1 1:1 40:2\n", 30));
  }

  /** What reading file {@code name} of {@code content}, {@code features} features, is refused with after its path. */
  private String refusal(String name, String content, int features) throws IOException {
    Path p = write(dir, name, content);
    String message = badInput(() -> LibSvm.read(spark.get(), p.toString(), features, 0));
    assertTrue(message.startsWith(p + ":"), message);
    return message.substring(p.toString().length());
  }

  @Test
  void aLargeFileOfSparseRowsIsReadByManyTasksInLineOrder() throws IOException {
    // Row i: label i % 2, index 1 only when i is odd, index 4 always, and a comment line now and then.
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 1_500; i++) {
      if (i % 400 == 3) {
        lines.add("# a comment");
      }
      lines.add((i % 2) + (i % 2 == 1 ? " 1:" + i : "") + "\t4:" + i + ".25");
    }
    Path p = write(dir, "big.svm", String.join("\n", lines) + "\n");
    LabeledRows data = spark.withConf("spark.sql.files.maxPartitionBytes", "1024",
        () -> LibSvm.read(spark.get(), p.toString(), 0, 0));
    int tasks = data.frame().rdd().getNumPartitions();
    assertTrue(tasks >= 10, Files.size(p) + " bytes in splits of 1 KiB read by " + tasks + " tasks");
    assertEquals(4, data.features());
    List<Row> rows = SparkTests.rows(data);
    for (int i = 0; i < 1_500; i++) {
      assertArrayEquals(new double[] {i % 2 == 1 ? i : 0, 0, 0, i + 0.25}, features(rows.get(i)), "row " + i);
      assertEquals(i % 2, rows.get(i).getDouble(2), "label of row " + i);
    }
    int bad = lines.indexOf("1 1:1201\t4:1201.25");
    lines.set(bad, "1 1:1201 4:x");
    Path broken = write(dir, "broken.svm", String.join("\n", lines) + "\n");
    String message = broken + ":" + (bad + 1) + ": token '4:x': 'x' is not a number";
    assertEquals(message, badInput(() -> spark.withConf("spark.sql.files.maxPartitionBytes", "1024",
        () -> LibSvm.read(spark.get(), broken.toString(), 0, 0))));
    LabeledRows kept = spark.withConf("spark.sql.files.maxPartitionBytes", "1024",
        () -> LibSvm.read(spark.get(), broken.toString(), 0, 2, OnBadRow.SKIP));
    assertEquals(1, kept.skippedRows());
    assertEquals(List.of(message), kept.skippedExamples());
    assertEquals(1_499, kept.rows());
    assertArrayEquals(new double[] {0, 0, 0, 1202.25}, features(SparkTests.rows(kept).get(1201)));
  }
}
