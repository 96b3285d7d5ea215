package io.gradiente.core.loss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gradiente.core.data.InstanceBlock;
import io.gradiente.core.data.Precision;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A float block gives the double kernel's loss and gradient up to float rounding of the products' inputs, for the
 * same (float-representable) values, over gathered and contiguous rows; the gradient accumulates.
 */
class FloatKernelTest {
  private static final int FEATURES = 7;
  private static final double TOLERANCE = 1e-5;

  static Stream<Arguments> cases() {
    return Stream.of(Arguments.of(SquaredError.INSTANCE, 0), Arguments.of(BinaryCrossEntropy.INSTANCE, 2),
        Arguments.of(SoftmaxCrossEntropy.INSTANCE, 4));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void floatBlockMatchesDoubleBlock(Loss loss, int classes) {
    Random random = new Random(5);
    int rows = 9;
    float[] floats = new float[rows * FEATURES];
    double[] doubles = new double[floats.length];
    for (int i = 0; i < floats.length; i++) {
      floats[i] = (float) random.nextGaussian();
      doubles[i] = floats[i];
    }
    double[] labels = new double[rows];
    for (int r = 0; r < rows; r++) {
      labels[r] = classes == 0 ? random.nextGaussian() : random.nextInt(classes);
    }
    InstanceBlock fb = new InstanceBlock(rows, FEATURES, floats, labels);
    InstanceBlock db = new InstanceBlock(rows, FEATURES, doubles, labels);
    assertEquals(Precision.FLOAT, fb.precision());
    assertEquals(doubles[3 * FEATURES + 2], fb.value(3, 2), 0.0);
    int k = loss.outputs(classes);
    double[] params = new double[(FEATURES + 1) * k];
    for (int i = 0; i < params.length; i++) {
      params[i] = random.nextGaussian() * 0.5;
    }
    int[] order = {8, 1, 4, 0, 7, 2, 6, 3, 5};
    for (int[] o : new int[][] {null, order}) {
      double[] expected = new double[params.length];
      double[] actual = new double[params.length];
      double expectedLoss = loss.addGradient(db, o, 2, 8, params, expected);
      double actualLoss = loss.addGradient(fb, o, 2, 8, params, actual);
      assertEquals(expectedLoss, actualLoss, TOLERANCE * Math.abs(expectedLoss), "summed loss");
      assertArrayEquals(expected, actual, TOLERANCE * LossKernelTest.maxAbs(expected), "gradient");
      assertEquals(expectedLoss, loss.loss(fb, o, 2, 8, params), TOLERANCE * Math.abs(expectedLoss), "loss only");
      loss.addGradient(fb, o, 2, 8, params, actual);
      for (int i = 0; i < actual.length; i++) {
        assertEquals(2 * expected[i], actual[i], 2 * TOLERANCE * LossKernelTest.maxAbs(expected),
            "accumulated gradient " + i);
      }
    }
    double[] expectedMargins = new double[rows * k];
    double[] actualMargins = new double[rows * k];
    BlockKernel.margins(db, 0, rows, params, expectedMargins);
    BlockKernel.margins(fb, 0, rows, params, actualMargins);
    assertArrayEquals(expectedMargins, actualMargins, TOLERANCE * LossKernelTest.maxAbs(expectedMargins), "margins");
  }
}
