package io.gradiente.datasets;

import io.gradiente.core.data.LabeledRows;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The bundled Breast Cancer Wisconsin (Diagnostic) data (see {@code NOTICE.md}): 569 rows, 30 features, label 0 =
 * malignant, 1 = benign, as scikit-learn ships it.
 */
public final class BreastCancer {
  /** scikit-learn's names of the 30 features, in column order, for reports. */
  public static final List<String> FEATURE_NAMES =
      List.of(
          "mean radius", "mean texture", "mean perimeter", "mean area", "mean smoothness",
          "mean compactness", "mean concavity", "mean concave points", "mean symmetry",
          "mean fractal dimension", "radius error", "texture error", "perimeter error", "area error",
          "smoothness error", "compactness error", "concavity error", "concave points error",
          "symmetry error", "fractal dimension error", "worst radius", "worst texture", "worst perimeter",
          "worst area", "worst smoothness", "worst compactness", "worst concavity", "worst concave points",
          "worst symmetry", "worst fractal dimension");
  /** Class names by label: 0 = malignant, 1 = benign. */
  public static final List<String> CLASS_NAMES = List.of("malignant", "benign");
  /** Number of rows. */
  public static final int ROWS = 569;
  /** Rows {@code 0..TRAIN_ROWS-1} are the train split, the rest the test split. */
  public static final int TRAIN_ROWS = 500;

  private static final String RESOURCE = "breast_cancer.csv";

  private BreastCancer() {}

  /**
   * The bundled rows: 0-499 train, 500-568 test (indexed again from 0). The file lives inside the jar, so the driver
   * parses it (120 KB) and sends the rows to the tasks.
   *
   * @param partitions contiguous row ranges per part, at least 1
   */
  public static Split bundled(SparkSession spark, int partitions) {
    if (partitions < 1) {
      throw new IllegalArgumentException("partitions must be at least 1, got " + partitions);
    }
    double[][] x = new double[ROWS][];
    double[] y = new double[ROWS];
    parse(x, y);
    return new Split(
        rows(spark, "bundled breast cancer (train)", x, y, 0, TRAIN_ROWS, partitions),
        rows(spark, "bundled breast cancer (test)", x, y, TRAIN_ROWS, ROWS, partitions));
  }

  private static void parse(double[][] x, double[] y) {
    int features = FEATURE_NAMES.size();
    try (BufferedReader in =
        new BufferedReader(new InputStreamReader(Mnist.resource(RESOURCE), StandardCharsets.US_ASCII))) {
      String header = in.readLine();
      String expected = ROWS + "," + features + "," + String.join(",", CLASS_NAMES);
      if (!expected.equals(header)) {
        throw new IllegalStateException("bundled " + RESOURCE + " has header " + header + ", expected " + expected);
      }
      for (int r = 0; r < ROWS; r++) {
        String[] f = in.readLine().split(",", -1);
        if (f.length != features + 1) {
          throw new IllegalStateException("bundled " + RESOURCE + ": row " + r + " has " + f.length + " fields");
        }
        x[r] = new double[features];
        for (int j = 0; j < features; j++) {
          x[r][j] = Double.parseDouble(f[j]);
        }
        y[r] = Double.parseDouble(f[features]);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("bundled " + RESOURCE + " cannot be read", e);
    }
  }

  private static LabeledRows rows(
      SparkSession spark, String source, double[][] x, double[] y, int from, int to, int partitions) {
    List<Row> rows = new ArrayList<>(to - from);
    for (int r = from; r < to; r++) {
      rows.add(Frames.row(r - from, x[r], y[r]));
    }
    JavaRDD<Row> rdd =
        JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(rows, Math.min(partitions, to - from));
    return new LabeledRows(source, Frames.frame(spark, rdd), FEATURE_NAMES.size(), to - from);
  }
}
