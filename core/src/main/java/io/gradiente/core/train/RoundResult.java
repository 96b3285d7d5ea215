package io.gradiente.core.train;

import java.io.Serializable;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * What a partition (or, once added up in partition order, all of them) returns from one {@link Round}:
 * {@code sums}, whose meaning the {@link RoundKernel} gives (the gradient of the summed loss for SGD), the summed
 * loss and row count of each step's batch, and the loss summed over all rows with its row count when the round
 * asked for it. Partition results start at +0.0 and only have values added, so adding them up on the driver from
 * the first one is bit for bit the sum started from zero.
 */
public final class RoundResult implements Serializable {
  private static final long serialVersionUID = 1L;

  final double[] sums;
  final double[] stepLoss;
  final long[] stepRows;
  double fullLoss;
  long fullRows;

  /** A zero result with {@code size} sums and {@code steps} steps. */
  public RoundResult(int size, int steps) {
    sums = new double[size];
    stepLoss = new double[steps];
    stepRows = new long[steps];
  }

  /** Adds {@code other} into this result; returns this. */
  public RoundResult add(RoundResult other) {
    requireShape(other);
    for (int i = 0; i < sums.length; i++) {
      sums[i] += other.sums[i];
    }
    for (int h = 0; h < stepLoss.length; h++) {
      stepLoss[h] += other.stepLoss[h];
      stepRows[h] += other.stepRows[h];
    }
    fullLoss += other.fullLoss;
    fullRows += other.fullRows;
    return this;
  }

  private void requireShape(RoundResult other) {
    if (other.sums.length != sums.length || other.stepLoss.length != stepLoss.length) {
      throw new IllegalArgumentException("round results differ in shape: " + sums.length + "/" + stepLoss.length
          + " vs " + other.sums.length + "/" + other.stepLoss.length);
    }
  }

  /** Sets every value back to +0.0 (a buffer reused round after round). */
  public void clear() {
    Arrays.fill(sums, 0.0);
    Arrays.fill(stepLoss, 0.0);
    Arrays.fill(stepRows, 0L);
    fullLoss = 0.0;
    fullRows = 0;
  }

  /** Steps of the round. */
  public int steps() {
    return stepLoss.length;
  }

  /** The sums (shared, not copied). */
  public double[] sums() {
    return sums;
  }

  /** Rows of step {@code h}'s batch over all partitions added. */
  public long stepRows(int h) {
    return stepRows[h];
  }

  /** Rows of all the round's steps. */
  public long rows() {
    long rows = 0;
    for (long r : stepRows) {
      rows += r;
    }
    return rows;
  }

  /** The mean batch loss of step {@code h} ({@code NaN} for no rows). */
  public double meanStepLoss(int h) {
    return stepRows[h] == 0 ? Double.NaN : stepLoss[h] / stepRows[h];
  }

  /** The mean loss over all rows at the round's starting parameters ({@code NaN} when not measured). */
  public double meanFullLoss() {
    return fullRows == 0 ? Double.NaN : fullLoss / fullRows;
  }

  /** Bytes {@link #write} takes for a result of this shape. */
  public static int bytes(int size, int steps) {
    return 8 * (size + 2 * steps + 2);
  }

  /** Writes the values as raw 64-bit words (exact) at the buffer's position, in its byte order. */
  public void write(ByteBuffer out) {
    out.asDoubleBuffer().put(sums);
    out.position(out.position() + 8 * sums.length);
    for (int h = 0; h < stepLoss.length; h++) {
      out.putDouble(stepLoss[h]).putLong(stepRows[h]);
    }
    out.putDouble(fullLoss).putLong(fullRows);
  }

  /** Reads values written by {@link #write} into this result of the same shape. */
  public void read(ByteBuffer in) {
    in.asDoubleBuffer().get(sums);
    in.position(in.position() + 8 * sums.length);
    for (int h = 0; h < stepLoss.length; h++) {
      stepLoss[h] = in.getDouble();
      stepRows[h] = in.getLong();
    }
    fullLoss = in.getDouble();
    fullRows = in.getLong();
  }
}
