package io.gradiente.core.eval;

import io.gradiente.core.data.Blocks;
import io.gradiente.core.data.Columns;
import io.gradiente.core.data.InstanceBlock;
import io.gradiente.core.data.LabeledRows;
import io.gradiente.core.loss.BlockKernel;
import io.gradiente.core.loss.Loss;
import io.gradiente.core.model.LinearModel;
import java.io.Serializable;
import java.util.List;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;

/**
 * Evaluates a model over cached blocks in one Spark job: every partition computes margins in chunks, the summed
 * loss and either the confusion counts (classification) or the regression sums; the driver merges the partition
 * results in partition order. Only counts and sums reach the driver.
 */
public final class Evaluator {
  private static final int CHUNK_ROWS = 4096;

  private Evaluator() {}

  /** The mean loss over all rows. */
  public static double meanLoss(Blocks blocks, Loss loss, double[] params) {
    double[] p = params.clone();
    List<double[]> parts = blocks.rdd().map(block -> new double[] {lossSum(block, loss, p), block.rows()}).collect();
    double sum = 0.0;
    double rows = 0.0;
    for (double[] part : parts) {
      sum += part[0];
      rows += part[1];
    }
    return sum / rows;
  }

  /** The loss summed over every row of one block, computed in chunks of {@value #CHUNK_ROWS} rows. */
  public static double lossSum(InstanceBlock block, Loss loss, double[] params) {
    int k = params.length / (block.features() + 1);
    loss.checkLabels(block, k);
    double[] margins = new double[Math.min(CHUNK_ROWS, block.rows()) * k];
    double sum = 0.0;
    for (int from = 0; from < block.rows(); from += CHUNK_ROWS) {
      int to = Math.min(block.rows(), from + CHUNK_ROWS);
      BlockKernel.margins(block, from, to, params, margins);
      sum += loss.lossSum(margins, block.labels(), from, to - from, k);
    }
    return sum;
  }

  /** The smallest and largest margin {@code z = x W + b} over every row and output, as {@code {min, max}}. */
  public static double[] marginRange(Blocks blocks, double[] params) {
    double[] p = params.clone();
    List<double[]> parts = blocks.rdd().map(block -> marginRange(block, p)).collect();
    double[] range = {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
    for (double[] part : parts) {
      range[0] = Math.min(range[0], part[0]);
      range[1] = Math.max(range[1], part[1]);
    }
    return range;
  }

  private static double[] marginRange(InstanceBlock block, double[] params) {
    int k = params.length / (block.features() + 1);
    double[] margins = new double[Math.min(CHUNK_ROWS, block.rows()) * k];
    double[] range = {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
    for (int from = 0; from < block.rows(); from += CHUNK_ROWS) {
      int to = Math.min(block.rows(), from + CHUNK_ROWS);
      BlockKernel.margins(block, from, to, params, margins);
      for (int i = 0; i < (to - from) * k; i++) {
        range[0] = Math.min(range[0], margins[i]);
        range[1] = Math.max(range[1], margins[i]);
      }
    }
    return range;
  }

  /** Mean loss and confusion matrix of a classifier over {@code classes} classes. */
  public static Evaluation classify(Blocks blocks, Loss loss, double[] params, int classes) {
    return evaluate(blocks, loss, params, classes);
  }

  /**
   * The rows with one more column, {@link Columns#PREDICTION}: the model's prediction for each row (the target
   * value for regression, the class index for classification), computed where the row lives, as
   * {@link LinearModel#predict} does. Nothing is collected.
   */
  public static Dataset<Row> predictions(LabeledRows rows, Loss loss, LinearModel model) {
    double[] params = model.params().clone();
    int features = model.features();
    int outputs = model.outputs();
    UserDefinedFunction predict = functions.udf((UDF1<Vector, Double>) x ->
        new LinearModel(features, outputs, params).predict(loss, x.toArray()), DataTypes.DoubleType);
    return rows.frame().withColumn(Columns.PREDICTION, predict.apply(functions.col(Columns.FEATURES)));
  }

  /** Mean loss and regression metrics (MSE, RMSE, R²) of a regression model. */
  public static Evaluation regress(Blocks blocks, Loss loss, double[] params) {
    return evaluate(blocks, loss, params, 0);
  }

  private static Evaluation evaluate(Blocks blocks, Loss loss, double[] params, int classes) {
    double[] p = params.clone();
    List<Partial> parts = blocks.rdd().map(block -> partial(block, loss, p, classes)).collect();
    Partial total = new Partial(classes);
    for (Partial part : parts) {
      total.merge(part);
    }
    double mean = total.loss / total.rows;
    return classes > 0
        ? new Evaluation(total.rows, mean, ConfusionMatrix.fromCounts(total.counts), null)
        : new Evaluation(total.rows, mean, null, total.regression);
  }

  private static Partial partial(InstanceBlock block, Loss loss, double[] p, int classes) {
    int k = p.length / (block.features() + 1);
    loss.checkLabels(block, k);
    double[] margins = new double[Math.min(CHUNK_ROWS, block.rows()) * k];
    Partial out = new Partial(classes);
    double[] labels = block.labels();
    for (int from = 0; from < block.rows(); from += CHUNK_ROWS) {
      int to = Math.min(block.rows(), from + CHUNK_ROWS);
      BlockKernel.margins(block, from, to, p, margins);
      out.loss += loss.lossSum(margins, labels, from, to - from, k);
      for (int r = 0; r < to - from; r++) {
        double predicted = loss.predict(margins, r * k, k);
        double actual = labels[from + r];
        if (classes > 0) {
          out.counts[(int) actual][(int) predicted]++;
        } else {
          out.regression.add(predicted, actual);
        }
      }
    }
    out.rows = block.rows();
    return out;
  }

  /** One partition's sums. */
  private static final class Partial implements Serializable {
    private static final long serialVersionUID = 1L;
    double loss;
    long rows;
    final long[][] counts;
    final RegressionMetrics regression;

    Partial(int classes) {
      counts = new long[classes][classes];
      regression = classes > 0 ? null : new RegressionMetrics();
    }

    void merge(Partial other) {
      loss += other.loss;
      rows += other.rows;
      for (int i = 0; i < counts.length; i++) {
        for (int j = 0; j < counts.length; j++) {
          counts[i][j] += other.counts[i][j];
        }
      }
      if (regression != null) {
        regression.merge(other.regression);
      }
    }
  }
}
