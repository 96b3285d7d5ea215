package io.gradiente.notebook;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class TsneTest {
  /** Two Gaussian blobs in 10 dimensions, 60 points each, centres 20 apart, unit spread. */
  private static double[][] blobs(long seed) {
    Random r = new Random(seed);
    double[][] x = new double[120][10];
    for (int i = 0; i < x.length; i++) {
      for (int f = 0; f < 10; f++) {
        x[i][f] = r.nextGaussian() + (i < 60 && f == 0 ? 20 : 0);
      }
    }
    return x;
  }

  @Test
  void calibrationHitsTheTargetEntropy() {
    double[][] d = Tsne.squaredDistances(blobs(3));
    for (double perplexity : new double[] {5, 30, 50}) {
      for (int i : new int[] {0, 59, 60, 119}) {
        Tsne.Conditional c = Tsne.conditional(d[i], i, perplexity, Tsne.ENTROPY_TOLERANCE);
        double h = 0;
        double sum = 0;
        for (double p : c.p()) {
          sum += p;
          h -= p > 0 ? p * Math.log(p) : 0;
        }
        assertEquals(0.0, c.p()[i]);
        assertEquals(1.0, sum, 1e-12);
        assertEquals(Math.log(perplexity), h, 1e-5, "entropy of row " + i + " at perplexity " + perplexity);
        assertEquals(h, c.entropy(), 1e-9);
      }
    }
  }

  @Test
  void calibrationSurvivesHugeDistances() {
    double[] d = {0, 1e6, 1e6 + 1, 1e6 + 4, 1e6 + 9, 1e6 + 16};
    Tsne.Conditional c = Tsne.conditional(d, 0, 3, Tsne.ENTROPY_TOLERANCE);
    assertEquals(Math.log(3), c.entropy(), 1e-5);
    assertTrue(Double.isFinite(c.beta()));
  }

  @Test
  void wellSeparatedBlobsStaySeparated() {
    double[][] y = new Tsne(20, 500, 7).embed(blobs(5), 2).y();
    double[] ca = centroid(y, 0, 60);
    double[] cb = centroid(y, 60, 120);
    double between = dist(ca, cb);
    double spread = 0;
    for (int i = 0; i < 120; i++) {
      spread = Math.max(spread, dist(y[i], i < 60 ? ca : cb));
    }
    assertTrue(between > 2 * spread, "centroids " + between + " apart, largest distance to own centroid " + spread);
    // Every point's nearest neighbour in the embedding is in its own blob.
    for (int i = 0; i < 120; i++) {
      int best = -1;
      for (int j = 0; j < 120; j++) {
        if (j != i && (best < 0 || dist(y[i], y[j]) < dist(y[i], y[best]))) {
          best = j;
        }
      }
      assertEquals(i < 60, best < 60, "nearest neighbour of " + i);
    }
  }

  @Test
  void sameSeedSameEmbeddingOtherSeedAnother() {
    double[][] x = blobs(11);
    Tsne.Result a = new Tsne(10, 300, 1).embed(x, 2);
    Tsne.Result b = new Tsne(10, 300, 1).embed(x, 2);
    Tsne.Result c = new Tsne(10, 300, 2).embed(x, 2);
    for (int i = 0; i < x.length; i++) {
      assertArrayEquals(a.y()[i], b.y()[i], 0.0);
    }
    assertEquals(a.klDivergence(), b.klDivergence(), 0.0);
    assertTrue(a.y()[0][0] != c.y()[0][0]);
    assertTrue(a.klDivergence() > 0 && a.klDivergence() < 2, "KL " + a.klDivergence());
  }

  @Test
  void rejectsTooFewPointsForThePerplexity() {
    assertThrows(IllegalArgumentException.class, () -> new Tsne(30, 10, 1).embed(new double[20][3], 2));
    assertThrows(IllegalArgumentException.class, () -> new Tsne(0, 10, 1));
  }

  private static double[] centroid(double[][] y, int from, int to) {
    double[] c = new double[2];
    for (int i = from; i < to; i++) {
      c[0] += y[i][0] / (to - from);
      c[1] += y[i][1] / (to - from);
    }
    return c;
  }

  private static double dist(double[] a, double[] b) {
    return Math.hypot(a[0] - b[0], a[1] - b[1]);
  }
}
