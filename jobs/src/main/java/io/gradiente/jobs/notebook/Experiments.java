package io.gradiente.jobs.notebook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gradiente.core.check.GradientCheck;
import io.gradiente.core.data.Blocks;
import io.gradiente.core.data.Columns;
import io.gradiente.core.data.LabeledRows;
import io.gradiente.core.eval.ClassificationReport;
import io.gradiente.core.eval.Evaluation;
import io.gradiente.core.eval.Evaluator;
import io.gradiente.core.eval.LossSurface;
import io.gradiente.core.linalg.Blas;
import io.gradiente.core.loss.Loss;
import io.gradiente.core.loss.SquaredError;
import io.gradiente.core.model.LinearModel;
import io.gradiente.core.model.ModelKind;
import io.gradiente.core.nn.Activation;
import io.gradiente.core.optim.BatchPlan;
import io.gradiente.core.optim.Momentum;
import io.gradiente.core.report.RunReport;
import io.gradiente.core.report.RunTables;
import io.gradiente.core.report.Tables;
import io.gradiente.core.train.DistributedGradient;
import io.gradiente.core.train.FiniteDifferenceGradient;
import io.gradiente.core.train.StepGradient;
import io.gradiente.core.train.TrainConfig;
import io.gradiente.core.train.TrainResult;
import io.gradiente.core.train.Trainer;
import io.gradiente.datasets.BreastCancer;
import io.gradiente.datasets.Mnist;
import io.gradiente.datasets.Scaling;
import io.gradiente.datasets.Split;
import io.gradiente.datasets.SyntheticLinear;
import io.gradiente.jobs.plot.Plots;
import java.io.PrintStream;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * The lesson's experiments one at a time, for the Zeppelin notes: each call trains (or computes) one experiment,
 * writes its report under {@code <output>/<runId>/} with the same tables as {@code gradiente lesson} (replacing a
 * run of the same id, so a note can be run again), prints its progress and summary to {@code out}, and
 * re-registers the report views of {@code output} ({@link Reports#register}) so the next {@code %spark.sql}
 * paragraph sees the new run.
 */
public final class Experiments {
  /** Where the lesson's linear descent starts: far from the answer, to show the descent. */
  public static final double W0 = -46.85708143132658;
  /** See {@link #W0}. */
  public static final double B0 = 13.641041126378042;
  /** The lesson's finite-difference step. */
  public static final double FD_DELTA = 1e-6;
  /** Linear descent by the finite-difference slope of w alone (b stays 0). */
  public static final String FD_W = "fd-w";
  /** Linear descent by the finite-difference slopes of w and b. */
  public static final String FD_WB = "fd-wb";
  /** Linear descent by the analytic gradient, with the MSE surface and the gradient check. */
  public static final String ANALYTIC = "analytic";

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
   * Linear regression on the lesson's data by full-batch gradient descent, lr 0.1, from (w, b) = ({@link #W0},
   * {@link #B0}) (b = 0 for {@link #FD_W}).
   *
   * @param gradient {@link #FD_W}, {@link #FD_WB} or {@link #ANALYTIC}; the analytic run also writes the tables
   *     {@code surface} (MSE over w in [1, 5), b in [-1, 1)) and {@code gradient_check} (100 random points)
   */
  public static NoteRun linear(SparkSession spark, String output, String runId, String gradient, int epochs,
      PrintStream out) {
    int[] fd;
    double[] initial;
    switch (gradient) {
      case FD_W:
        fd = new int[] {0};
        initial = new double[] {W0, 0.0};
        break;
      case FD_WB:
        fd = new int[] {0, 1};
        initial = new double[] {W0, B0};
        break;
      case ANALYTIC:
        fd = null;
        initial = new double[] {W0, B0};
        break;
      default:
        throw new IllegalArgumentException("gradient must be " + FD_W + ", " + FD_WB + " or " + ANALYTIC + ", got "
            + gradient);
    }
    Split data = new Split(SyntheticLinear.generate(spark, SyntheticLinear.DEFAULT_ROWS, 42, 2),
        SyntheticLinear.generate(spark, SyntheticLinear.DEFAULT_ROWS, 43, 2));
    TrainConfig config = new TrainConfig(TrainConfig.FULL_BATCH, 0.1, 0.0, epochs, TrainConfig.DEFAULT_SEED, false);
    Spec spec = new Spec(ModelKind.LINEAR, config, 2, 0, initial, fd, "synthetic y = 3x + (u - 0.5)", "none",
        List.of("x"), null);
    Extras extras = !ANALYTIC.equals(gradient) ? null : (report, blocks, params) -> {
      double[] ws = LossSurface.arange(1, 5, 0.1);
      double[] bs = LossSurface.arange(-1, 1, 0.01);
      double[][] z = LossSurface.compute(blocks, SquaredError.INSTANCE, ws, bs);
      for (int j = 0; j < bs.length; j++) {
        for (int i = 0; i < ws.length; i++) {
          report.add("surface", Tables.SURFACE, ws[i], bs[j], z[j][i]);
        }
      }
      report.file("surface.png", Plots.heatMap("MSE over (w, b)", "w", "b", ws, bs, z));
      GradientCheck.Result check = GradientCheck.run(blocks, SquaredError.INSTANCE, 2, 100, 10,
          TrainConfig.DEFAULT_SEED, GradientCheck.DEFAULT_TOLERANCE);
      for (int q = 0; q < check.relativeErrors().length; q++) {
        double e = check.relativeErrors()[q];
        report.add("gradient_check", Tables.GRADIENT_CHECK, q, e, e <= check.tolerance());
      }
      return check.verdict();
    };
    return run(spark, data, spec, output, runId, out, extras);
  }

  /**
   * Logistic regression on the bundled breast cancer rows (500 train, 69 test), min-max scaled on the training
   * rows, lr 0.1, reshuffled every epoch.
   *
   * @param batchSize rows per step, or 0 for full-batch gradient descent
   * @param momentum 0 for plain GD/SGD, else the momentum (the lesson uses 0.9)
   */
  public static NoteRun logistic(SparkSession spark, String output, String runId, long batchSize, double momentum,
      int epochs, PrintStream out) {
    Split data = Scaling.MINMAX.apply(BreastCancer.bundled(spark, partitions(spark)));
    TrainConfig config = new TrainConfig(batchSize == 0 ? TrainConfig.FULL_BATCH : batchSize, 0.1, momentum, epochs,
        TrainConfig.DEFAULT_SEED, true);
    Spec spec = new Spec(ModelKind.LOGISTIC, config, partitions(spark), 2, null, null,
        "bundled breast cancer (Wisconsin)", "minmax", BreastCancer.FEATURE_NAMES,
        BreastCancer.CLASS_NAMES.toArray(String[]::new));
    return run(spark, data, spec, output, runId, out, null);
  }

  /**
   * Softmax regression on the bundled 10,000 MNIST digits (8,000 train, 2,000 test) scaled by 1/255: batch 500,
   * lr 0.01, momentum 0.9, as the lesson.
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
    int parts = partitions(spark);
    Split data = Scaling.DIVIDE255.apply(mnist == null ? Mnist.bundled(spark, parts) : Mnist.read(spark, mnist,
        parts));
    TrainConfig config = new TrainConfig(500, 0.01, 0.9, epochs, TrainConfig.DEFAULT_SEED, true);
    Spec spec = new Spec(ModelKind.SOFTMAX, config, parts, 10, null, null,
        mnist == null ? "bundled MNIST 10k" : "MNIST " + mnist, "divide255", null, null);
    return run(spark, data, spec, output, runId, out, null);
  }

  /** The six activation functions on {@code linspace(-10, 10, 100)}: the table {@code activations}. */
  public static NoteRun activations(SparkSession spark, String output, String runId, PrintStream out) {
    RunReport report = new RunReport(runId);
    double[] x = Activation.linspace(-10, 10, 100);
    for (Activation a : Activation.values()) {
      double[] y = a.apply(x);
      for (int i = 0; i < x.length; i++) {
        report.add("activations", Tables.ACTIVATIONS, a.label(), x[i], y[i]);
      }
    }
    String path = report.write(spark, output, true).toString();
    Reports.register(spark, output);
    String summary = Activation.values().length + " functions on " + x.length + " points; report: " + path;
    out.println(summary);
    return new NoteRun(runId, path, summary);
  }

  private static int partitions(SparkSession spark) {
    return Math.max(1, Math.min(spark.sparkContext().defaultParallelism(), 8));
  }

  /** What to train. */
  private record Spec(ModelKind model, TrainConfig config, int partitions, int classes, double[] initial,
      int[] finiteDifference, String dataset, String scale, List<String> featureNames, String[] targetNames) {}

  /** Adds an experiment's own tables; returns a line for the summary, or null. */
  private interface Extras {
    String add(RunReport report, Blocks train, double[] params);
  }

  private static NoteRun run(SparkSession spark, Split data, Spec spec, String output, String runId,
      PrintStream out, Extras extras) {
    RunReport.checkRunId(runId);
    Instant started = Instant.now();
    long loadStart = System.nanoTime();
    Blocks train = Blocks.of(data.train(), spec.partitions(), spec.classes());
    LabeledRows testRows = data.test();
    Blocks test = Blocks.of(testRows, (int) Math.min(spec.partitions(), testRows.rows()), spec.classes());
    double load = (System.nanoTime() - loadStart) / 1e9;
    try {
      Loss loss = spec.model().loss();
      int outputs = loss.outputs(spec.classes());
      int features = train.features();
      TrainConfig config = spec.config();
      double[] init = spec.initial() != null ? spec.initial().clone()
          : LinearModel.initial(features, outputs, LinearModel.Init.NORMAL, config.seed()).params();
      int size = LinearModel.size(features, outputs);
      BatchPlan plan = new BatchPlan(config.seed(), config.shuffle(), train.rows(), config.batchSize());
      StepGradient gradient = spec.finiteDifference() == null ? new DistributedGradient(train, loss, plan, size)
          : new FiniteDifferenceGradient(train, loss, plan, size, spec.finiteDifference(), FD_DELTA);
      out.println(runId + ": " + spec.model().label() + " on " + spec.dataset() + ", " + train.rows()
          + " training rows in " + train.partitions() + " partitions, batch " + config.batchSizeText() + ", lr "
          + config.learningRate() + ", momentum " + config.momentum() + ", " + config.epochs() + " epochs ("
          + plan.stepsPerEpoch() + " steps each)");
      TrainResult result = new Trainer(config, new NoteProgress(runId, out)).train(gradient,
          new Momentum(size, config.learningRate(), config.momentum()), p -> Evaluator.meanLoss(train, loss, p),
          init);
      long evalStart = System.nanoTime();
      Evaluation trainEval = evaluate(train, loss, result.params(), spec.classes());
      Evaluation testEval = evaluate(test, loss, result.params(), spec.classes());
      double evalSeconds = (System.nanoTime() - evalStart) / 1e9;
      LinearModel model = new LinearModel(features, outputs, result.params());
      RunReport report = new RunReport(runId);
      report.add("run", Tables.RUN, spec.model().label(), spec.dataset(), null, null, "bundled", spec.scale(),
          config.batchSizeText(), config.learningRate(), config.momentum(), config.epochs(), config.seed(),
          train.partitions(), config.shuffle(), features, spec.classes(), train.rows(), test.rows(),
          Blas.implementation(), spark.version(), spark.sparkContext().master(), Timestamp.from(started),
          Timestamp.from(Instant.now()), load, result.trainSeconds(), evalSeconds, configJson(spec, runId, output,
              plan));
      RunTables.history(report, result.history());
      RunTables.evaluation(report, "train", trainEval);
      RunTables.evaluation(report, "test", testEval);
      RunTables.model(report, model, spec.featureNames());
      String extra = extras == null ? null : extras.add(report, train, result.params());
      String path = report.write(spark, output, true).toString();
      Reports.register(spark, output);
      String summary = summary(spec, runId, result, trainEval, testEval, model, extra, path);
      out.println(summary);
      out.flush();
      return new NoteRun(runId, path, summary);
    } finally {
      train.release();
      test.release();
    }
  }

  private static Evaluation evaluate(Blocks blocks, Loss loss, double[] params, int classes) {
    return classes > 0 ? Evaluator.classify(blocks, loss, params, classes) : Evaluator.regress(blocks, loss, params);
  }

  private static String summary(Spec spec, String runId, TrainResult result, Evaluation train, Evaluation test,
      LinearModel model, String extra, String path) {
    StringBuilder s = new StringBuilder();
    double[] losses = result.history().trainLosses();
    s.append(String.format(Locale.ROOT, "%s: %d epochs in %.1fs, final train loss %.6f%n", runId, losses.length,
        result.trainSeconds(), losses[losses.length - 1]));
    if (spec.model() == ModelKind.LINEAR) {
      s.append(String.format(Locale.ROOT, "  w = %.4f, b = %.4f%n", model.weight(0, 0), model.bias(0)));
    }
    for (Evaluation e : new Evaluation[] {train, test}) {
      String split = e == train ? "train" : "test";
      if (e.isClassification()) {
        s.append(String.format(Locale.ROOT, "  %s accuracy %.4f (%d rows), loss %.6f%n", split,
            e.confusion().accuracy(), e.rows(), e.meanLoss()));
      } else {
        s.append(String.format(Locale.ROOT, "  %s MSE %.6f, R2 %.6f (%d rows)%n", split, e.regression().mse(),
            e.regression().r2(), e.rows()));
      }
    }
    if (test.isClassification()) {
      ClassificationReport cr = ClassificationReport.of(test.confusion());
      s.append("  classification report (test):\n");
      String text = spec.targetNames() != null ? cr.format(2, spec.targetNames()) : cr.format(2);
      text.lines().forEach(l -> s.append(l.isBlank() ? "" : "    " + l).append('\n'));
    }
    if (extra != null) {
      s.append("  ").append(extra).append('\n');
    }
    return s.append("  report: ").append(path).toString();
  }

  private static String configJson(Spec spec, String runId, String output, BatchPlan plan) {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("model", spec.model().label());
    c.put("dataset", spec.dataset());
    c.put("scale", spec.scale());
    c.put("batch_size", spec.config().batchSizeText());
    c.put("steps_per_epoch", plan.stepsPerEpoch());
    c.put("lr", spec.config().learningRate());
    c.put("momentum", spec.config().momentum());
    c.put("epochs", spec.config().epochs());
    c.put("seed", spec.config().seed());
    c.put("shuffle", spec.config().shuffle());
    c.put("partitions", spec.partitions());
    c.put("classes", spec.classes());
    c.put("init", spec.initial() != null ? "given" : "normal");
    c.put("gradient", spec.finiteDifference() == null ? "analytic"
        : "finite difference (delta " + FD_DELTA + ") of parameters "
            + java.util.Arrays.toString(spec.finiteDifference()));
    c.put("output", output);
    c.put("run_id", runId);
    c.put("source", "zeppelin note");
    try {
      return new ObjectMapper().writeValueAsString(c);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
