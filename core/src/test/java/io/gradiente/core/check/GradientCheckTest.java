package io.gradiente.core.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gradiente.core.LocalSpark;
import io.gradiente.core.data.Blocks;
import io.gradiente.core.loss.Loss;
import io.gradiente.core.loss.SquaredError;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The lesson's gradient check on the lesson's 100 points (reference/linear.json): 100 random (w, b) in
 * [-50, 50), forward differences with delta 1e-6, absolute error per component at most 1e-5.
 */
class GradientCheckTest {
  private static SparkSession spark;
  private static Blocks blocks;

  @BeforeAll
  static void setUp() throws Exception {
    spark = LocalSpark.start("gradient-check");
    blocks = Blocks.of(LocalSpark.lessonLine(spark), 2, 0);
  }

  @AfterAll
  static void tearDown() {
    spark.stop();
  }

  private static GradientCheck.Forward lessonCheck(Loss loss) {
    return GradientCheck.forwardAbsolute(blocks, loss, 2, GradientCheck.LESSON_POINTS, GradientCheck.LESSON_RANGE,
        42, GradientCheck.STEP, GradientCheck.DEFAULT_TOLERANCE);
  }

  @Test
  void theLessonsCheckPassesOnTheSquaredErrorAndSaysSo() {
    GradientCheck.Forward check = lessonCheck(SquaredError.INSTANCE);
    assertEquals(100, check.points().length);
    for (double[] p : check.points()) {
      assertTrue(Math.abs(p[0]) <= 50 && Math.abs(p[1]) <= 50, p[0] + ", " + p[1]);
    }
    assertTrue(check.passed(), "largest error " + check.maxError());
    assertEquals(List.of("No hubo errores en la prueba"), check.lessonLines());
    // numpy, the lesson's own code on the same data and 100 points from random.uniform(-50, 50) with
    // random.seed(42): the largest |slope - gradient| is 1.96e-6. A forward difference is off by about
    // delta/2 * d2MSE/db2 = 1e-6 plus rounding, so the errors are small but never all zero.
    assertTrue(check.maxError() > 1e-8 && check.maxError() < 5e-6, "largest error " + check.maxError());
  }

  @Test
  void aWrongGradientFailsEveryPointAndEachIsPrinted() {
    // The classic mistake: the gradient without the square's factor 2, so it is half the slope.
    GradientCheck.Forward half = lessonCheck(new ShiftedSquaredError(0.5, 0));
    assertEquals(100, half.failures());
    List<String> lines = half.lessonLines();
    assertEquals(300, lines.size(), "per failing point: the point, pw - gw and pb - gb");
    double[] p = half.points()[0];
    assertTrue(lines.get(0).startsWith("Error para w=" + p[0] + ", b=" + p[1] + ". pw="), lines.get(0));
    assertEquals(half.slopes()[0][0] - half.gradients()[0][0], Double.parseDouble(lines.get(1)), 0.0);
  }

  @Test
  void theToleranceIsAbsoluteAndPerComponent() {
    // A bias gradient off by 3e-5 (every row's dloss/dz shifted by 3e-5; the x are symmetric around 0, so the
    // w component barely moves): over 1e-5 at every point, though tiny next to gradients of size ~100.
    GradientCheck.Forward off = lessonCheck(new ShiftedSquaredError(1, 3e-5));
    assertEquals(100, off.failures(), "largest error " + off.maxError());
    // Off by 5e-6 only: within 1e-5 together with the forward difference's own error (< 2.5e-6 here).
    assertTrue(lessonCheck(new ShiftedSquaredError(1, 5e-6)).passed());
  }

  @Test
  void theCentralRelativeCheckPassesAndCatchesTheMissingFactorTwo() {
    GradientCheck.Central ok = GradientCheck.centralRelative(blocks, SquaredError.INSTANCE, 2, 100, 10, 1, 1e-5);
    assertTrue(ok.passed(), ok.verdict());
    assertEquals(100, ok.relativeErrors().length);
    assertTrue(ok.maxError() < 1e-7, ok.verdict());
    assertTrue(ok.verdict().startsWith("central-difference check PASSED: 100 points"), ok.verdict());

    GradientCheck.Central wrong = GradientCheck.centralRelative(blocks, new ShiftedSquaredError(0.5, 0), 2, 10, 10,
        1, 1e-5);
    assertEquals(10, wrong.failures(), wrong.verdict());
    assertTrue(wrong.verdict().startsWith("central-difference check FAILED"), wrong.verdict());
  }

  /** The squared error with its gradient's per-row multipliers scaled by {@code scale} and shifted by {@code shift}. */
  private static final class ShiftedSquaredError implements Loss {
    private static final long serialVersionUID = 1L;
    private final double scale;
    private final double shift;

    ShiftedSquaredError(double scale, double shift) {
      this.scale = scale;
      this.shift = shift;
    }

    @Override
    public String name() {
      return "wrong";
    }

    @Override
    public int outputs(int classes) {
      return 1;
    }

    @Override
    public double toMultipliers(double[] margins, double[] labels, int labelOffset, int rows, int outputs) {
      double loss = SquaredError.INSTANCE.toMultipliers(margins, labels, labelOffset, rows, outputs);
      for (int r = 0; r < rows; r++) {
        margins[r] = margins[r] * scale + shift;
      }
      return loss;
    }

    @Override
    public double lossSum(double[] margins, double[] labels, int labelOffset, int rows, int outputs) {
      return SquaredError.INSTANCE.lossSum(margins, labels, labelOffset, rows, outputs);
    }

    @Override
    public double predict(double[] margins, int offset, int outputs) {
      return margins[offset];
    }
  }
}
