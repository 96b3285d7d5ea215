package io.gradiente.core.check;

import io.gradiente.core.data.Blocks;
import io.gradiente.core.data.InstanceBlock;
import io.gradiente.core.loss.Loss;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The lesson's gradient check: at random parameter points, the analytic gradient of the mean loss over all rows is
 * compared with central finite differences {@code (L(p + h e_i) - L(p - h e_i)) / 2h}; a point passes when the
 * relative error {@code ||a - n|| / max(||a|| + ||n||, 1e-300)} is at most the tolerance. All points are checked in
 * one Spark job; partitions' sums are added in partition order on the driver.
 */
public final class GradientCheck {
  /** The lesson's tolerance. */
  public static final double DEFAULT_TOLERANCE = 1e-5;
  /** The finite-difference step. */
  public static final double STEP = 1e-6;

  private GradientCheck() {}

  /**
   * Checks {@code points} random points with every parameter drawn uniformly from {@code [-range, range]}.
   *
   * @return one result per point, in draw order
   */
  public static Result run(Blocks blocks, Loss loss, int size, int points, double range, long seed,
      double tolerance) {
    SplittableRandom random = new SplittableRandom(seed);
    double[][] at = new double[points][size];
    for (double[] p : at) {
      for (int i = 0; i < size; i++) {
        p[i] = (2 * random.nextDouble() - 1) * range;
      }
    }
    // Per partition and point: analytic gradient sum (size), then loss at p + h e_i and p - h e_i (2 size).
    List<double[][]> parts = blocks.rdd().map(block -> sums(block, loss, at, size)).collect();
    double[][] total = new double[points][3 * size];
    for (double[][] part : parts) {
      for (int q = 0; q < points; q++) {
        for (int j = 0; j < 3 * size; j++) {
          total[q][j] += part[q][j];
        }
      }
    }
    double n = blocks.rows();
    double[] errors = new double[points];
    for (int q = 0; q < points; q++) {
      double diff = 0;
      double norms = 0;
      double na = 0;
      double nn = 0;
      for (int i = 0; i < size; i++) {
        double analytic = total[q][i] / n;
        double numeric = (total[q][size + i] / n - total[q][2 * size + i] / n) / (2 * STEP);
        diff += (analytic - numeric) * (analytic - numeric);
        na += analytic * analytic;
        nn += numeric * numeric;
      }
      norms = Math.sqrt(na) + Math.sqrt(nn);
      errors[q] = Math.sqrt(diff) / Math.max(norms, 1e-300);
    }
    return new Result(at, errors, tolerance);
  }

  private static double[][] sums(InstanceBlock block, Loss loss, double[][] at, int size) {
    double[][] out = new double[at.length][3 * size];
    int rows = block.rows();
    for (int q = 0; q < at.length; q++) {
      double[] p = at[q].clone();
      double[] grad = new double[size];
      loss.addGradient(block, null, 0, rows, p, grad);
      System.arraycopy(grad, 0, out[q], 0, size);
      for (int i = 0; i < size; i++) {
        double keep = p[i];
        p[i] = keep + STEP;
        out[q][size + i] = loss.loss(block, null, 0, rows, p);
        p[i] = keep - STEP;
        out[q][2 * size + i] = loss.loss(block, null, 0, rows, p);
        p[i] = keep;
      }
    }
    return out;
  }

  /**
   * The outcome of a check.
   *
   * @param points the parameter points checked
   * @param relativeErrors the relative error at each point
   * @param tolerance the largest relative error that passes
   */
  public record Result(double[][] points, double[] relativeErrors, double tolerance) {
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

    /** One line for a person, e.g. {@code gradient check PASSED: 100 points, max relative error 3.1e-10 <= 1e-05}. */
    public String verdict() {
      return String.format("gradient check %s: %d points, max relative error %.2e %s %.0e",
          passed() ? "PASSED" : "FAILED (" + failures() + " points over tolerance)", relativeErrors.length,
          maxError(), passed() ? "<=" : ">", tolerance);
    }
  }
}
