package io.gradiente.core.eval;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * Precision, recall, F1 and support per class, with accuracy and the macro and weighted averages, exactly as
 * scikit-learn's {@code classification_report(y_true, y_pred, output_dict=True, zero_division=0)}: a ratio whose
 * denominator is 0 is 0, and F1 is 0 when precision + recall = 0. Immutable.
 */
public final class ClassificationReport {
  /** Heading of the macro average line. */
  public static final String MACRO_AVG = "macro avg";
  /** Heading of the support-weighted average line. */
  public static final String WEIGHTED_AVG = "weighted avg";

  private static final String ACCURACY = "accuracy";
  private static final String[] HEADERS = {"precision", "recall", "f1-score", "support"};
  private static final int COLUMN_WIDTH = 9;

  /**
   * One line of the report.
   *
   * @param label the class label as integer text (for example {@code "3"}), {@code "macro avg"} or
   *     {@code "weighted avg"}
   * @param precision {@code tp / (tp + fp)}, or its average
   * @param recall {@code tp / (tp + fn)}, or its average
   * @param f1 {@code 2 * precision * recall / (precision + recall)}, or its average
   * @param support number of rows whose actual class is this one (the total on the average lines)
   */
  public record Line(String label, double precision, double recall, double f1, long support) {}

  private final int[] labels;
  private final List<Line> lines;
  private final double accuracy;
  private final long total;

  private ClassificationReport(int[] labels, List<Line> lines, double accuracy, long total) {
    this.labels = labels;
    this.lines = lines;
    this.accuracy = accuracy;
    this.total = total;
  }

  /**
   * Computes the report from a confusion matrix: for class {@code i}, {@code precision = count(i, i) /
   * predictedCount(i)}, {@code recall = count(i, i) / support(i)}, {@code f1 = 2 * p * r / (p + r)}; the macro
   * average is the plain mean over classes and the weighted average weighs each class by its support.
   */
  public static ClassificationReport of(ConfusionMatrix cm) {
    int k = cm.size();
    int[] labels = cm.labels();
    List<Line> lines = new ArrayList<>(k + 2);
    double sumP = 0;
    double sumR = 0;
    double sumF = 0;
    double weightedP = 0;
    double weightedR = 0;
    double weightedF = 0;
    long total = 0;
    for (int i = 0; i < k; i++) {
      long tp = cm.count(i, i);
      long predicted = cm.predictedCount(i);
      long support = cm.support(i);
      double p = ratio(tp, predicted);
      double r = ratio(tp, support);
      // Same operation order as scikit-learn 1.2: (1 + beta^2) * p * r / (beta^2 * p + r) with beta = 1.
      double f = p + r == 0.0 ? 0.0 : 2 * p * r / (p + r);
      lines.add(new Line(Integer.toString(labels[i]), p, r, f, support));
      sumP += p;
      sumR += r;
      sumF += f;
      weightedP += p * support;
      weightedR += r * support;
      weightedF += f * support;
      total += support;
    }
    lines.add(new Line(MACRO_AVG, ratio(sumP, k), ratio(sumR, k), ratio(sumF, k), total));
    lines.add(new Line(WEIGHTED_AVG, ratio(weightedP, total), ratio(weightedR, total), ratio(weightedF, total), total));
    return new ClassificationReport(labels, List.copyOf(lines), cm.accuracy(), total);
  }

  private static double ratio(double numerator, double denominator) {
    return denominator == 0.0 ? 0.0 : numerator / denominator;
  }

  /** The lines: one per class in ascending label order, then {@code "macro avg"} and {@code "weighted avg"}. */
  public List<Line> lines() {
    return lines;
  }

  /** The per-class lines only, in ascending label order. */
  public List<Line> classLines() {
    return lines.subList(0, labels.length);
  }

  /** The {@code "macro avg"} line: unweighted mean of precision, recall and F1 over the classes. */
  public Line macroAvg() {
    return lines.get(labels.length);
  }

  /** The {@code "weighted avg"} line: mean of precision, recall and F1 weighted by each class's support. */
  public Line weightedAvg() {
    return lines.get(labels.length + 1);
  }

