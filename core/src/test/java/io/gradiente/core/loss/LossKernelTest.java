package io.gradiente.core.loss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gradiente.core.data.InstanceBlock;
import io.gradiente.core.eval.Evaluator;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each block kernel equals a per-row computation written straight from the formulas. */
class LossKernelTest {
  private static final int FEATURES = 5;

  static Stream<Arguments> cases() {
    Stream.Builder<Arguments> b = Stream.builder();
    for (int rows : new int[] {1, 2, 4}) {
      b.add(Arguments.of(SquaredError.INSTANCE, 0, rows));
      b.add(Arguments.of(BinaryCrossEntropy.INSTANCE, 2, rows));
      b.add(Arguments.of(SoftmaxCrossEntropy.INSTANCE, 3, rows));
    }
    return b.build();
  }

  @ParameterizedTest(name = "{0} rows={2}")
  @MethodSource("cases")
  void blockKernelEqualsPerRowOracle(Loss loss, int classes, int rows) {
    Random random = new Random(7 + rows);
    InstanceBlock block = block(random, rows, classes);
    int k = loss.outputs(classes);
    double[] params = gaussian(random, (FEATURES + 1) * k);
    double[] grad = new double[params.length];
    double lossSum = loss.addGradient(block, null, 0, rows, params, grad);

    double[] expectedGrad = new double[params.length];
    double expectedLoss = 0;
    for (int r = 0; r < rows; r++) {
      expectedLoss += oracle(loss, block, r, params, k, expectedGrad);
    }
    assertEquals(expectedLoss, lossSum, 1e-9 * Math.abs(expectedLoss), "summed loss");
    assertArrayEquals(expectedGrad, grad, 1e-9 * maxAbs(expectedGrad), "gradient");
    assertEquals(expectedLoss, loss.loss(block, null, 0, rows, params), 1e-9 * Math.abs(expectedLoss), "loss only");

    // A second call adds the same gradient again: the buffer accumulates.
    double again = loss.addGradient(block, null, 0, rows, params, grad);
    assertEquals(lossSum, again, 0.0);
    for (int i = 0; i < grad.length; i++) {
      assertEquals(2 * expectedGrad[i], grad[i], 2e-9 * maxAbs(expectedGrad), "accumulated gradient " + i);
    }
  }

  @ParameterizedTest(name = "{0} rows={2}")
  @MethodSource("cases")
  void selectedRowsInAnyOrderEqualTheOracleOnThoseRows(Loss loss, int classes, int rows) {
    Random random = new Random(11);
    InstanceBlock block = block(random, 6, classes);
    int k = loss.outputs(classes);
    double[] params = gaussian(random, (FEATURES + 1) * k);
    int[] order = {5, 2, 0, 4, 1, 3};
    double[] grad = new double[params.length];
    double lossSum = loss.addGradient(block, order, 1, 1 + rows, params, grad);
    double[] expectedGrad = new double[params.length];
    double expectedLoss = 0;
    for (int i = 1; i < 1 + rows; i++) {
      expectedLoss += oracle(loss, block, order[i], params, k, expectedGrad);
    }
    assertEquals(expectedLoss, lossSum, 1e-9 * Math.abs(expectedLoss));
    assertArrayEquals(expectedGrad, grad, 1e-9 * maxAbs(expectedGrad));
  }

  @Test
  void handComputedSquaredError() {
    // x = [1, 2], y = [1, 1], w = 2, b = 0.5: residuals 1.5 and 3.5.
    InstanceBlock block = new InstanceBlock(2, 1, new double[] {1, 2}, new double[] {1, 1});
    double[] grad = new double[2];
    double loss = SquaredError.INSTANCE.addGradient(block, null, 0, 2, new double[] {2, 0.5}, grad);
    assertEquals(1.5 * 1.5 + 3.5 * 3.5, loss, 1e-12);
    assertEquals(2 * (1.5 * 1 + 3.5 * 2), grad[0], 1e-12);
    assertEquals(2 * (1.5 + 3.5), grad[1], 1e-12);
  }

  @Test
  void extremeMarginsStayFinite() {
    InstanceBlock block = new InstanceBlock(2, 1, new double[] {1000, -1000}, new double[] {0, 1});
    double[] g1 = new double[2];
    double l1 = BinaryCrossEntropy.INSTANCE.addGradient(block, null, 0, 2, new double[] {1, 0}, g1);
    assertEquals(2000.0, l1, 1e-9, "both rows are wrong by a margin of 1000");
    assertEquals(2000.0, g1[0], 1e-9, "1 * 1000 + (-1) * (-1000)");
    double[] g2 = new double[6];
    InstanceBlock three = new InstanceBlock(1, 1, new double[] {1}, new double[] {2});
    double l2 = SoftmaxCrossEntropy.INSTANCE.addGradient(three, null, 0, 1, new double[] {1000, 0, -1000, 0, 0, 0}, g2);
    assertEquals(2000.0, l2, 1e-9);
    assertTrue(Double.isFinite(g2[0]) && Double.isFinite(g2[2]));
    assertEquals(1.0, g2[0], 1e-12);
    assertEquals(-1.0, g2[2], 1e-12);
  }

