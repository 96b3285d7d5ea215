package io.gradiente.core.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gradiente.core.LocalSpark;
import io.gradiente.core.eval.ConfusionMatrix;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Report tables read back from an output folder of several runs, as the notes and a user's program read them. */
class ReportsTest {
  private static SparkSession spark;

  @BeforeAll
  static void setUp() {
    spark = LocalSpark.start("reports");
  }

  @AfterAll
  static void tearDown() {
    spark.stop();
  }

  /** Two runs, b with a 2x2 test confusion matrix [[3, 1], [0, 4]]; a without confusion table; a hidden folder. */
  private static String output(Path dir) throws Exception {
    new RunReport("a").add("history", Tables.HISTORY, 0, 0, 0.5, 0.4, null).write(spark, dir.toString(), false);
    new RunReport("b")
        .add("history", Tables.HISTORY, 0, 0, 0.9, 0.8, null)
        .add("history", Tables.HISTORY, 1, 1, 0.7, 0.6, null)
        .add("confusion", Tables.CONFUSION, "test", 0, 0, 3L)
        .add("confusion", Tables.CONFUSION, "test", 0, 1, 1L)
        .add("confusion", Tables.CONFUSION, "test", 1, 0, 0L)
        .add("confusion", Tables.CONFUSION, "test", 1, 1, 4L)
        .write(spark, dir.toString(), false);
    Files.createDirectories(dir.resolve(".c.new"));
    return dir.toString();
  }

  @Test
  void readsEveryRunsTablesAndRegistersTheViews(@TempDir Path dir) throws Exception {
    String output = output(dir);
    assertEquals(List.of("a", "b"), Reports.runs(spark, output), "hidden folders are reports being written");
    assertEquals(3, Reports.table(spark, output, "history").count());
    assertEquals(0, Reports.table(spark, output, "surface").count(), "no run has it: empty");
    assertEquals(Tables.SURFACE, Reports.table(spark, output, "surface").schema(), "with the table's schema");

    assertEquals(2, Reports.register(spark, output));
    List<Row> last = spark.sql("select run_id, train_loss from history h where step = "
        + "(select max(step) from history m where m.run_id = h.run_id) order by run_id").collectAsList();
    assertEquals("[[a,0.4], [b,0.6]]", last.toString());
    assertEquals(4, spark.sql("select * from confusion").count());
  }

  @Test
  void rebuildsAConfusionMatrixAndItsClassificationReport(@TempDir Path dir) throws Exception {
    String output = output(dir);
    ConfusionMatrix cm = Reports.confusion(spark, output, "b", "test");
    assertEquals(3, cm.count(0, 0));
    assertEquals(1, cm.count(0, 1));
    assertEquals(4, cm.count(1, 1));
    assertEquals(4, cm.support(0));
    String report = Reports.classificationReport(spark, output, "b", "test", List.of("no", "yes"));
    assertTrue(report.contains("accuracy") && report.contains("0.88"), report);
    assertTrue(report.lines().anyMatch(l -> l.trim().startsWith("no ") && l.contains("1.00") && l.contains("0.75")),
        "class 'no': precision 3/3, recall 3/4\n" + report);
  }

  @Test
  void namesWhatIsMissing(@TempDir Path dir) throws Exception {
    String output = output(dir);
    IllegalArgumentException noMatrix = assertThrows(IllegalArgumentException.class,
        () -> Reports.confusion(spark, output, "a", "test"));
    assertTrue(noMatrix.getMessage().contains("run a (test)"), noMatrix.getMessage());
    IllegalArgumentException noTable = assertThrows(IllegalArgumentException.class,
        () -> Reports.table(spark, output, "weights"));
    assertTrue(noTable.getMessage().contains("no report table weights"), noTable.getMessage());
    assertEquals(List.of(), Reports.runs(spark, dir.resolve("nothing-here").toString()));
  }
}
