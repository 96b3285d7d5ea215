package io.gradiente.core.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ActivationTest {
  @Test
  void relu() {
    assertEquals(0.0, Activation.RELU.apply(-2.0), 0.0);
    assertEquals(0.0, Activation.RELU.apply(0.0), 0.0);
    assertEquals(3.0, Activation.RELU.apply(3.0), 0.0);
  }

  @Test
  void selu() {
    assertEquals(1.0507009873554805, Activation.SELU.apply(1.0), 0.0);
    assertEquals(0.0, Activation.SELU.apply(0.0), 0.0);
    // scale * alpha * (e^-1 - 1) = -1.11133073781256276...; double arithmetic lands within one ulp of it.
    assertEquals(-1.1113307378125628, Activation.SELU.apply(-1.0), 1e-15);
    // The negative branch saturates at -scale * alpha.
    assertEquals(-1.7580993408473766, Activation.SELU.apply(-1000.0), 1e-15);
  }

  @Test
  void tanh() {
    assertEquals(0.46211715726000974, Activation.TANH.apply(0.5), 1e-16);
    assertEquals(-1.0, Activation.TANH.apply(-1000.0), 0.0);
  }

  @Test
  void softplus() {
    assertEquals(Math.log(2.0), Activation.SOFTPLUS.apply(0.0), 0.0);
    assertEquals(1.3132616875182228, Activation.SOFTPLUS.apply(1.0), 1e-15);
    assertEquals(1000.0, Activation.SOFTPLUS.apply(1000.0), 0.0);
    assertEquals(0.0, Activation.SOFTPLUS.apply(-1000.0), 0.0);
  }

  @Test
  void softsign() {
    assertEquals(0.5, Activation.SOFTSIGN.apply(1.0), 0.0);
    assertEquals(-0.75, Activation.SOFTSIGN.apply(-3.0), 0.0);
  }

  @Test
  void sigmoid() {
    assertEquals(0.5, Activation.SIGMOID.apply(0.0), 0.0);
    assertEquals(0.8807970779778823, Activation.SIGMOID.apply(2.0), 1e-16);
    assertEquals(0.11920292202211755, Activation.SIGMOID.apply(-2.0), 1e-17);
    assertEquals(0.0, Activation.SIGMOID.apply(-1000.0), 0.0);
    assertEquals(1.0, Activation.SIGMOID.apply(1000.0), 0.0);
  }

  @Test
  void labelsAndArrays() {
    assertEquals("relu", Activation.RELU.label());
    assertEquals("softplus", Activation.SOFTPLUS.label());
    assertEquals("sigmoid", Activation.SIGMOID.label());
    assertArrayEquals(new double[] {0.0, 0.0, 2.0}, Activation.RELU.apply(new double[] {-1.0, 0.0, 2.0}), 0.0);
  }

  @Test
  void linspaceLikeNumpy() {
    double[] x = Activation.linspace(-10, 10, 100);
    assertEquals(100, x.length);
    assertEquals(-10.0, x[0], 0.0);
    assertEquals(10.0, x[99], 0.0);
    double step = 20.0 / 99.0;
    assertEquals(0.20202020202020202, step, 0.0);
    assertEquals(step, x[1] - x[0], 1e-15);
    // numpy: 50 * (20 / 99) + -10
    assertEquals(0.10101010101010033, x[50], 0.0);
    for (int i = 1; i < x.length; i++) {
      assertEquals(step, x[i] - x[i - 1], 1e-14, "step " + i);
    }
  }

  @Test
  void linspaceEdgeCases() {
    assertArrayEquals(new double[0], Activation.linspace(0, 1, 0), 0.0);
    assertArrayEquals(new double[] {3.0}, Activation.linspace(3, 7, 1), 0.0);
    assertArrayEquals(new double[] {3.0, 7.0}, Activation.linspace(3, 7, 2), 0.0);
    assertArrayEquals(new double[] {2.0, 2.0, 2.0}, Activation.linspace(2, 2, 3), 0.0);
    assertArrayEquals(new double[] {1.0, 0.5, 0.0}, Activation.linspace(1, 0, 3), 0.0);
    assertThrows(IllegalArgumentException.class, () -> Activation.linspace(0, 1, -1));
  }
}
