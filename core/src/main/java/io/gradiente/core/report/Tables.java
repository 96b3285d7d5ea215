package io.gradiente.core.report;

import static org.apache.spark.sql.types.DataTypes.BooleanType;
import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.TimestampType;

import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The schemas of a run's Parquet tables. Notebooks and the Airflow DAG read them: changing one is an API change
 * (README, "Report tables").
 */
public final class Tables {
  /**
   * One row: the whole configuration, data, BLAS, Spark version and timings; {@code skipped_rows} counts the
   * malformed train and test rows left out under {@code --on-bad-row skip} (0 otherwise); {@code blas_kernel} is the
   * driver's BLAS kernel, {@code executor_blas} the executors' ({@code same as the driver (...)} when they agree) and
   * {@code blas_warning} says when they differ (null otherwise).
   */
  public static final StructType RUN = schema(
      req("run_id", StringType), req("model", StringType), req("dataset", StringType),
      opt("train_path", StringType), opt("test_path", StringType), req("format", StringType),
      req("scale", StringType), req("batch_size", StringType), req("learning_rate", DoubleType),
      req("momentum", DoubleType), req("epochs", IntegerType), req("seed", LongType),
      req("partitions", IntegerType), req("shuffle", BooleanType), req("features", IntegerType),
      req("classes", IntegerType), req("train_rows", LongType), opt("test_rows", LongType),
      req("blas", StringType), req("spark_version", StringType), req("master", StringType),
      req("started_at", TimestampType), req("ended_at", TimestampType), req("load_seconds", DoubleType),
      req("train_seconds", DoubleType), req("eval_seconds", DoubleType), req("config", StringType),
      req("skipped_rows", LongType), req("blas_kernel", StringType), req("executor_blas", StringType),
      opt("blas_warning", StringType));
  /**
   * One row per step: the batch loss before the update; the training loss on the last step of each epoch; the loss
   * over the whole training set before the step where it was measured ({@code --step-loss-every}).
   */
  public static final StructType HISTORY = schema(
      req("run_id", StringType), req("epoch", IntegerType), req("step", IntegerType),
      req("batch_loss", DoubleType), opt("train_loss", DoubleType), opt("step_train_loss", DoubleType));
  /** Long format: one value per (split, name, label); label is null for whole-split metrics. */
  public static final StructType METRICS = schema(
      req("run_id", StringType), req("split", StringType), req("name", StringType), opt("label", StringType),
      req("value", DoubleType));
  /** Every (actual, predicted) pair of the labels present, zeros included. */
  public static final StructType CONFUSION = schema(
      req("run_id", StringType), req("split", StringType), req("actual", IntegerType),
      req("predicted", IntegerType), req("count", LongType));
  /** scikit-learn's classification report: one row per class, then accuracy, macro avg, weighted avg. */
  public static final StructType CLASS_REPORT = schema(
      req("run_id", StringType), req("split", StringType), req("label", StringType), opt("precision", DoubleType),
      opt("recall", DoubleType), req("f1", DoubleType), req("support", LongType));
  /** Every parameter: weight of feature {@code feature_index} for {@code output}; the bias has index -1. */
  public static final StructType MODEL = schema(
      req("run_id", StringType), req("output", IntegerType), req("feature_index", IntegerType),
      req("feature", StringType), req("weight", DoubleType));
  /** The lesson's loss surface over (w, b). */
  public static final StructType SURFACE = schema(
      req("run_id", StringType), req("w", DoubleType), req("b", DoubleType), req("loss", DoubleType));
  /**
   * The lesson's gradient check, one row per random point and parameter ({@code w}, {@code b}): the parameter's
   * value at the point, its forward-difference slope, the analytic gradient, their absolute difference and whether
   * it is within the tolerance.
   */
  public static final StructType GRADIENT_CHECK = schema(
      req("run_id", StringType), req("point", IntegerType), req("parameter", StringType), req("value", DoubleType),
      req("slope", DoubleType), req("gradient", DoubleType), req("abs_error", DoubleType),
      req("passed", BooleanType));
  /** The activation functions on a grid. */
  public static final StructType ACTIVATIONS = schema(
      req("run_id", StringType), req("function", StringType), req("x", DoubleType), req("y", DoubleType));

  private Tables() {}

  private static StructType schema(StructField... fields) {
    return DataTypes.createStructType(fields);
  }

  private static StructField req(String name, org.apache.spark.sql.types.DataType type) {
    return DataTypes.createStructField(name, type, false);
  }

  private static StructField opt(String name, org.apache.spark.sql.types.DataType type) {
    return DataTypes.createStructField(name, type, true);
  }
}
