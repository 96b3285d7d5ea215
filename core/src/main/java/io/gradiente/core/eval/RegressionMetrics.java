package io.gradiente.core.eval;

import java.io.Serializable;

/**
 * Mergeable accumulator of regression quality over (prediction, target) rows: the row count, the sum of squared
 * errors {@code SSE = sum (prediction - target)^2}, and the target's mean and sum of squared deviations
 * {@code M2 = sum (target - mean)^2} (Welford's update, Chan's merge). Each partition fills one instance and the
 * driver merges them in partition order, so the result does not depend on scheduling. Not thread-safe.
 */
public final class RegressionMetrics implements Serializable {
  private static final long serialVersionUID = 1L;

  private long count;
  private double sse;
  private double targetMean;
  private double targetM2;

  /** Creates an empty accumulator. */
  public RegressionMetrics() {}

  /**
   * Adds one row: {@code SSE += (prediction - target)^2}, and Welford's update of the target's mean and M2,
   * {@code delta = target - mean; mean += delta / n; M2 += delta * (target - mean)}.
   *
   * @return this accumulator
   */
  public RegressionMetrics add(double prediction, double target) {
    double error = prediction - target;
    sse += error * error;
    count++;
    double delta = target - targetMean;
    targetMean += delta / count;
    targetM2 += delta * (target - targetMean);
    return this;
  }

  /**
   * Merges another accumulator into this one (Chan et al.): with {@code delta = meanB - meanA},
   * {@code mean = meanA + delta * nB / n} and {@code M2 = M2A + M2B + delta^2 * nA * nB / n}.
   *
   * @return this accumulator
   */
  public RegressionMetrics merge(RegressionMetrics other) {
    if (other.count == 0) {
      return this;
    }
    if (count == 0) {
      count = other.count;
      sse = other.sse;
      targetMean = other.targetMean;
      targetM2 = other.targetM2;
      return this;
    }
    long n = count + other.count;
    double delta = other.targetMean - targetMean;
    targetMean += delta * ((double) other.count / n);
    targetM2 += other.targetM2 + delta * delta * ((double) count * other.count / n);
    sse += other.sse;
    count = n;
    return this;
  }

  /** Number of rows added. */
  public long count() {
    return count;
  }

  /** Sum of squared errors, {@code sum (prediction - target)^2}. */
  public double sse() {
    return sse;
  }

  /** Total sum of squares of the target around its mean, {@code SST = sum (target - mean)^2}. */
  public double sst() {
    return targetM2;
  }

  /** Mean of the targets, {@code sum target / n}. */
  public double targetMean() {
    requireRows();
    return targetMean;
  }

  /** Mean squared error, {@code SSE / n}. */
  public double mse() {
    requireRows();
    return sse / count;
  }

  /** Root mean squared error, {@code sqrt(SSE / n)}. */
  public double rmse() {
    return Math.sqrt(mse());
  }

  /**
   * Coefficient of determination, {@code 1 - SSE / SST}; when {@code SST = 0} (constant target) it is 1.0 if
   * {@code SSE = 0} and 0.0 otherwise, as scikit-learn's {@code r2_score} with {@code force_finite=True}.
   */
  public double r2() {
    requireRows();
    if (targetM2 == 0.0) {
      return sse == 0.0 ? 1.0 : 0.0;
    }
    return 1.0 - sse / targetM2;
  }

  private void requireRows() {
    if (count == 0) {
      throw new IllegalStateException("no rows: regression metrics are undefined on an empty set");
    }
  }

  /** Count, MSE, RMSE and R^2 on one line, for logs. */
  @Override
  public String toString() {
    if (count == 0) {
      return "RegressionMetrics{count=0}";
    }
    return "RegressionMetrics{count=" + count + ", mse=" + mse() + ", rmse=" + rmse() + ", r2=" + r2() + "}";
  }
}