  /** Fraction of rows predicted correctly, {@code sum_i count(i, i) / total}; 0 when there are no rows. */
  public double accuracy() {
    return accuracy;
  }

  /** Number of rows the report covers. */
  public long total() {
    return total;
  }

  /**
   * The report as scikit-learn's text {@code classification_report(y_true, y_pred, digits=digits)} prints it, with
   * the integer labels as row names.
   *
   * @param digits number of decimals of precision, recall and F1, rounded half-even on the exact binary value as
   *     Python's {@code format} does
   */
  public String format(int digits) {
    String[] names = new String[labels.length];
    for (int i = 0; i < labels.length; i++) {
      names[i] = Integer.toString(labels[i]);
    }
    return layout(digits, names);
  }

  /**
   * The report as scikit-learn's text layout, printing {@code targetNames[c]} for class {@code c}.
   *
   * <p>Names are indexed by the class value, not by position among the labels present, so a class missing from
   * both the truth and the predictions does not shift the names of the others (scikit-learn instead pairs
   * {@code target_names} with the labels present, position by position; the two agree when every class occurs).
   *
   * @param digits number of decimals of precision, recall and F1
   * @param targetNames one name per class value {@code 0..targetNames.length - 1}
   * @throws IllegalArgumentException when a label is not a valid index into {@code targetNames}
   */
  public String format(int digits, String[] targetNames) {
    String[] names = new String[labels.length];
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] < 0 || labels[i] >= targetNames.length) {
        throw new IllegalArgumentException(
            "class " + labels[i] + " has no name among " + targetNames.length + " target names");
      }
      names[i] = targetNames[labels[i]];
    }
    return layout(digits, names);
  }

  // scikit-learn: width = max(longest name, len("weighted avg"), digits); every column is " " + 9 characters wide,
  // right-aligned; the first column is followed by one extra space.
  private String layout(int digits, String[] names) {
    if (digits < 0) {
      throw new IllegalArgumentException("digits must be >= 0, got " + digits);
    }
    int width = Math.max(WEIGHTED_AVG.length(), digits);
    for (String name : names) {
      width = Math.max(width, name.length());
    }
    StringBuilder out = new StringBuilder();
    out.append(right("", width)).append(' ');
    for (String header : HEADERS) {
      out.append(' ').append(right(header, COLUMN_WIDTH));
    }
    out.append("\n\n");
    for (int i = 0; i < labels.length; i++) {
      appendRow(out, names[i], lines.get(i), width, digits);
    }
    out.append('\n');
    out.append(right(ACCURACY, width)).append(' ')
        .append(' ').append(right("", COLUMN_WIDTH))
        .append(' ').append(right("", COLUMN_WIDTH))
        .append(' ').append(right(decimal(accuracy, digits), COLUMN_WIDTH))
        .append(' ').append(right(Long.toString(total), COLUMN_WIDTH))
        .append('\n');
    appendRow(out, MACRO_AVG, macroAvg(), width, digits);
    appendRow(out, WEIGHTED_AVG, weightedAvg(), width, digits);
    return out.toString();
  }

  private static void appendRow(StringBuilder out, String name, Line line, int width, int digits) {
    out.append(right(name, width)).append(' ')
        .append(' ').append(right(decimal(line.precision(), digits), COLUMN_WIDTH))
        .append(' ').append(right(decimal(line.recall(), digits), COLUMN_WIDTH))
        .append(' ').append(right(decimal(line.f1(), digits), COLUMN_WIDTH))
        .append(' ').append(right(Long.toString(line.support()), COLUMN_WIDTH))
        .append('\n');
  }

  // Python's '{:.Nf}' rounds the exact binary value half-even; new BigDecimal(double) is that exact value.
  private static String decimal(double v, int digits) {
    return new BigDecimal(v).setScale(digits, RoundingMode.HALF_EVEN).toPlainString();
  }

  private static String right(String s, int width) {
    return " ".repeat(Math.max(0, width - s.length())) + s;
  }

  /** The report in the two-decimal text layout. */
  @Override
  public String toString() {
    return format(2);
  }
}
