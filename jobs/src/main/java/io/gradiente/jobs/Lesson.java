package io.gradiente.jobs;

import io.gradiente.core.check.GradientCheck;
import io.gradiente.core.data.Columns;
import io.gradiente.core.data.LabeledRows;
import io.gradiente.core.eval.LossSurface;
import io.gradiente.core.loss.SquaredError;
import io.gradiente.core.model.LinearModel;
import io.gradiente.core.model.ModelKind;
import io.gradiente.core.nn.Activation;
import io.gradiente.core.report.RunReport;
import io.gradiente.core.report.Tables;
import io.gradiente.core.train.ProgressListener;
import io.gradiente.core.train.TrainConfig;
import io.gradiente.datasets.BreastCancer;
import io.gradiente.datasets.Mnist;
import io.gradiente.datasets.Scaling;
import io.gradiente.datasets.Split;
import io.gradiente.datasets.SyntheticLinear;
import io.gradiente.jobs.plot.Plots;
import io.gradiente.jobs.plot.Series;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The lesson "Aprendizaje por el gradiente", experiment by experiment, each one a run with its own report folder
 * {@code <output>/<prefix>_NN-name}: linear regression (finite-difference slope on w, then on w and b; analytic
 * gradient descent with the MSE surface and the gradient check), logistic regression on breast cancer (full-batch
 * GD, mini-batch SGD, momentum), softmax regression on MNIST, and the activation functions.
 */
public final class Lesson {
  /** Where the lesson's linear descent starts (the notebook's draw): far from the answer, to show the descent. */
  public static final double W0 = -46.85708143132658;
  /** See {@link #W0}. */
  public static final double B0 = 13.641041126378042;
  /** The lesson reports cross-entropies with probabilities clipped at 1e-6 (numpy's {@code np.clip}). */
  public static final double PROBABILITY_FLOOR = 1e-6;
  /** The lesson's linear data set size. */
  static final int LINEAR_ROWS = 100;
  /** Most rows collected to the driver for a scatter plot. */
  private static final int PLOT_ROWS = 10_000;

  private static final String[] NAMES = {"01-linear-fd-w", "02-linear-fd-wb", "03-linear-gd", "04-logistic-gd",
      "05-logistic-sgd", "06-logistic-momentum", "07-softmax", "08-activations"};

  /**
   * The lesson's settings.
   *
   * @param epochs epochs (iterations for full-batch runs) of every experiment; the lesson uses 100
   * @param mnist a folder with the four standard MNIST files, or null for the bundled 10,000 digits
   * @param partitions partitions of the training data; 0 for Spark's default parallelism
   */
  public record Settings(String output, String prefix, int epochs, String mnist, int partitions, boolean overwrite,
      long seed) {}

  /** How the linear regression finds its slope. */
  public enum LinearGradient {
    /** Forward-difference slope of w alone; b stays 0. */
    FD_W,
    /** Forward-difference slopes of w and b. */
    FD_WB,
    /** The analytic gradient, with the MSE surface, the gradient check and the fit plot. */
    ANALYTIC
  }

  private final SparkSession spark;
  private final Settings settings;
  private final PrintStream out;
  private final Function<String, ProgressListener> progress;
  /** Each data set is loaded once and shared by the runs that use it (see {@link #once}). */
  private Loaded linearData;
  private Loaded cancerData;

  /** A loaded split and the seconds its loading took. */
  private record Loaded(Split data, double seconds) {}

  /** A lesson whose results print to {@code out} and whose progress goes to stderr. */
  public Lesson(SparkSession spark, Settings settings, PrintStream out) {
    this(spark, settings, out, ConsoleProgress::forRun);
  }

  /** A lesson whose results print to {@code out} and whose progress goes to the listener made for each run id. */
  public Lesson(SparkSession spark, Settings settings, PrintStream out, Function<String, ProgressListener> progress) {
    this.spark = spark;
    this.settings = settings;
    this.out = out;
    this.progress = progress;
  }

  /** The run folder names of a lesson with this prefix, in order. */
  static List<String> runIds(String prefix) {
    List<String> ids = new ArrayList<>();
    for (String n : NAMES) {
      ids.add(prefix + "_" + n);
    }
    return ids;
  }

  /** Runs every experiment; returns the report folders. */
  public List<String> run() {
    for (String id : runIds(settings.prefix())) {
      RunReport.checkTarget(spark.sparkContext().hadoopConfiguration(), settings.output(), id, settings.overwrite());
    }
    List<String> ids = runIds(settings.prefix());
    List<String> paths = new ArrayList<>();
    paths.addAll(linear(ids));
    paths.addAll(logistic(ids));
    header(7, "Softmax regression on MNIST (" + (settings.mnist() == null ? "bundled 10,000 digits"
        : settings.mnist()) + "): batch 500, lr 0.01, momentum 0.9");
    paths.add(softmax(ids.get(6)).reportPath());
    header(8, "Activation functions on linspace(-10, 10, 100)");
    paths.add(activations(ids.get(7)));
    out.println();
    out.println("Lesson done: " + paths.size() + " runs under " + settings.output());
    return paths;
  }

