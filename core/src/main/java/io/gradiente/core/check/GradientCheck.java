package io.gradiente.core.check;

import io.gradiente.core.data.Blocks;
import io.gradiente.core.data.InstanceBlock;
import io.gradiente.core.loss.Loss;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Gradient checks: the analytic gradient of the mean loss over all rows against finite differences at random
 * parameter points, every parameter drawn uniformly from {@code [-range, range)}.
 *
 * <ul>
 *   <li>{@link #forwardAbsolute}, the lesson's {@code gradient_check}: forward differences
 *       {@code (L(p + delta e_i) - L(p)) / delta}; a point fails when any component differs from the analytic one by
 *       more than the tolerance (absolute).
 *   <li>{@link #centralRelative}, a stricter check that is not the lesson's: central differences
 *       {@code (L(p + h e_i) - L(p - h e_i)) / 2h} with {@code h = 1e-6}; a point passes when the relative error
 *       {@code ||a - n|| / max(||a|| + ||n||, 1e-300)} is at most the tolerance.
 * </ul>
 *
 * <p>All points of a check are evaluated in one Spark job; partitions' sums are added in partition order on the
 * driver.
 */
public final class GradientCheck {
  /** The lesson's tolerance, {@code error=1e-5}. */
  public static final double DEFAULT_TOLERANCE = 1e-5;
  /** The lesson's finite-difference step, {@code delta=1e-6}. */
  public static final double STEP = 1e-6;
  /** The lesson's points: 100, each {@code w} and {@code b} from {@code random.uniform(-50, 50)}. */
  public static final int LESSON_POINTS = 100;
  /** See {@link #LESSON_POINTS}. */
  public static final double LESSON_RANGE = 50;

  private GradientCheck() {}

  /**
   * The lesson's check: at {@code points} random points, the forward-difference slope of every parameter with step
   * {@code delta} against the analytic gradient; a point passes when every component's absolute difference is at
   * most {@code tolerance}.
   */
  public static Forward forwardAbsolute(Blocks blocks, Loss loss, int size, int points, double range, long seed,
      double delta, double tolerance) {
    double[][] at = draw(points, size, range, seed);
    double[][] total = sums(blocks, loss, at, delta);
    double n = blocks.rows();
    double[][] slopes = new double[points][size];
    double[][] gradients = new double[points][size];
    for (int q = 0; q < points; q++) {
      double base = total[q][size] / n;
      for (int i = 0; i < size; i++) {
        gradients[q][i] = total[q][i] / n;
        slopes[q][i] = (total[q][size + 1 + i] / n - base) / delta;
      }
    }
    return new Forward(at, slopes, gradients, tolerance);
  }

  /**
   * Central differences and a relative error per point (not the lesson's check): {@code points} random points with
   * every parameter drawn uniformly from {@code [-range, range)}.
   *
   * @return one result per point, in draw order
   */
  public static Central centralRelative(Blocks blocks, Loss loss, int size, int points, double range, long seed,
      double tolerance) {
    double[][] at = draw(points, size, range, seed);
    double[][] total = sums(blocks, loss, at, STEP);
    double n = blocks.rows();
    double[] errors = new double[points];
    for (int q = 0; q < points; q++) {
      double diff = 0;
      double na = 0;
      double nn = 0;
      for (int i = 0; i < size; i++) {
        double analytic = total[q][i] / n;
        double numeric = (total[q][size + 1 + i] / n - total[q][2 * size + 1 + i] / n) / (2 * STEP);
        diff += (analytic - numeric) * (analytic - numeric);
        na += analytic * analytic;
        nn += numeric * numeric;
      }
      errors[q] = Math.sqrt(diff) / Math.max(Math.sqrt(na) + Math.sqrt(nn), 1e-300);
    }
    return new Central(at, errors, tolerance);
  }

  private static double[][] draw(int points, int size, double range, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    double[][] at = new double[points][size];
    for (double[] p : at) {
      for (int i = 0; i < size; i++) {
        p[i] = (2 * random.nextDouble() - 1) * range;
      }
    }
    return at;
  }

  /**
   * Per point, summed over all rows: the analytic gradient sum (size), the loss at p, the losses at
   * {@code p + step e_i} (size) and at {@code p - step e_i} (size).
   */
  private static double[][] sums(Blocks blocks, Loss loss, double[][] at, double step) {
    int size = at[0].length;
    int width = 3 * size + 1;
    List<double[][]> parts = blocks.rdd().map(block -> partitionSums(block, loss, at, step)).collect();
    double[][] total = new double[at.length][width];
    for (double[][] part : parts) {
      for (int q = 0; q < at.length; q++) {
        for (int j = 0; j < width; j++) {
          total[q][j] += part[q][j];
        }
      }
    }
    return total;
  }

  private static double[][] partitionSums(InstanceBlock block, Loss loss, double[][] at, double step) {
    int size = at[0].length;
    double[][] out = new double[at.length][3 * size + 1];
    int rows = block.rows();
    for (int q = 0; q < at.length; q++) {
      double[] p = at[q].clone();
      double[] grad = new double[size];
      loss.addGradient(block, null, 0, rows, p, grad);
      System.arraycopy(grad, 0, out[q], 0, size);
      out[q][size] = loss.loss(block, null, 0, rows, p);
      for (int i = 0; i < size; i++) {
        double keep = p[i];
        p[i] = keep + step;
        out[q][size + 1 + i] = loss.loss(block, null, 0, rows, p);
        p[i] = keep - step;
        out[q][2 * size + 1 + i] = loss.loss(block, null, 0, rows, p);
        p[i] = keep;
      }
    }
    return out;
  }

  /**
   * The outcome of the lesson's check.
   *
   * @param points the parameter points checked
   * @param slopes the forward-difference slope of each parameter at each point
   * @param gradients the analytic gradient at each point
   * @param tolerance the largest absolute difference per component that passes
   */
  public record Forward(double[][] points, double[][] slopes, double[][] gradients, double tolerance) {
    /** The absolute difference between slope and gradient of parameter {@code i} at point {@code q}. */
    public double error(int q, int i) {
      return Math.abs(slopes[q][i] - gradients[q][i]);
    }

    /** Whether every component of point {@code q} is within the tolerance. */
    public boolean passed(int q) {
      for (int i = 0; i < slopes[q].length; i++) {
        if (!(error(q, i) <= tolerance)) {
          return false;
        }
      }
      return true;
    }

    /** Points with a component over the tolerance. */
    public int failures() {
      int f = 0;
      for (int q = 0; q < points.length; q++) {
        f += passed(q) ? 0 : 1;
      }
      return f;
    }

    /** True when every point passes. */
    public boolean passed() {
      return failures() == 0;
    }

    /** The largest absolute difference over all points and components. */
    public double maxError() {
      double m = 0;
      for (int q = 0; q < points.length; q++) {
        for (int i = 0; i < slopes[q].length; i++) {
          m = Math.max(m, error(q, i));
        }
      }
      return m;
    }

    /**
     * What the lesson prints for a check of (w, b): {@code No hubo errores en la prueba} when every point passes,
     * else for each failing point {@code Error para w=..., b=.... pw=..., pb=..., gw=...,gb=...} and the two
     * differences {@code pw - gw} and {@code pb - gb}, one per line.
     */
    public List<String> lessonLines() {
      if (points.length > 0 && points[0].length != 2) {
        throw new IllegalStateException("the lesson's printout is for two parameters (w, b), not "
            + points[0].length);
      }
      List<String> lines = new ArrayList<>();
      for (int q = 0; q < points.length; q++) {
        if (!passed(q)) {
          double[] s = slopes[q];
          double[] g = gradients[q];
          lines.add("Error para w=" + points[q][0] + ", b=" + points[q][1] + ". pw=" + s[0] + ", pb=" + s[1]
              + ", gw=" + g[0] + ",gb=" + g[1]);
          lines.add(Double.toString(s[0] - g[0]));
          lines.add(Double.toString(s[1] - g[1]));
        }
      }
      if (lines.isEmpty()) {
        lines.add("No hubo errores en la prueba");
      }
      return lines;
    }
  }

  /**
   * The outcome of the central-difference check.
   *
   * @param points the parameter points checked
   * @param relativeErrors the relative error at each point
   * @param tolerance the largest relative error that passes
   */
  public record Central(double[][] points, double[] relativeErrors, double tolerance) {
    /** The largest relative error. */
    public double maxError() {
      double m = 0;
      for (double e : relativeErrors) {
        m = Math.max(m, e);
      }
      return m;
    }

    /** Points whose error exceeds the tolerance. */
    public int failures() {
      int f = 0;
      for (double e : relativeErrors) {
        f += e <= tolerance ? 0 : 1;
      }
      return f;
    }

    /** True when every point passes. */
    public boolean passed() {
      return failures() == 0;
    }

    /**
     * One line for a person, e.g.
     * {@code central-difference check PASSED: 100 points, max relative error 3.1e-10 <= 1e-05}.
     */
    public String verdict() {
      return String.format("central-difference check %s: %d points, max relative error %.2e %s %.0e",
          passed() ? "PASSED" : "FAILED (" + failures() + " points over tolerance)", relativeErrors.length,
          maxError(), passed() ? "<=" : ">", tolerance);
    }
  }
}
