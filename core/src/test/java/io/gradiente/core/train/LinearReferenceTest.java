package io.gradiente.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gradiente.core.LocalSpark;
import io.gradiente.core.ReferenceJson;
import io.gradiente.core.ResidentStage;
import io.gradiente.core.data.Blocks;
import io.gradiente.core.data.LabeledRows;
import io.gradiente.core.eval.LossSurface;
import io.gradiente.core.loss.SquaredError;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The lesson's linear regression against numpy (reference/linear.json): 100 points y = 3x + (u - 0.5), GD with
 * lr 0.1 for 100 iterations from (w0, b0), analytic and finite-difference, in 1 and 3 partitions. The descents
 * run through a resident stage (two hundred rounds as Spark jobs cost seconds, through the stage milliseconds);
 * the first gradient through one Spark job.
 */
class LinearReferenceTest {
  private static final double REL = 1e-9;
  private static SparkSession spark;
  private static ReferenceJson ref;
  private static Blocks one;
  private static Blocks three;

  @BeforeAll
  static void setUp() throws Exception {
    spark = LocalSpark.start("linear-reference", "local[3]");
    ref = ReferenceJson.load("linear.json");
    LabeledRows rows = LocalSpark.lessonLine(spark);
    one = Blocks.of(rows, 1, 0);
    three = Blocks.of(rows, 3, 0);
  }

  @AfterAll
  static void tearDown() {
    spark.stop();
  }

  @Test
  void gradientAtTheStartMatches() {
    for (Blocks blocks : new Blocks[] {one, three}) {
      RoundExchange exchange = exchange(blocks, Gradient.ANALYTIC);
      RoundResult g = exchange.run(Round.steps(0, 0, 1, false), start());
      double[] mean = new double[2];
      exchange.kernel().meanStep(g, mean);
      assertRel(ref.number("/gradient_at_init/gw"), mean[0], "dMSE/dw");
      assertRel(ref.number("/gradient_at_init/gb"), mean[1], "dMSE/db");
      assertRel(ref.number("/analytic/loss_history/0"), g.meanStepLoss(0), "MSE at the start");
    }
  }

  @Test
  void analyticGradientDescentMatchesNumpy() {
    for (Blocks blocks : new Blocks[] {one, three}) {
      TrainResult r = trainResident(blocks, Gradient.ANALYTIC);
      assertRel(ref.number("/analytic/w"), r.params()[0], "w after 100 iterations");
      assertRel(ref.number("/analytic/b"), r.params()[1], "b after 100 iterations");
      assertEquals(2.9667, r.params()[0], 5e-5, "w to four digits, as the README gives it");
      double[] history = ref.doubles("/analytic/loss_history");
      double[] ours = r.history().batchLosses();
      assertEquals(100, ours.length);
      for (int i = 0; i < history.length; i++) {
        assertRel(history[i], ours[i], "MSE before update " + i);
      }
      // The loss after epoch i is the loss before update i + 1.
      assertRel(history[50], r.history().trainLosses()[49], "train loss after epoch 49");
    }
  }

  @Test
  void finiteDifferenceDescentMatchesNumpy() {
    for (Blocks blocks : new Blocks[] {one, three}) {
      TrainResult r = trainResident(blocks,
          Gradient.forwardDifference(ref.number("/finite_difference/delta"), 0, 1));
      assertRel(ref.number("/finite_difference/w"), r.params()[0], "w");
      assertRel(ref.number("/finite_difference/b"), r.params()[1], "b");
      // A forward difference divides rounding noise in the loss (~1e-13 at MSE ~1000) by delta = 1e-6, so the
      // early slopes of any two implementations differ around 1e-7 relative; descent contracts those early
      // differences away, which is why the final w and b still agree to 1e-9 above.
      double[] history = ref.doubles("/finite_difference/loss_history");
      for (int i = 0; i < history.length; i++) {
        assertEquals(history[i], r.history().batchLosses()[i], 1e-7 * history[i], "MSE before update " + i);
      }
    }
  }

  @Test
  void finiteDifferenceOnWAloneLeavesBWhereItIs() {
    TrainResult r = ResidentStage.train(training(Gradient.forwardDifference(1e-6, 0)), one,
        new double[] {-46.85708143132658, 0.0});
    assertEquals(0.0, r.params()[1], 0.0);
    assertEquals(3.0, r.params()[0], 0.1, "w alone still finds the slope");
  }

  @Test
  void surfaceCornerMatches() {
    double[] ws = LossSurface.arange(1, 5, 0.1);
    double[] bs = LossSurface.arange(-1, 1, 0.01);
    assertEquals(40, ws.length);
    assertEquals(200, bs.length);
    double[][] z = LossSurface.compute(three, SquaredError.INSTANCE, ws, bs);
    for (int j = 0; j < 5; j++) {
      assertEquals(ref.number("/surface/b/" + j), bs[j], 0.0);
      assertEquals(ref.number("/surface/w/" + j), ws[j], 0.0);
      for (int i = 0; i < 5; i++) {
        assertRel(ref.number("/surface/mse_by_b_then_w/" + j + "/" + i), z[j][i],
            "MSE at b index " + j + ", w index " + i);
      }
    }
  }

  private static Training training(Gradient gradient) {
    return new Training(new TrainConfig(TrainConfig.FULL_BATCH, 0.1, 0.0, 100, 42, false).withGradient(gradient),
        SquaredError.INSTANCE);
  }

  private static RoundExchange exchange(Blocks blocks, Gradient gradient) {
    return new JobExchange(blocks, training(gradient).kernel(blocks, 2), 1);
  }

  private static TrainResult trainResident(Blocks blocks, Gradient gradient) {
    return ResidentStage.train(training(gradient), blocks, start());
  }

  private static double[] start() {
    return new double[] {ref.number("/w0"), ref.number("/b0")};
  }

  static void assertRel(double expected, double actual, String what) {
    assertEquals(expected, actual, REL * Math.max(Math.abs(expected), 1e-300), what);
  }
}