  @Test
  void probabilityFloorClipsTheReportedLossButNotTheGradient() {
    // Softmax: margins [0, 0, -20] for label 2 give p = e^-20 / (2 + e^-20) ~ 1.03e-9 < 1e-6.
    InstanceBlock block = new InstanceBlock(2, 1, new double[] {1, 1}, new double[] {2, 0});
    double[] params = {0, 0, -20, 0, 0, 0};
    double[] exact = new double[6];
    double[] floored = new double[6];
    double exactLoss = SoftmaxCrossEntropy.INSTANCE.addGradient(block, null, 0, 2, params, exact);
    double flooredLoss = SoftmaxCrossEntropy.withProbabilityFloor(1e-6).addGradient(block, null, 0, 2, params, floored);
    double row0 = Math.log(2 + Math.exp(-20)) + 20;
    double row1 = Math.log(2 + Math.exp(-20));
    assertEquals(row0 + row1, exactLoss, 1e-12);
    assertEquals(-Math.log(1e-6) + row1, flooredLoss, 1e-12);
    assertArrayEquals(exact, floored, 0.0);
    assertEquals(flooredLoss, SoftmaxCrossEntropy.withProbabilityFloor(1e-6).loss(block, null, 0, 2, params), 0.0);

    // Logistic: z = 30 for label 0 gives p(0) = sigmoid(-30) ~ 9.4e-14.
    InstanceBlock one = new InstanceBlock(1, 1, new double[] {1}, new double[] {0});
    double[] g = new double[2];
    assertEquals(-Math.log(1e-6),
        BinaryCrossEntropy.withProbabilityFloor(1e-6).addGradient(one, null, 0, 1, new double[] {30, 0}, g), 1e-12);
    assertEquals(30 + Math.log1p(Math.exp(-30)), BinaryCrossEntropy.INSTANCE.loss(one, null, 0, 1, new double[] {30, 0}),
        1e-12);
    assertEquals(1.0 / (1 + Math.exp(-30)), g[0], 1e-15, "the gradient stays sigmoid(z) - y");
  }

  /** {@link RowOracle} on row {@code r} of the block. */
  private static double oracle(Loss loss, InstanceBlock block, int r, double[] p, int k, double[] grad) {
    double[] x = new double[FEATURES];
    for (int f = 0; f < FEATURES; f++) {
      x[f] = block.value(r, f);
    }
    return RowOracle.add(loss, x, block.label(r), p, k, grad);
  }

  /**
   * A block built through the public constructors with a label outside the classes (or not a class index) is
   * refused before any margin is read, in double and float, for the gradient, the loss and the evaluation; before,
   * the kernel read the next row's margin for a label of K. A non-finite label is refused when the block is built.
   */
  @Test
  void softmaxRefusesLabelsOutsideItsClassesWhateverBuiltTheBlock() {
    double[] params = new double[(FEATURES + 1) * 3];
    double[] values = gaussian(new Random(5), 2 * FEATURES);
    float[] floats = new float[values.length];
    for (double[] labels : new double[][] {{3, 0}, {0, 1.5}, {-1, 0}}) {
      for (InstanceBlock b : new InstanceBlock[] {new InstanceBlock(2, FEATURES, values, labels),
          new InstanceBlock(2, FEATURES, floats, labels)}) {
        Loss loss = SoftmaxCrossEntropy.INSTANCE;
        Executable[] uses = {() -> loss.addGradient(b, null, 0, 2, params, new double[params.length]),
            () -> loss.loss(b, null, 0, 2, params), () -> Evaluator.lossSum(b, loss, params)};
        for (Executable use : uses) {
          IllegalArgumentException e = assertThrows(IllegalArgumentException.class, use);
          assertTrue(e.getMessage().startsWith("softmax over 3 classes needs labels 0..2, got "), e.getMessage());
        }
      }
    }
    assertEquals(3, new InstanceBlock(2, FEATURES, values, new double[] {2, 0}).labelClasses());
    IllegalArgumentException nan = assertThrows(IllegalArgumentException.class,
        () -> new InstanceBlock(2, FEATURES, values, new double[] {0, Double.NaN}));
    assertEquals("row 1 of the block has label NaN", nan.getMessage());
  }

  private static InstanceBlock block(Random random, int rows, int classes) {
    double[] values = gaussian(random, rows * FEATURES);
    double[] labels = new double[rows];
    for (int r = 0; r < rows; r++) {
      labels[r] = classes == 0 ? random.nextGaussian() * 3 : random.nextInt(classes);
    }
    return new InstanceBlock(rows, FEATURES, values, labels);
  }

  private static double[] gaussian(Random random, int n) {
    double[] a = new double[n];
    for (int i = 0; i < n; i++) {
      a[i] = random.nextGaussian();
    }
    return a;
  }

  /** The largest magnitude in {@code a}: the scale of a relative tolerance. */
  static double maxAbs(double[] a) {
    double m = 0;
    for (double v : a) {
      m = Math.max(m, Math.abs(v));
    }
    return m;
  }
}