  private List<String> linear(List<String> ids) {
    List<String> paths = new ArrayList<>();
    header(1, "Linear regression y = 3x + (u - 0.5): descent by finite-difference slope on w alone (b = 0)");
    paths.add(linear(ids.get(0), LinearGradient.FD_W).reportPath());
    header(2, "Linear regression: finite-difference slope on w and b");
    paths.add(linear(ids.get(1), LinearGradient.FD_WB).reportPath());
    header(3, "Linear regression: analytic gradient, gradient check and the MSE surface");
    paths.add(linear(ids.get(2), LinearGradient.ANALYTIC).reportPath());
    return paths;
  }

  /**
   * Linear regression on the lesson's 100 points (test: 100 more with seed 43), full-batch GD with lr 0.1 from
   * ({@link #W0}, {@link #B0}); the analytic run adds the tables {@code surface} and {@code gradient_check}.
   */
  public TrainJob.Outcome linear(String runId, LinearGradient gradient) {
    int parts = settings.partitions() > 0 ? settings.partitions() : 2;
    linearData = once(linearData, () -> new Split(SyntheticLinear.generate(spark, LINEAR_ROWS, 42, parts),
        SyntheticLinear.generate(spark, LINEAR_ROWS, 43, parts)));
    Split data = linearData.data();
    double load = linearData.seconds();
    TrainConfig gd = new TrainConfig(TrainConfig.FULL_BATCH, 0.1, 0.0, settings.epochs(), settings.seed(), false);
    switch (gradient) {
      case FD_W:
        return TrainJob.run(spark, data, linearSpec(gd, runId, new double[] {W0, 0.0}, new int[] {0}), load, out,
            progress.apply(runId), null);
      case FD_WB:
        return TrainJob.run(spark, data, linearSpec(gd, runId, new double[] {W0, B0}, new int[] {0, 1}), load, out,
            progress.apply(runId), null);
      default:
        return TrainJob.run(spark, data, linearSpec(gd, runId, new double[] {W0, B0}, null), load, out,
            progress.apply(runId), (report, blocks, params) -> {
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
                  settings.seed(), GradientCheck.DEFAULT_TOLERANCE);
              for (int q = 0; q < check.relativeErrors().length; q++) {
                double e = check.relativeErrors()[q];
                report.add("gradient_check", Tables.GRADIENT_CHECK, q, e, e <= check.tolerance());
              }
              out.println("  " + check.verdict());
              report.file("fit.png", fitPlot(data.train(), params));
            });
    }
  }

  private TrainJob.Spec linearSpec(TrainConfig config, String id, double[] initial, int[] fd) {
    return new TrainJob.Spec(ModelKind.LINEAR, config, settings.partitions() > 0 ? settings.partitions() : 2, 0,
        LinearModel.Init.NORMAL, initial, settings.output(), id, settings.overwrite(), "synthetic y = 3x + (u - 0.5)",
        "synthetic", "none", null, null, List.of("x"), null, fd, 0.0);
  }

  private byte[] fitPlot(LabeledRows rows, double[] params) {
    List<Row> points = rows.frame().orderBy(Columns.INDEX).limit(PLOT_ROWS).collectAsList();
    double[] x = new double[points.size()];
    double[] y = new double[points.size()];
    for (int i = 0; i < x.length; i++) {
      x[i] = ((Vector) points.get(i).getAs(Columns.FEATURES)).apply(0);
      y[i] = points.get(i).getDouble(points.get(i).fieldIndex(Columns.LABEL));
    }
    double[] ends = {-1, 1};
    double[] fit = {params[1] - params[0], params[1] + params[0]};
    return Plots.scatterWithLines("y = 3x + (u - 0.5) and the fitted line", "x", "y", x, y,
        List.of(new Series(String.format(Locale.ROOT, "y = %.4f x %+.4f", params[0], params[1]), ends, fit),
            new Series("y = 3x", ends, new double[] {-3, 3})));
  }

  private List<String> logistic(List<String> ids) {
    List<String> paths = new ArrayList<>();
    header(4, "Logistic regression on breast cancer: full-batch gradient descent (lr 0.1)");
    paths.add(logistic(ids.get(3), TrainConfig.FULL_BATCH, 0.0).reportPath());
    header(5, "Logistic regression: mini-batch SGD, batch 50, reshuffled every epoch");
    paths.add(logistic(ids.get(4), 50, 0.0).reportPath());
    header(6, "Logistic regression: mini-batch SGD with momentum 0.9");
    paths.add(logistic(ids.get(5), 50, 0.9).reportPath());
    return paths;
  }

  /**
   * Logistic regression on the bundled breast cancer rows (500 train, 69 test), min-max scaled on the training
   * rows, lr 0.1, reshuffled every epoch.
   *
   * @param batch rows per step, or {@link TrainConfig#FULL_BATCH}
   * @param momentum 0 for plain GD/SGD; the lesson also uses 0.9
   */
  public TrainJob.Outcome logistic(String id, long batch, double momentum) {
    cancerData = once(cancerData,
        () -> Scaling.MINMAX.apply(BreastCancer.bundled(spark, Math.max(settings.partitions(), 1))));
    Split data = cancerData.data();
    double load = cancerData.seconds();
    TrainConfig config = new TrainConfig(batch, 0.1, momentum, settings.epochs(), settings.seed(), true);
    TrainJob.Spec spec = new TrainJob.Spec(ModelKind.LOGISTIC, config, settings.partitions(), 2,
        LinearModel.Init.NORMAL, null, settings.output(), id, settings.overwrite(), "bundled breast cancer (Wisconsin)",
        "bundled", "minmax", null, null, BreastCancer.FEATURE_NAMES, BreastCancer.CLASS_NAMES.toArray(String[]::new),
        null, PROBABILITY_FLOOR);
    return TrainJob.run(spark, data, spec, load, out, progress.apply(id), null);
  }

  /** {@code loaded} when there is one, else the split {@code load} gives, timed. */
  private static Loaded once(Loaded loaded, Supplier<Split> load) {
    if (loaded != null) {
      return loaded;
    }
    long start = System.nanoTime();
    Split data = load.get();
    return new Loaded(data, (System.nanoTime() - start) / 1e9);
  }

  /**
   * Softmax regression on MNIST ({@link Settings#mnist()}, else the bundled digits) scaled by 1/255: batch 500,
   * lr 0.01, momentum 0.9; adds {@code digits.png}, the first 100 training digits.
   */
  public TrainJob.Outcome softmax(String id) {
    long start = System.nanoTime();
    int parts = Math.max(settings.partitions(), spark.sparkContext().defaultParallelism());
    Split raw = settings.mnist() == null ? Mnist.bundled(spark, parts) : Mnist.read(spark, settings.mnist(), parts);
    Split data = Scaling.DIVIDE255.apply(raw);
    double load = (System.nanoTime() - start) / 1e9;
    TrainConfig config = new TrainConfig(500, 0.01, 0.9, settings.epochs(), settings.seed(), true);
    TrainJob.Spec spec = new TrainJob.Spec(ModelKind.SOFTMAX, config, settings.partitions(), 10,
        LinearModel.Init.NORMAL, null, settings.output(), id, settings.overwrite(),
        settings.mnist() == null ? "bundled MNIST 10k" : "MNIST " + settings.mnist(), "idx", "divide255",
        settings.mnist(), settings.mnist(), null, null, null, PROBABILITY_FLOOR);
    return TrainJob.run(spark, data, spec, load, out, progress.apply(id), (report, blocks, params) ->
        report.file("digits.png", digits(raw.train())));
  }

  private static byte[] digits(LabeledRows rows) {
    List<Row> first = rows.frame().orderBy(Columns.INDEX).limit(100).collectAsList();
    double[][] images = new double[first.size()][];
    int[] labels = new int[first.size()];
    for (int i = 0; i < images.length; i++) {
      images[i] = ((Vector) first.get(i).getAs(Columns.FEATURES)).toArray();
      labels[i] = (int) first.get(i).getDouble(first.get(i).fieldIndex(Columns.LABEL));
    }
    return Plots.digitGrid(images, 28, 28, 10, labels);
  }

  /** The six activation functions on {@code linspace(-10, 10, 100)}: the table {@code activations}; returns the folder. */
  public String activations(String id) {
    RunReport report = new RunReport(id);
    double[] x = Activation.linspace(-10, 10, 100);
    List<Series> curves = new ArrayList<>();
    for (Activation a : Activation.values()) {
      double[] y = a.apply(x);
      for (int i = 0; i < x.length; i++) {
        report.add("activations", Tables.ACTIVATIONS, a.label(), x[i], y[i]);
      }
      curves.add(new Series(a.label(), x, y));
    }
    report.file("activations.png", Plots.lines("Activation functions", "x", "f(x)", curves, false));
    String path = report.write(spark, settings.output(), settings.overwrite()).toString();
    out.println("  " + Activation.values().length + " functions; report: " + path);
    return path;
  }

  private void header(int n, String title) {
    out.println();
    out.printf(Locale.ROOT, "== %d/%d %s ==%n", n, NAMES.length, title);
  }
}
