package io.gradiente.core.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Starting parameters: the lesson's uniform draws in [-1, 1), seeded, and the other choices. */
class LinearModelTest {
  @Test
  void uniformDrawsLieInMinusOneToOneAndFillIt() {
    double[] p = LinearModel.initial(784, 10, LinearModel.Init.UNIFORM, 42).params();
    assertEquals(7850, p.length);
    double min = Arrays.stream(p).min().orElseThrow();
    double max = Arrays.stream(p).max().orElseThrow();
    assertTrue(min >= -1 && max < 1, "in [-1, 1): " + min + " .. " + max);
    // 7,850 draws of U(-1, 1): the extremes come within 0.01 of the ends and the mean within 0.05 of 0
    // (its standard deviation is 1 / sqrt(3 * 7850) = 0.0065), which standard normal draws would not do.
    assertTrue(min < -0.99 && max > 0.99, min + " .. " + max);
    assertEquals(0.0, Arrays.stream(p).average().orElseThrow(), 0.05);
    double meanSquare = Arrays.stream(p).map(v -> v * v).average().orElseThrow();
    assertEquals(1.0 / 3, meanSquare, 0.02, "E[u^2] of U(-1, 1) is 1/3");
  }

  @Test
  void uniformDrawsAreSeeded() {
    double[] a = LinearModel.initial(30, 1, LinearModel.Init.UNIFORM, 42).params();
    assertArrayEquals(a, LinearModel.initial(30, 1, LinearModel.Init.UNIFORM, 42).params(), "same seed, same draws");
    assertFalse(Arrays.equals(a, LinearModel.initial(30, 1, LinearModel.Init.UNIFORM, 43).params()),
        "another seed, other draws");
    // In layout order from java.util.Random(seed): 2 nextDouble() - 1.
    java.util.Random random = new java.util.Random(42);
    for (int i = 0; i < a.length; i++) {
      assertEquals(2 * random.nextDouble() - 1, a[i], 0.0, "parameter " + i);
    }
  }

  @Test
  void normalAndZerosStayAvailable() {
    double[] normal = LinearModel.initial(30, 1, LinearModel.Init.NORMAL, 42).params();
    assertEquals(new java.util.Random(42).nextGaussian(), normal[0], 0.0);
    assertArrayEquals(new double[31], LinearModel.initial(30, 1, LinearModel.Init.ZEROS, 42).params());
  }
}
