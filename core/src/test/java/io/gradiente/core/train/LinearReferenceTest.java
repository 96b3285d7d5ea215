package io.gradiente.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gradiente.core.LocalSpark;
import io.gradiente.core.data.Blocks;
import io.gradiente.core.data.LabeledRows;
import io.gradiente.core.eval.LossSurface;
import io.gradiente.core.loss.SquaredError;
import io.gradiente.core.train.Gradient;
import io.gradiente.core.train.Training;
import java.io.InputStream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The lesson's linear regression against numpy (reference/linear.json): 100 points y = 3x + (u - 0.5), GD with
 * lr 0.1 for 100 iterations from (w0, b0), analytic and finite-difference, in 1 and 3 partitions.
 */
class LinearReferenceTest {
  private static final double REL = 1e-9;
  private static SparkSession spark;
  private static JsonNode ref;
  private static Blocks one;
  private static Blocks three;

  @BeforeAll
  static void setUp() throws Exception {
    spark = LocalSpark.start("linear-reference");
    try (InputStream in = LinearReferenceTest.class.getResourceAsStream("/reference/linear.json")) {
      ref = new ObjectMapper().readTree(in);
    }
    double[] x = doubles(ref.get("x"));
    double[] y = doubles(ref.get("y"));
    double[][] rows = new double[x.length][];
    for (int i = 0; i < x.length; i++) {
      rows[i] = new double[] {x[i]};
    }
    one = Blocks.of(LabeledRows.of(spark, "linear.json", rows, y), 1, 0);
    three = Blocks.of(LabeledRows.of(spark, "linear.json", rows, y), 3, 0);
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
      assertRel(ref.at("/gradient_at_init/gw").asDouble(), mean[0], "dMSE/dw");
      assertRel(ref.at("/gradient_at_init/gb").asDouble(), mean[1], "dMSE/db");
      assertRel(ref.at("/analytic/loss_history/0").asDouble(), g.meanStepLoss(0), "MSE at the start");
    }
  }

  @Test
  void analyticGradientDescentMatchesNumpy() {
    for (Blocks blocks : new Blocks[] {one, three}) {
      TrainResult r = train(blocks, Gradient.ANALYTIC);
      assertRel(ref.at("/analytic/w").asDouble(), r.params()[0], "w after 100 iterations");
      assertRel(ref.at("/analytic/b").asDouble(), r.params()[1], "b after 100 iterations");
      assertEquals(2.9667, r.params()[0], 5e-5, "w to four digits, as the README gives it");
      double[] history = doubles(ref.at("/analytic/loss_history"));
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
      TrainResult r = train(blocks,
          Gradient.forwardDifference(ref.at("/finite_difference/delta").asDouble(), 0, 1));
      assertRel(ref.at("/finite_difference/w").asDouble(), r.params()[0], "w");
      assertRel(ref.at("/finite_difference/b").asDouble(), r.params()[1], "b");
      // A forward difference divides rounding noise in the loss (~1e-13 at MSE ~1000) by delta = 1e-6, so the
      // early slopes of any two implementations differ around 1e-7 relative; descent contracts those early
      // differences away, which is why the final w and b still agree to 1e-9 above.
      double[] history = doubles(ref.at("/finite_difference/loss_history"));
      for (int i = 0; i < history.length; i++) {
        assertEquals(history[i], r.history().batchLosses()[i], 1e-7 * history[i], "MSE before update " + i);
      }
    }
  }

  @Test
  void finiteDifferenceOnWAloneLeavesBWhereItIs() {
    TrainResult r = training(Gradient.forwardDifference(1e-6, 0)).train(one,
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
    JsonNode corner = ref.at("/surface/mse_by_b_then_w");
    for (int j = 0; j < 5; j++) {
      assertEquals(ref.at("/surface/b/" + j).asDouble(), bs[j], 0.0);
      assertEquals(ref.at("/surface/w/" + j).asDouble(), ws[j], 0.0);
      for (int i = 0; i < 5; i++) {
        assertRel(corner.get(j).get(i).asDouble(), z[j][i], "MSE at b index " + j + ", w index " + i);
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

  private static TrainResult train(Blocks blocks, Gradient gradient) {
    return training(gradient).train(blocks, start());
  }

  private static double[] start() {
    return new double[] {ref.get("w0").asDouble(), ref.get("b0").asDouble()};
  }

  static void assertRel(double expected, double actual, String what) {
    assertEquals(expected, actual, REL * Math.max(Math.abs(expected), 1e-300), what);
  }

  static double[] doubles(JsonNode array) {
    double[] out = new double[array.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = array.get(i).asDouble();
    }
    return out;
  }
}
