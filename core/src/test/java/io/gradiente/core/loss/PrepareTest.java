package io.gradiente.core.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.gradiente.core.data.InstanceBlock;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Rows gathered ahead of their step ({@link BlockKernel#prepare}) give the step's loss and gradient bit for bit,
 * are taken by that step only, and never stand in for other rows.
 */
class PrepareTest {
  private static final int ROWS = 12;
  private static final int FEATURES = 5;
  private static final int CLASSES = 3;
  private static final Loss LOSS = SoftmaxCrossEntropy.INSTANCE;
  private static final int[] ORDER = {7, 2, 11, 0, 5, 9, 1, 10, 3, 8, 4, 6};

  private final Random random = new Random(3);
  private final double[] params = gaussians((FEATURES + 1) * CLASSES);
  private final double[] labels = new double[ROWS];

  PrepareTest() {
    for (int r = 0; r < ROWS; r++) {
      labels[r] = random.nextInt(CLASSES);
    }
  }

  @ParameterizedTest(name = "float values: {0}")
  @ValueSource(booleans = {false, true})
  void preparedRowsGiveTheSameBits(boolean floats) {
    double[] values = gaussians(ROWS * FEATURES);
    Step plain = step(block(values, floats), ORDER, 3, 9);
    InstanceBlock block = block(values, floats);
    BlockKernel.prepare(block, ORDER, 3, 9);
    assertEquals(plain, step(block, ORDER, 3, 9), "the prepared step");
    assertEquals(plain, step(block, ORDER, 3, 9), "the same step again, gathered anew");

    BlockKernel.prepare(block, ORDER, 0, 6);
    Step other = step(block(values, floats), ORDER, 6, 12);
    assertEquals(other, step(block, ORDER, 6, 12), "other rows than the prepared ones");
    assertEquals(plain, step(block, ORDER, 3, 9), "after a mismatch");

    BlockKernel.prepare(block, ORDER, 3, 9);
    assertEquals(plain, step(block, ORDER.clone(), 3, 9), "an equal order in another array");
    BlockKernel.prepare(block, ORDER, 3, 9);
    assertEquals(step(block(values, floats), null, 3, 9), step(block, null, 3, 9), "contiguous rows");
    assertEquals(plain, step(block, ORDER, 3, 9), "prepared rows outlive a contiguous step");
  }

  /** The rows are copied when prepared: a step that takes them does not see the values changed since. */
  @ParameterizedTest(name = "float values: {0}")
  @ValueSource(booleans = {false, true})
  void theStepTakesTheRowsCopiedAhead(boolean floats) {
    double[] values = gaussians(ROWS * FEATURES);
    InstanceBlock block = block(values, floats);
    Step before = step(block, ORDER, 0, 8);
    BlockKernel.prepare(block, ORDER, 0, 8);
    if (floats) {
      Arrays.fill(block.floatValues(), 0f);
    } else {
      Arrays.fill(block.values(), 0.0);
    }
    assertEquals(before, step(block, ORDER, 0, 8), "the prepared copy");
    Step after = step(block, ORDER, 0, 8);
    assertFalse(before.equals(after), "a second step gathers the changed values");
  }

  private Step step(InstanceBlock block, int[] order, int from, int to) {
    double[] gradient = new double[params.length];
    double loss = LOSS.addGradient(block, order, from, to, params, gradient);
    return new Step(loss, gradient);
  }

  private InstanceBlock block(double[] values, boolean floats) {
    if (!floats) {
      return new InstanceBlock(ROWS, FEATURES, values.clone(), labels.clone());
    }
    float[] f = new float[values.length];
    for (int i = 0; i < f.length; i++) {
      f[i] = (float) values[i];
    }
    return new InstanceBlock(ROWS, FEATURES, f, labels.clone());
  }

  private double[] gaussians(int n) {
    double[] a = new double[n];
    for (int i = 0; i < n; i++) {
      a[i] = random.nextGaussian();
    }
    return a;
  }

  /** A step's summed loss and gradient, equal when every bit is. */
  private record Step(double loss, double[] gradient) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Step s && Double.compare(loss, s.loss) == 0 && Arrays.equals(gradient, s.gradient);
    }

    @Override
    public int hashCode() {
      return Double.hashCode(loss) * 31 + Arrays.hashCode(gradient);
    }

    @Override
    public String toString() {
      return "loss " + loss + ", gradient " + Arrays.toString(gradient);
    }
  }
}
