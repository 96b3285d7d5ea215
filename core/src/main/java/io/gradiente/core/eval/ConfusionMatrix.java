package io.gradiente.core.eval;

import java.io.Serializable;
import java.util.Arrays;
import java.util.TreeSet;
import java.util.stream.IntStream;

/**
 * Counts of (actual, predicted) class pairs over the labels that occur, rows actual and columns predicted, as
 * {@code sklearn.metrics.confusion_matrix(y_true, y_pred)} with its default labels (the sorted union of both).
 * Immutable.
 */
public final class ConfusionMatrix implements Serializable {
  private static final long serialVersionUID = 1L;

  private final int[] labels;
  private final long[][] counts;
  private final long total;

  private ConfusionMatrix(int[] labels, long[][] counts) {
    this.labels = labels;
    this.counts = counts;
    long sum = 0;
    for (long[] row : counts) {
      for (long c : row) {
        sum += c;
      }
    }
    this.total = sum;
  }

  /**
   * Counts the pairs {@code (actual[i], predicted[i])}; the labels are the sorted union of the values in both arrays.
   *
   * @param actual true class labels, integers stored as doubles
   * @param predicted predicted class labels, integers stored as doubles, as many as {@code actual}
   * @throws IllegalArgumentException when the lengths differ or a value is not an integer in the {@code int} range
   */
  public static ConfusionMatrix of(double[] actual, double[] predicted) {
    if (actual.length != predicted.length) {
      throw new IllegalArgumentException(
          actual.length + " actual labels but " + predicted.length + " predicted labels");
    }
    TreeSet<Integer> seen = new TreeSet<>();
    for (int i = 0; i < actual.length; i++) {
      seen.add(toLabel(actual[i], "actual", i));
      seen.add(toLabel(predicted[i], "predicted", i));
    }
    int[] labels = seen.stream().mapToInt(Integer::intValue).toArray();
    long[][] counts = new long[labels.length][labels.length];
    for (int i = 0; i < actual.length; i++) {
      int a = Arrays.binarySearch(labels, (int) actual[i]);
      int p = Arrays.binarySearch(labels, (int) predicted[i]);
      counts[a][p]++;
    }
    return new ConfusionMatrix(labels, counts);
  }

  /**
   * Builds the matrix from counts over class indices {@code 0..K-1} (rows actual, columns predicted), dropping every
   * class that is neither actual nor predicted, so the result equals {@link #of} on the same rows.
   *
   * @param counts a {@code K x K} array of non-negative counts; it is copied
   * @throws IllegalArgumentException when the array is not square or holds a negative count
   */
  public static ConfusionMatrix fromCounts(long[][] counts) {
    int k = counts.length;
    long[] rowSums = new long[k];
    long[] colSums = new long[k];
    for (int a = 0; a < k; a++) {
      if (counts[a].length != k) {
        throw new IllegalArgumentException(
            "confusion counts must be square: row " + a + " has " + counts[a].length + " columns, expected " + k);
      }
      for (int p = 0; p < k; p++) {
        long c = counts[a][p];
        if (c < 0) {
          throw new IllegalArgumentException("negative confusion count " + c + " at (" + a + ", " + p + ")");
        }
        rowSums[a] += c;
        colSums[p] += c;
      }
    }
    int[] labels = IntStream.range(0, k)
        .filter(c -> rowSums[c] > 0 || colSums[c] > 0)
        .toArray();
    long[][] kept = new long[labels.length][labels.length];
    for (int i = 0; i < labels.length; i++) {
      for (int j = 0; j < labels.length; j++) {
        kept[i][j] = counts[labels[i]][labels[j]];
      }
    }
    return new ConfusionMatrix(labels, kept);
  }

  private static int toLabel(double v, String which, int row) {
    if (v != Math.rint(v) || v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(which + " label " + v + " at row " + row + " is not an integer class");
    }
    return (int) v;
  }

  /** The class labels in ascending order; index {@code i} of every other method refers to {@code labels()[i]}. */
  public int[] labels() {
    return labels.clone();
  }

  /** Number of classes (the length of {@link #labels()}). */
  public int size() {
    return labels.length;
  }

  /** Rows whose actual class is {@code labels()[actualIdx]} and predicted class is {@code labels()[predictedIdx]}. */
  public long count(int actualIdx, int predictedIdx) {
    return counts[actualIdx][predictedIdx];
  }

  /** A copy of the counts, {@code counts()[actualIdx][predictedIdx]}. */
  public long[][] counts() {
    long[][] copy = new long[counts.length][];
    for (int i = 0; i < counts.length; i++) {
      copy[i] = counts[i].clone();
    }
    return copy;
  }

  /** Number of rows counted, the sum of all cells. */
  public long total() {
    return total;
  }

  /** Rows on the diagonal, {@code sum_i count(i, i)}. */
  public long correct() {
    long sum = 0;
    for (int i = 0; i < counts.length; i++) {
      sum += counts[i][i];
    }
    return sum;
  }

  /** Fraction predicted correctly, {@code correct() / total()}; 0 when there are no rows. */
  public double accuracy() {
    return total == 0 ? 0.0 : (double) correct() / total;
  }

  /** Rows whose actual class is {@code labels()[idx]}, the row sum {@code sum_j count(idx, j)}. */
  public long support(int idx) {
    long sum = 0;
    for (long c : counts[idx]) {
      sum += c;
    }
    return sum;
  }

  /** Rows predicted as {@code labels()[idx]}, the column sum {@code sum_i count(i, idx)}. */
  public long predictedCount(int idx) {
    long sum = 0;
    for (long[] row : counts) {
      sum += row[idx];
    }
    return sum;
  }

  /**
   * The matrix as a text table: a header line {@code actual\predicted} followed by the predicted labels, then one line
   * per actual label with its counts, every column right-aligned to its widest entry; lines end with {@code \n}.
   */
  public String format() {
    String corner = "actual\\predicted";
    int firstWidth = corner.length();
    int cellWidth = 1;
    for (int i = 0; i < labels.length; i++) {
      firstWidth = Math.max(firstWidth, Integer.toString(labels[i]).length());
      cellWidth = Math.max(cellWidth, Integer.toString(labels[i]).length());
      for (long c : counts[i]) {
        cellWidth = Math.max(cellWidth, Long.toString(c).length());
      }
    }
    StringBuilder out = new StringBuilder();
    out.append(pad(corner, firstWidth));
    for (int label : labels) {
      out.append("  ").append(pad(Integer.toString(label), cellWidth));
    }
    out.append('\n');
    for (int i = 0; i < labels.length; i++) {
      out.append(pad(Integer.toString(labels[i]), firstWidth));
      for (long c : counts[i]) {
        out.append("  ").append(pad(Long.toString(c), cellWidth));
      }
      out.append('\n');
    }
    return out.toString();
  }

  private static String pad(String s, int width) {
    return " ".repeat(Math.max(0, width - s.length())) + s;
  }

  /** Equal when the labels and every count are equal. */
  @Override
  public boolean equals(Object o) {
    return o instanceof ConfusionMatrix
        && Arrays.equals(labels, ((ConfusionMatrix) o).labels)
        && Arrays.deepEquals(counts, ((ConfusionMatrix) o).counts);
  }

  /** Hash of the labels and counts. */
  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(labels) + Arrays.deepHashCode(counts);
  }

  /** The labels and counts on one line, for messages. */
  @Override
  public String toString() {
    return "ConfusionMatrix" + Arrays.toString(labels) + Arrays.deepToString(counts);
  }
}
