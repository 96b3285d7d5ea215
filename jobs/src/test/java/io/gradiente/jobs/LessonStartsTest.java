package io.gradiente.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gradiente.core.LocalSpark;
import io.gradiente.core.train.History;
import io.gradiente.core.train.ProgressListener;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lesson's two finite-difference descents, run by {@link Lesson} from the lesson's starts for the lesson's 100
 * iterations, against numpy running the notebook's own cells on the same data (forward differences, delta 1e-6,
 * lr 0.1). The expected values are printed by {@code src/test/resources/reference/lesson-starts.py} (numpy 1.24).
 */
class LessonStartsTest {
  /**
   * numpy takes the mean with pairwise summation, Spark sums two partitions; the forward difference divides that
   * rounding (~1e-16 of an MSE of ~3 to ~30) by delta = 1e-6, so slopes and weights agree to about 1e-9.
   */
  private static final double REL = 1e-8;
  @TempDir
  static Path out;
  private static SparkSession spark;
  private static Lesson lesson;
  private static final ByteArrayOutputStream PRINTED = new ByteArrayOutputStream();

  @BeforeAll
  static void setUp() {
    spark = LocalSpark.start("lesson-starts");
    lesson = new Lesson(spark, new Lesson.Settings(out.toString(), "s", 100, null, 0, false, 42),
        new PrintStream(PRINTED, true, StandardCharsets.UTF_8), id -> ProgressListener.NONE);
  }

  @AfterAll
  static void tearDown() {
    spark.stop();
  }

  @Test
  void slopeOnWAloneFromZeroRecordsTheErrorAfterEachUpdate() {
    TrainJob.Outcome run = lesson.linear("s_fd-w", Lesson.LinearGradient.FD_W);
    String printed = PRINTED.toString(StandardCharsets.UTF_8);
    assertRel(0.08850413823505532, number(printed, "MSE of y = 3x on the data: "), "MSE of y = 3x");

    double[] ws = list(printed, "w after each step: ");
    assertEquals(100, ws.length, "one w per step");
    assertRel(0.20473724697822604, ws[0], "w after step 0");
    assertRel(0.3955496036933681, ws[1], "w after step 1");
    assertRel(1.5219188548187823, ws[9], "w after step 9");
    assertRel(2.921308396697242, ws[49], "w after step 49");
    assertRel(3.007618021813596, ws[99], "w after step 99");
    assertEquals(run.model().weight(0, 0), ws[99], 0.0, "the list ends with the final w");
    assertEquals(0.0, run.model().bias(0), 0.0, "b stays at 0");

    // The lesson appends mse(y, lineal(x, w, 0)) after each update: the training loss after each epoch.
    double[] after = run.result().history().trainLosses();
    assertEquals(100, after.length);
    assertRel(2.765097751270001, after[0], "MSE after update 0");
    assertRel(2.4133857642919256, after[1], "MSE after update 1");
    assertRel(0.8417577799031974, after[9], "MSE after update 9");
    assertRel(0.091158344088753, after[49], "MSE after update 49");
    assertRel(0.08847078555722795, after[99], "MSE after update 99");
  }

  @Test
  void slopeOnWAndBFromZeroAndFiveRecordsTheErrorBeforeEachUpdate() {
    TrainJob.Outcome run = lesson.linear("s_fd-wb", Lesson.LinearGradient.FD_WB);
    History h = run.result().history();
    double[] before = h.batchLosses();
    assertEquals(100, before.length);
    // At (0, 5) the MSE is mean((y - 5)^2): far from the answer, as the lesson wants.
    assertRel(28.4682090715715, before[0], "MSE before update 0");
    assertRel(18.95562008269017, before[1], "MSE before update 1");
    assertRel(1.410572854516291, before[9], "MSE before update 9");
    assertRel(0.09067608914856468, before[49], "MSE before update 49");
    assertRel(0.08758195275957954, before[99], "MSE before update 99");
    assertRel(3.0076180218066573, run.model().weight(0, 0), "final w");
    assertRel(-0.02981975559479988, run.model().bias(0), "final b");
  }

  private static double number(String printed, String label) {
    int at = printed.indexOf(label);
    assertTrue(at >= 0, "prints '" + label + "': " + printed);
    return Double.parseDouble(printed.substring(at + label.length()).lines().findFirst().orElseThrow().trim());
  }

  private static double[] list(String printed, String label) {
    int at = printed.indexOf(label);
    assertTrue(at >= 0, "prints '" + label + "': " + printed);
    String line = printed.substring(at + label.length()).lines().findFirst().orElseThrow().trim();
    assertTrue(line.startsWith("[") && line.endsWith("]"), line);
    return Arrays.stream(line.substring(1, line.length() - 1).split(", ")).mapToDouble(Double::parseDouble).toArray();
  }

  private static void assertRel(double expected, double actual, String what) {
    assertEquals(expected, actual, REL * Math.abs(expected), what);
  }
}
