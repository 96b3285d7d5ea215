package io.gradiente.notebook;

import java.util.Random;

/**
 * Exact t-SNE (van der Maaten and Hinton, 2008) for a few thousand points, with scikit-learn's optimisation
 * settings: for every point a Gaussian over its neighbours whose precision is found by binary search so that the
 * distribution's entropy is {@code ln(perplexity)}; the symmetrised joint {@code P}; a Student-t {@code Q} in the
 * embedding; gradient descent on {@code KL(P || Q)} with momentum (0.5, then 0.8), per-coordinate gains, and early
 * exaggeration of {@code P} (x12) for the first 250 iterations. Time and memory are O(n^2): fine for the lesson's
 * 500 training rows, not for millions (use PCA there).
 *
 * <p>Deterministic: the initial embedding is drawn from {@link Random} with the given seed, and every sum runs in a
 * fixed order.
 */
public final class Tsne {
  /** scikit-learn's default perplexity. */
  public static final double DEFAULT_PERPLEXITY = 30;
  /** scikit-learn's default number of iterations. */
  public static final int DEFAULT_ITERATIONS = 1000;
  /** The factor {@code P} is multiplied by during the first {@link #EXAGGERATION_ITERATIONS} iterations. */
  public static final double EXAGGERATION = 12;
  /** Iterations with exaggerated {@code P} and momentum 0.5. */
  public static final int EXAGGERATION_ITERATIONS = 250;
  /** The entropy tolerance of the perplexity calibration, in nats. */
  public static final double ENTROPY_TOLERANCE = 1e-5;

  private static final double MIN_GAIN = 0.01;
  private static final double MIN_PROBABILITY = 1e-12;
  private static final int MAX_BISECTIONS = 200;

  private final double perplexity;
  private final int iterations;
  private final long seed;

  /**
   * A t-SNE with these settings.
   *
   * @param perplexity the effective number of neighbours, {@code > 0}; must be below the number of points
   * @param iterations gradient steps, at least 1
   * @param seed seeds the initial embedding
   */
  public Tsne(double perplexity, int iterations, long seed) {
    if (!(perplexity > 0) || Double.isInfinite(perplexity)) {
      throw new IllegalArgumentException("perplexity must be positive, got " + perplexity);
    }
    if (iterations < 1) {
      throw new IllegalArgumentException("iterations must be at least 1, got " + iterations);
    }
    this.perplexity = perplexity;
    this.iterations = iterations;
    this.seed = seed;
  }

  /**
   * The embedding and how well it fits.
   *
   * @param y {@code y[i]} is point i's coordinates
   * @param klDivergence {@code KL(P || Q)} of the final embedding (without exaggeration)
   */
  public record Result(double[][] y, double klDivergence) {}

  /**
   * One point's conditional distribution over the others.
   *
   * @param p {@code p[j] = P(j | i)}, 0 for {@code j = i}, summing to 1
   * @param beta the precision {@code 1 / (2 sigma^2)} found
   * @param entropy the entropy of {@code p} in nats
   */
  public record Conditional(double[] p, double beta, double entropy) {}

