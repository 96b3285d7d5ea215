package io.gradiente.core.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gradiente.core.LocalSpark;
import io.gradiente.core.data.BadInputException;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunReportTest {
  private static SparkSession spark;

  @BeforeAll
  static void setUp() {
    spark = LocalSpark.start("run-report");
  }

  @AfterAll
  static void tearDown() {
    spark.stop();
  }

  private static RunReport report(double loss) {
    return new RunReport("r1")
        .add("history", Tables.HISTORY, 0, 0, loss, null, loss * 2)
        .add("history", Tables.HISTORY, 0, 1, loss / 2, loss / 3, null)
        .add("metrics", Tables.METRICS, "test", "accuracy", null, 0.5)
        .file("loss.png", new byte[] {1, 2, 3});
  }

  @Test
  void writesTablesAndFilesThatReadBack(@TempDir Path dir) throws Exception {
    org.apache.hadoop.fs.Path written = report(0.9).write(spark, dir.toString(), false);
    assertTrue(written.toString().endsWith("/r1"), written.toString());
    List<Row> history = spark.read().parquet(dir.resolve("r1/history").toString()).orderBy("step").collectAsList();
    assertEquals(2, history.size());
    assertEquals(Tables.HISTORY.asNullable(), spark.read().parquet(dir.resolve("r1/history").toString()).schema());
    assertEquals("r1", history.get(1).getString(0));
    assertEquals(0.45, history.get(1).getDouble(3), 0.0);
    assertTrue(history.get(0).isNullAt(4));
    assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(dir.resolve("r1/loss.png")));
    assertEquals(List.of("r1"), listNames(dir), "no temporary folder is left behind");
  }

  @Test
  void refusesToOverwriteUnlessAskedAndReplacesWhole(@TempDir Path dir) {
    report(0.9).write(spark, dir.toString(), false);
    BadInputException e = assertThrows(BadInputException.class, () -> report(0.7).write(spark, dir.toString(), false));
    assertTrue(e.getMessage().contains("already exists") && e.getMessage().contains("--overwrite"), e.getMessage());
    assertEquals(0.9, first(dir), 0.0, "the old report is untouched");
    report(0.7).write(spark, dir.toString(), true);
    assertEquals(0.7, first(dir), 0.0);
    assertEquals(List.of("r1"), listNames(dir));
  }

  @Test
  void aFailedWriteLeavesNothing(@TempDir Path dir) {
    RunReport bad = report(0.9).add("broken", Tables.METRICS, "test", "x", null, "not a double");
    assertThrows(RuntimeException.class, () -> bad.write(spark, dir.toString(), false));
    assertEquals(List.of(), listNames(dir));
  }

  @Test
  void rejectsRunIdsThatAreNotPlainNames() {
    assertThrows(BadInputException.class, () -> new RunReport("../x"));
    assertThrows(BadInputException.class, () -> new RunReport(".hidden"));
    assertEquals("2026-11-27T10.00_lesson-linear", new RunReport("2026-11-27T10.00_lesson-linear").runId());
  }

  private static double first(Path dir) {
    return spark.read().parquet(dir.resolve("r1/history").toString()).orderBy("step").first().getDouble(3);
  }

  private static List<String> listNames(Path dir) {
    File[] files = dir.toFile().listFiles();
    assertFalse(files == null);
    return java.util.Arrays.stream(files).map(File::getName).sorted().toList();
  }
}
