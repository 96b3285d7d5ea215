package io.gradiente.core.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class MomentumTest {
  @Test
  void classicalMomentumByHand() {
    Momentum m = new Momentum(2, 0.1, 0.9);
    double[] w = {1.0, -2.0};
    m.step(w, new double[] {2.0, -1.0});
    // v = -0.1 * g = [-0.2, 0.1]; w = [0.8, -1.9]
    assertArrayEquals(new double[] {0.8, -1.9}, w, 1e-15);
    m.step(w, new double[] {1.0, 0.0});
    // v = 0.9 * [-0.2, 0.1] - 0.1 * [1, 0] = [-0.28, 0.09]; w = [0.52, -1.81]
    assertArrayEquals(new double[] {0.52, -1.81}, w, 1e-15);
    assertArrayEquals(new double[] {-0.28, 0.09}, m.state(), 1e-15);
  }

  @Test
  void zeroMomentumIsPlainGradientDescentBitForBit() {
    Momentum m = new Momentum(1, 0.1, 0.0);
    double[] w = {0.3};
    m.step(w, new double[] {0.7});
    assertEquals(0.3 - 0.1 * 0.7, w[0], 0.0);
  }

  @Test
  void stateRoundTrips() {
    Momentum a = new Momentum(1, 0.5, 0.5);
    double[] w = {1};
    a.step(w, new double[] {1});
    Momentum b = new Momentum(1, 0.5, 0.5);
    b.restore(a.state());
    double[] wa = w.clone();
    double[] wb = w.clone();
    a.step(wa, new double[] {2});
    b.step(wb, new double[] {2});
    assertArrayEquals(wa, wb, 0.0);
  }

  @Test
  void rejectsBadHyperparameters() {
    assertThrows(IllegalArgumentException.class, () -> new Momentum(1, 0, 0.5));
    assertThrows(IllegalArgumentException.class, () -> new Momentum(1, 0.1, 1.0));
    assertThrows(IllegalArgumentException.class, () -> new Momentum(1, 0.1, -0.1));
  }
}