  /** Embeds the rows of {@code x} (all of the same length) in {@code dims} dimensions. */
  public Result embed(double[][] x, int dims) {
    int n = x.length;
    if (dims < 1) {
      throw new IllegalArgumentException("dims must be at least 1, got " + dims);
    }
    if (n < 2 || perplexity >= n) {
      throw new IllegalArgumentException("t-SNE with perplexity " + perplexity + " needs more than " + perplexity
          + " points, got " + n);
    }
    double[][] p = jointProbabilities(squaredDistances(x));
    double[] y = new double[n * dims];
    Random random = new Random(seed);
    for (int i = 0; i < y.length; i++) {
      y[i] = 1e-4 * random.nextGaussian();
    }
    double learningRate = Math.max(n / EXAGGERATION / 4, 50);
    double[] update = new double[y.length];
    double[] gains = new double[y.length];
    java.util.Arrays.fill(gains, 1.0);
    double[] grad = new double[y.length];
    double[] num = new double[n * n];
    for (int it = 0; it < iterations; it++) {
      boolean early = it < EXAGGERATION_ITERATIONS;
      double exaggeration = early ? EXAGGERATION : 1;
      double momentum = early ? 0.5 : 0.8;
      double sumQ = studentT(y, n, dims, num);
      java.util.Arrays.fill(grad, 0);
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < n; j++) {
          if (i == j) {
            continue;
          }
          double q = Math.max(num[i * n + j] / sumQ, MIN_PROBABILITY);
          double mult = 4 * (exaggeration * p[i][j] - q) * num[i * n + j];
          for (int d = 0; d < dims; d++) {
            grad[i * dims + d] += mult * (y[i * dims + d] - y[j * dims + d]);
          }
        }
      }
      for (int k = 0; k < y.length; k++) {
        boolean sameSign = (grad[k] > 0) == (update[k] > 0);
        gains[k] = Math.max(sameSign ? gains[k] * 0.8 : gains[k] + 0.2, MIN_GAIN);
        update[k] = momentum * update[k] - learningRate * gains[k] * grad[k];
        y[k] += update[k];
      }
      center(y, n, dims);
    }
    double sumQ = studentT(y, n, dims, num);
    double kl = 0;
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        if (i != j && p[i][j] > 0) {
          kl += p[i][j] * Math.log(p[i][j] / Math.max(num[i * n + j] / sumQ, MIN_PROBABILITY));
        }
      }
    }
    double[][] out = new double[n][dims];
    for (int i = 0; i < n; i++) {
      System.arraycopy(y, i * dims, out[i], 0, dims);
    }
    return new Result(out, kl);
  }

  /**
   * {@code P(j | i)} for point {@code self} from its squared distances to every point, with the precision found by
   * bisection so that the entropy is {@code ln(perplexity)} within {@code tolerance} nats.
   */
  public static Conditional conditional(double[] squaredDistances, int self, double perplexity, double tolerance) {
    int n = squaredDistances.length;
    double min = Double.POSITIVE_INFINITY;
    for (int j = 0; j < n; j++) {
      if (j != self) {
        min = Math.min(min, squaredDistances[j]);
      }
    }
    double target = Math.log(perplexity);
    double beta = 1;
    double lo = 0;
    double hi = Double.POSITIVE_INFINITY;
    double[] p = new double[n];
    double entropy = entropy(squaredDistances, self, min, beta, p);
    for (int t = 0; t < MAX_BISECTIONS && Math.abs(entropy - target) > tolerance; t++) {
      if (entropy > target) {
        lo = beta;
        beta = Double.isInfinite(hi) ? beta * 2 : (beta + hi) / 2;
      } else {
        hi = beta;
        beta = (beta + lo) / 2;
      }
      entropy = entropy(squaredDistances, self, min, beta, p);
    }
    return new Conditional(p, beta, entropy);
  }

  /** Fills {@code p} with the normalised Gaussian at precision beta; returns its entropy in nats. */
  private static double entropy(double[] d, int self, double min, double beta, double[] p) {
    double sum = 0;
    double weighted = 0;
    for (int j = 0; j < d.length; j++) {
      // Shifting every distance by the nearest one leaves the normalised distribution unchanged and keeps the
      // largest term at exp(0) = 1, so the sum never underflows to 0.
      p[j] = j == self ? 0 : Math.exp(-(d[j] - min) * beta);
      sum += p[j];
      weighted += p[j] * (d[j] - min);
    }
    for (int j = 0; j < d.length; j++) {
      p[j] /= sum;
    }
    return Math.log(sum) + beta * weighted / sum;
  }

  private double[][] jointProbabilities(double[][] d) {
    int n = d.length;
    double[][] cond = new double[n][];
    for (int i = 0; i < n; i++) {
      cond[i] = conditional(d[i], i, perplexity, ENTROPY_TOLERANCE).p();
    }
    double[][] p = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        p[i][j] = Math.max((cond[i][j] + cond[j][i]) / (2.0 * n), i == j ? 0 : MIN_PROBABILITY);
      }
    }
    return p;
  }

  /** Squared Euclidean distances between the rows of x. */
  static double[][] squaredDistances(double[][] x) {
    int n = x.length;
    double[][] d = new double[n][n];
    for (int i = 0; i < n; i++) {
      if (x[i].length != x[0].length) {
        throw new IllegalArgumentException("row " + i + " has " + x[i].length + " values, row 0 has " + x[0].length);
      }
      for (int j = i + 1; j < n; j++) {
        double s = 0;
        for (int f = 0; f < x[i].length; f++) {
          double diff = x[i][f] - x[j][f];
          s += diff * diff;
        }
        d[i][j] = s;
        d[j][i] = s;
      }
    }
    return d;
  }

  /** {@code num[i*n+j] = 1 / (1 + |y_i - y_j|^2)} (0 on the diagonal); returns the sum over all pairs. */
  private static double studentT(double[] y, int n, int dims, double[] num) {
    double sum = 0;
    for (int i = 0; i < n; i++) {
      num[i * n + i] = 0;
      for (int j = i + 1; j < n; j++) {
        double s = 0;
        for (int d = 0; d < dims; d++) {
          double diff = y[i * dims + d] - y[j * dims + d];
          s += diff * diff;
        }
        double v = 1 / (1 + s);
        num[i * n + j] = v;
        num[j * n + i] = v;
        sum += 2 * v;
      }
    }
    return sum;
  }

  private static void center(double[] y, int n, int dims) {
    for (int d = 0; d < dims; d++) {
      double mean = 0;
      for (int i = 0; i < n; i++) {
        mean += y[i * dims + d];
      }
      mean /= n;
      for (int i = 0; i < n; i++) {
        y[i * dims + d] -= mean;
      }
    }
  }
}
