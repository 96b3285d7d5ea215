package io.gradiente.core.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RegressionMetricsTest {
  private static RegressionMetrics of(double[] predictions, double[] targets, int from, int to) {
    RegressionMetrics m = new RegressionMetrics();
    for (int i = from; i < to; i++) {
      m.add(predictions[i], targets[i]);
    }
    return m;
  }

  @Test
  void handComputedValues() {
    // errors -1, 0, -2, -1: SSE 6; targets mean 3.5, SST 4 * 1.5^2 = 9; R^2 = 1 - 6/9.
    double[] predictions = {1, 2, 3, 4};
    double[] targets = {2, 2, 5, 5};
    RegressionMetrics m = of(predictions, targets, 0, 4);
    assertEquals(4, m.count());
    assertEquals(6.0, m.sse(), 0.0);
    assertEquals(9.0, m.sst(), 0.0);
    assertEquals(3.5, m.targetMean(), 0.0);
    assertEquals(1.5, m.mse(), 0.0);
    assertEquals(Math.sqrt(1.5), m.rmse(), 0.0);
    assertEquals(1.0 / 3.0, m.r2(), 1e-15);
  }

  @Test
  void mergingPartsEqualsAddingAllRows() {
    Random random = new Random(42);
    int n = 1001;
    double[] predictions = new double[n];
    double[] targets = new double[n];
    for (int i = 0; i < n; i++) {
      targets[i] = 100 + 10 * random.nextGaussian();
      predictions[i] = targets[i] + random.nextGaussian();
    }
    RegressionMetrics all = of(predictions, targets, 0, n);
    RegressionMetrics halves = of(predictions, targets, 0, n / 2).merge(of(predictions, targets, n / 2, n));
    RegressionMetrics uneven = new RegressionMetrics()
        .merge(of(predictions, targets, 0, 1))
        .merge(new RegressionMetrics())
        .merge(of(predictions, targets, 1, 700))
        .merge(of(predictions, targets, 700, n));
    for (RegressionMetrics merged : new RegressionMetrics[] {halves, uneven}) {
      assertEquals(all.count(), merged.count());
      assertEquals(all.sse(), merged.sse(), 1e-12 * all.sse());
      assertEquals(all.sst(), merged.sst(), 1e-12 * all.sst());
      assertEquals(all.targetMean(), merged.targetMean(), 1e-12 * all.targetMean());
      assertEquals(all.mse(), merged.mse(), 1e-12);
      assertEquals(all.rmse(), merged.rmse(), 1e-12);
      assertEquals(all.r2(), merged.r2(), 1e-12);
    }
    // A two-pass oracle for SST and R^2.
    double mean = 0;
    for (double t : targets) {
      mean += t;
    }
    mean /= n;
    double sst = 0;
    double sse = 0;
    for (int i = 0; i < n; i++) {
      sst += (targets[i] - mean) * (targets[i] - mean);
      sse += (predictions[i] - targets[i]) * (predictions[i] - targets[i]);
    }
    assertEquals(sst, all.sst(), 1e-9 * sst);
    assertEquals(1 - sse / sst, all.r2(), 1e-12);
  }

  @Test
  void mergeReturnsThisAndAddChains() {
    RegressionMetrics m = new RegressionMetrics();
    assertSame(m, m.merge(new RegressionMetrics()));
    assertSame(m, m.add(1, 2).add(3, 2));
    assertEquals(2, m.count());
    assertEquals(2.0, m.sse(), 0.0);
  }

  @Test
  void constantTargetFollowsSklearnConvention() {
    RegressionMetrics perfect = new RegressionMetrics().add(5, 5).add(5, 5).add(5, 5);
    assertEquals(0.0, perfect.sst(), 0.0);
    assertEquals(1.0, perfect.r2(), 0.0);
    RegressionMetrics off = new RegressionMetrics().add(5, 5).merge(new RegressionMetrics().add(6, 5).add(5, 5));
    assertEquals(0.0, off.sst(), 0.0);
    assertEquals(1.0 / 3.0, off.mse(), 1e-15);
    assertEquals(0.0, off.r2(), 0.0);
  }

  @Test
  void emptyMetricsAreUndefined() {
    RegressionMetrics empty = new RegressionMetrics();
    assertEquals(0, empty.count());
    assertThrows(IllegalStateException.class, empty::mse);
    assertThrows(IllegalStateException.class, empty::rmse);
    assertThrows(IllegalStateException.class, empty::r2);
    assertThrows(IllegalStateException.class, empty::targetMean);
  }

  @Test
  void survivesSerialization() throws IOException, ClassNotFoundException {
    RegressionMetrics m = new RegressionMetrics().add(1, 2).add(2, 2).add(3, 5).add(4, 5);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(m);
    }
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      RegressionMetrics copy = (RegressionMetrics) in.readObject();
      assertEquals(4, copy.count());
      assertEquals(1.5, copy.mse(), 0.0);
      assertEquals(1.0 / 3.0, copy.r2(), 1e-15);
    }
  }
}
