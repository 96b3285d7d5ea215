package io.gradiente.notebook;

import io.gradiente.core.data.Columns;
import io.gradiente.core.report.Reports;
import io.gradiente.core.train.TrainConfig;
import io.gradiente.datasets.SyntheticLinear;
import io.gradiente.jobs.ConsoleProgress;
import io.gradiente.jobs.Lesson;
import io.gradiente.jobs.TrainJob;
import java.io.PrintStream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * The lesson's experiments one at a time, for the Zeppelin notes: each call runs one experiment of {@link Lesson}
 * (the same code and tables as {@code gradiente lesson}), replacing a run of the same id so a note can be run again,
 * prints its progress and summary to {@code out} (in a Scala paragraph, {@code Console.out}), and re-registers the
 * report views of {@code output} ({@link Reports#register}) so the next {@code %spark.sql} paragraph sees the run.
 */
public final class Experiments {
  /** Linear descent by the finite-difference slope of w alone from w = 0 (b stays 0). */
  public static final String FD_W = "fd-w";
  /** Linear descent by the finite-difference slopes of w and b from (0, 5). */
  public static final String FD_WB = "fd-wb";
  /** The lesson's gradient check, then linear descent by the analytic gradient, with the MSE surface. */
  public static final String ANALYTIC = "analytic";
  /** Linear descent by the analytic gradient, float32 features and products, from U(-1, 1): the TensorFlow cell. */
  public static final String FLOAT32 = "float32";

  private Experiments() {}

  /** The lesson's 100 training points {@code y = 3x + (u - 0.5)}, seed 42, as columns {@code index, x, y}. */
  public static Dataset<Row> linearData(SparkSession spark) {
    return SyntheticLinear.generate(spark, SyntheticLinear.DEFAULT_ROWS, SyntheticLinear.DEFAULT_SEED, 2).frame()
        .select(functions.col(Columns.INDEX),
            org.apache.spark.ml.functions.vector_to_array(functions.col(Columns.FEATURES), "float64").getItem(0)
                .as("x"),
            functions.col(Columns.LABEL).as("y"));
  }

  /**
   * Linear regression on the lesson's data by full-batch gradient descent, lr 0.1, from the starts of
   * {@link Lesson#linear}.
   *
   * @param gradient {@link #FD_W}, {@link #FD_WB}, {@link #ANALYTIC} or {@link #FLOAT32}; the analytic run also
   *     writes the tables {@code surface} (MSE over w in [1, 5), b in [-1, 1)) and {@code gradient_check} (the
   *     lesson's check at 100 random points)
   */
  public static NoteRun linear(SparkSession spark, String output, String runId, String gradient, int epochs,
      PrintStream out) {
    Lesson.LinearGradient which;
    switch (gradient) {
      case FD_W:
        which = Lesson.LinearGradient.FD_W;
        break;
      case FD_WB:
        which = Lesson.LinearGradient.FD_WB;
        break;
      case ANALYTIC:
        which = Lesson.LinearGradient.ANALYTIC;
        break;
      case FLOAT32:
        which = Lesson.LinearGradient.FLOAT32;
        break;
      default:
        throw new IllegalArgumentException("gradient must be " + FD_W + ", " + FD_WB + ", " + ANALYTIC + " or "
            + FLOAT32 + ", got " + gradient);
    }
    return done(spark, output, lesson(spark, output, epochs, null, out).linear(runId, which));
  }

  /**
   * Logistic regression on the bundled breast cancer rows (500 train, 69 test), min-max scaled on the training
   * rows, lr 0.1, reshuffled every epoch, as {@link Lesson#logistic}.
   *
   * @param batchSize rows per step, or 0 for full-batch gradient descent
   * @param momentum 0 for plain GD/SGD, else the momentum (the lesson uses 0.9)
   */
  public static NoteRun logistic(SparkSession spark, String output, String runId, long batchSize, double momentum,
      int epochs, PrintStream out) {
    return done(spark, output, lesson(spark, output, epochs, null, out)
        .logistic(runId, batchSize == 0 ? TrainConfig.FULL_BATCH : batchSize, momentum));
  }

  /**
   * Softmax regression on the bundled 10,000 MNIST digits (8,000 train, 2,000 test; the lesson downloads the
   * 60,000/10,000 set) scaled by 1/255: batch 500, lr 0.01, momentum 0.9, as the lesson.
   */
  public static NoteRun softmax(SparkSession spark, String output, String runId, int epochs, PrintStream out) {
    return softmax(spark, output, runId, epochs, null, out);
  }

  /**
   * {@link #softmax(SparkSession, String, String, int, PrintStream)} on a folder with the four standard MNIST files
   * instead of the bundled digits (null for the bundled ones).
   */
  public static NoteRun softmax(SparkSession spark, String output, String runId, int epochs, String mnist,
      PrintStream out) {
    return done(spark, output, lesson(spark, output, epochs, mnist, out).softmax(runId));
  }

  /** The six activation functions on {@code linspace(-10, 10, 100)}: the table {@code activations}. */
  public static NoteRun activations(SparkSession spark, String output, String runId, PrintStream out) {
    String path = lesson(spark, output, 1, null, out).activations(runId);
    Reports.register(spark, output);
    return new NoteRun(runId, path, "activation functions; report: " + path);
  }

  private static Lesson lesson(SparkSession spark, String output, int epochs, String mnist, PrintStream out) {
    Lesson.Settings settings = new Lesson.Settings(output, "note", epochs, mnist, 0, true, TrainConfig.DEFAULT_SEED);
    return new Lesson(spark, settings, out, runId -> ConsoleProgress.lines(runId, out));
  }

  private static NoteRun done(SparkSession spark, String output, TrainJob.Outcome outcome) {
    Reports.register(spark, output);
    return new NoteRun(runIdOf(outcome.reportPath()), outcome.reportPath(), outcome.summary());
  }

  private static String runIdOf(String path) {
    return path.substring(path.lastIndexOf('/') + 1);
  }
}
