package io.gradiente.core.optim;

import java.io.Serializable;
import java.math.BigInteger;
import java.util.SplittableRandom;

/**
 * Which rows of each partition make step {@code s} of an epoch. An epoch over {@code n} rows with batch size
 * {@code B} has {@code S = ceil(n / B)} steps; global batch {@code s} is rows {@code [sB, min((s+1)B, n))} as in the
 * lesson. A partition holding {@code n_p} rows contributes its proportional share: positions
 * {@code [cut(s), cut(s+1))} of its epoch order, with {@code cut(s) = floor(min(sB, n) * n_p / n)}. With one
 * partition this is exactly the lesson's batches; with many, shares differ from {@code B n_p / n} by less than one
 * row, and every row is used exactly once per epoch.
 *
 * <p>The epoch order is the identity when not shuffling, else a Fisher-Yates permutation drawn from a
 * {@link SplittableRandom} seeded by a pure function of (seed, epoch, partition), so a resumed run or a re-run task
 * replays it exactly. Shuffling within each partition is deliberate: the lesson shuffles the whole training set
 * ({@code sklearn.utils.shuffle}) every epoch, which on a cluster would move every row between machines.
 */
public record BatchPlan(long seed, boolean shuffle, long totalRows, long batchSize) implements Serializable {

  /**
   * A plan over {@code totalRows} rows in batches of {@code batchSize} (use {@code totalRows} for full-batch GD);
   * a batch larger than the data is the whole data.
   */
  public BatchPlan {
    if (totalRows <= 0 || batchSize <= 0) {
      throw new IllegalArgumentException("rows and batch size must be positive: " + totalRows + ", " + batchSize);
    }
    batchSize = Math.min(batchSize, totalRows);
  }

  /** Steps per epoch, {@code ceil(n / B)}. */
  public int stepsPerEpoch() {
    return Math.toIntExact((totalRows + batchSize - 1) / batchSize);
  }

  /** First position (inclusive) of step {@code step} within a partition of {@code partitionRows} rows. */
  public int from(int step, int partitionRows) {
    return cut(step, partitionRows);
  }

  /** Last position (exclusive) of step {@code step} within a partition of {@code partitionRows} rows. */
  public int to(int step, int partitionRows) {
    return cut(step + 1, partitionRows);
  }

  private int cut(int step, int partitionRows) {
    long globalStart = Math.min((long) step * batchSize, totalRows);
    long product = globalStart * partitionRows;
    if (Math.multiplyHigh(globalStart, partitionRows) == 0 && product >= 0) {
      return (int) (product / totalRows);
    }
    return BigInteger.valueOf(globalStart).multiply(BigInteger.valueOf(partitionRows))
        .divide(BigInteger.valueOf(totalRows)).intValueExact();
  }

  /**
   * The partition's row order for an epoch: {@code null} (identity) when not shuffling, else a permutation of
   * {@code 0..partitionRows-1} written into {@code reuse} when it is large enough (a new array otherwise).
   */
  public int[] order(int epoch, int partition, int partitionRows, int[] reuse) {
    if (!shuffle) {
      return null;
    }
    int[] order = reuse != null && reuse.length == partitionRows ? reuse : new int[partitionRows];
    for (int i = 0; i < partitionRows; i++) {
      order[i] = i;
    }
    SplittableRandom random = new SplittableRandom(mix(seed, epoch, partition));
    for (int i = partitionRows - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    return order;
  }

  /** A 64-bit seed from (seed, epoch, partition), mixed so that nearby triples give unrelated streams. */
  static long mix(long seed, int epoch, int partition) {
    long h = seed;
    h = new SplittableRandom(h ^ 0x9E3779B97F4A7C15L * (epoch + 1L)).nextLong();
    return new SplittableRandom(h ^ 0xC2B2AE3D27D4EB4FL * (partition + 1L)).nextLong();
  }
}
