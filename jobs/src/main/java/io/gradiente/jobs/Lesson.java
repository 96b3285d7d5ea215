package io.gradiente.jobs;

import io.gradiente.core.LessonConstants;
import io.gradiente.core.check.GradientCheck;
import io.gradiente.core.data.Blocks;
import io.gradiente.core.data.Columns;
import io.gradiente.core.data.LabeledRows;
import io.gradiente.core.data.Precision;
import io.gradiente.core.eval.Evaluator;
import io.gradiente.core.eval.LossSurface;
import io.gradiente.core.loss.Loss;
import io.gradiente.core.loss.SquaredError;
import io.gradiente.core.model.LinearModel;
import io.gradiente.core.model.ModelKind;
import io.gradiente.core.nn.Activation;
import io.gradiente.core.report.RunReport;
import io.gradiente.core.report.Tables;
import io.gradiente.core.train.Gradient;
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
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The lesson "Aprendizaje por el gradiente", experiment by experiment in the lesson's order, each one a run with its
 * own report folder {@code <output>/<prefix>_NN-name}: linear regression (finite-difference slope on w, then on w
 * and b; the gradient check and analytic gradient descent with the MSE surface; the TensorFlow cell's float32
 * descent), logistic regression on breast cancer (full-batch GD, mini-batch SGD, momentum), softmax regression on
 * MNIST, and the activation functions. It prints what the lesson prints.
 *
 * <p>Where it differs from the lesson on purpose: cross-entropies are computed stably (log-sum-exp and
 * {@code softplus(z) - y z}; the reported losses still clip probabilities at 1e-6 as the lesson does); features
 * and matrix products are float64 except in the float32 run, labels and weights always; without {@code --mnist},
 * 10,000 real MNIST digits bundled in the jar (8,000 train, 2,000 test) stand in for the 60,000/10,000 download;
 * each partition reshuffles its own rows every epoch instead of one global {@code sklearn.utils.shuffle}; initial
 * draws come from the seed, not from TensorFlow's generator.
 *
 * <p>Why one class of some 450 lines: it is the lesson's notebook, experiment by experiment in its order, each a
 * short method beside what it prints; the training, evaluation and report of every run are {@link TrainJob}'s.
 * Split by model, the lesson's order and the data sets its runs share would be spread over several files.
 */
public final class Lesson {
  /** Where the slope on w alone starts: {@code w = 0 #Podría ser cualquier valor}, with b fixed at 0. */
  static final double[] FD_W_START = {0.0, 0.0};
  /** Where the slope on w and b starts: {@code w = 0}, {@code b = 5}. */
  static final double[] FD_WB_START = {0.0, 5.0};
  /** The lesson's names of the breast cancer classes 0 and 1 in its confusion matrices. */
  public static final List<String> CANCER_LABELS = List.of("Maligno", "Benigno");
  /** The lesson's linear data set size. */
  static final int LINEAR_ROWS = 100;
  /** Most rows collected to the driver for a scatter plot. */
  private static final int PLOT_ROWS = 10_000;

  private static final String[] NAMES = {"01-linear-fd-w", "02-linear-fd-wb", "03-linear-gd", "04-linear-float32",
      "05-logistic-gd", "06-logistic-sgd", "07-logistic-momentum", "08-softmax", "09-activations"};

  /**
   * The lesson's settings.
   *
   * @param epochs epochs (iterations for full-batch runs) of every experiment; the lesson uses 100
   * @param mnist a folder with the four standard MNIST files, or null for the bundled 10,000 digits
   * @param execution partitions of the training data (0 for Spark's default parallelism) and how the training
   *     rounds reach them (the same numbers either way); every run but the float32 one stores doubles
   */
  public record Settings(String output, String prefix, int epochs, String mnist, boolean overwrite, long seed,
      Run.Execution execution) {
    /** Settings whose runs take the exchange {@code auto} chooses, over {@code partitions} partitions. */
    public Settings(String output, String prefix, int epochs, String mnist, int partitions, boolean overwrite,
        long seed) {
      this(output, prefix, epochs, mnist, overwrite, seed, Run.Execution.DEFAULT.withPartitions(partitions));
    }

    /** Partitions of the training data; 0 for Spark's default parallelism. */
    int partitions() {
      return execution.partitions();
    }
  }

  /** How the linear regression finds its slope. */
  public enum LinearGradient {
    /** Forward-difference slope of w alone from w = 0; b stays 0. */
    FD_W,
    /** Forward-difference slopes of w and b from (0, 5). */
    FD_WB,
    /**
     * The analytic gradient from ({@link LessonConstants#W0}, {@link LessonConstants#B0}), with the gradient check,
     * MSE surface and fit plot.
     */
    ANALYTIC,
    /** The analytic gradient with float32 features and products from U(-1, 1) draws: the lesson's TensorFlow cell. */
    FLOAT32
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
    header(8, "Softmax regression on MNIST (" + (settings.mnist() == null ? "bundled 10,000 digits"
        : settings.mnist()) + "): batch 500, lr 0.01, momentum 0.9");
    paths.add(softmax(ids.get(7)).reportPath());
    header(9, "Activation functions on linspace(-10, 10, 100)");
    paths.add(activations(ids.get(8)));
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
    header(3, "Linear regression: gradient check, then descent by the analytic gradient; the MSE surface");
    paths.add(linear(ids.get(2), LinearGradient.ANALYTIC).reportPath());
    header(4, "Linear regression as the lesson's TensorFlow cell: float32, w and b from U(-1, 1)");
    paths.add(linear(ids.get(3), LinearGradient.FLOAT32).reportPath());
    return paths;
  }

  /**
   * Linear regression on the lesson's 100 points (test: 100 more with seed 43), full-batch GD with lr 0.1. The
   * slope on w alone starts at w = 0 and prints the MSE of y = 3x first and w after every step at the end; the
   * slope on w and b starts at (0, 5); the analytic run runs the lesson's gradient check first (table
   * {@code gradient_check}), starts at ({@link LessonConstants#W0}, {@link LessonConstants#B0}) and adds the table
   * {@code surface}; the float32 run starts from U(-1, 1) draws.
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
        return slopeOnW(runId, data, gd, load);
      case FD_WB:
        out.println("  the lesson plots the MSE before each update: batch_loss.png");
        return TrainJob.run(spark, data, linearRun(gd.withGradient(slope(0, 1)), runId, Run.Start.given(FD_WB_START),
            Precision.DOUBLE), load, out, progress.apply(runId), null);
      case FLOAT32:
        // The lesson's cell resets b every step (b = b = - lr * gb); this is the descent it means.
        out.println("  the lesson plots the MSE before each update: batch_loss.png");
        return TrainJob.run(spark, data, linearRun(gd, runId, Run.Start.draw(LinearModel.Init.UNIFORM),
            Precision.FLOAT), load, out, progress.apply(runId), null);
      default:
        return analytic(runId, data, gd, load);
    }
  }

  /** The slope on w alone; prints the MSE of y = 3x before and w after every step at the end, as the lesson. */
  private TrainJob.Outcome slopeOnW(String runId, Split data, TrainConfig gd, double load) {
    out.println("  MSE of y = 3x on the data: " + onBlocks(data.train(), 0,
        blocks -> Evaluator.meanLoss(blocks, SquaredError.INSTANCE, new double[] {SyntheticLinear.SLOPE, 0.0})));
    out.println("  the lesson plots the MSE after each update: loss.png");
    List<Double> ws = new ArrayList<>();
    TrainJob.Outcome outcome = TrainJob.run(spark, data,
        linearRun(gd.withGradient(slope(0)), runId, Run.Start.given(FD_W_START), Precision.DOUBLE), load, out,
        progress.apply(runId),
        new TrainJob.Extras() {
          @Override
          public void add(RunReport report, Blocks train, double[] params) {}

          @Override
          public void beforeStep(int epoch, int step, double[] params) {
            if (epoch > 0 || step > 0) {
              ws.add(params[0]);
            }
          }
        });
    ws.add(outcome.model().weight(0, 0));
    out.println("  w after each step: " + ws);
    return outcome;
  }

  /** The lesson's gradient check, then the analytic descent with the MSE surface and the fit plot. */
  private TrainJob.Outcome analytic(String runId, Split data, TrainConfig gd, double load) {
    GradientCheck.Forward check = onBlocks(data.train(), 0, blocks -> GradientCheck.forwardAbsolute(blocks,
        SquaredError.INSTANCE, 2, GradientCheck.LESSON_POINTS, GradientCheck.LESSON_RANGE, settings.seed(),
        GradientCheck.STEP, GradientCheck.DEFAULT_TOLERANCE));
    out.printf(Locale.ROOT, "  gradient check (the lesson's): %d points, w and b from uniform(-50, 50), forward "
        + "differences delta %.0e, absolute error per component <= %.0e; largest %.2e%n", check.points().length,
        GradientCheck.STEP, check.tolerance(), check.maxError());
    check.lessonLines().forEach(line -> out.println("  " + line));
    out.println("  initial values: w = " + LessonConstants.W0 + ", b = " + LessonConstants.B0
        + " (numpy's uniform(-50, 50) draws)");
    out.println("  the lesson plots the MSE before each update: batch_loss.png");
    return TrainJob.run(spark, data, linearRun(gd, runId, Run.Start.given(LessonConstants.W0, LessonConstants.B0),
        Precision.DOUBLE), load, out, progress.apply(runId), (report, blocks, params) -> {
          String[] names = {"w", "b"};
          for (int q = 0; q < check.points().length; q++) {
            for (int i = 0; i < names.length; i++) {
              report.add("gradient_check", Tables.GRADIENT_CHECK, q, names[i], check.points()[q][i],
                  check.slopes()[q][i], check.gradients()[q][i], check.error(q, i),
                  check.error(q, i) <= check.tolerance());
            }
          }
          double[] ws = LossSurface.arange(1, 5, 0.1);
          double[] bs = LossSurface.arange(-1, 1, 0.01);
          double[][] z = LossSurface.compute(blocks, SquaredError.INSTANCE, ws, bs);
          for (int j = 0; j < bs.length; j++) {
            for (int i = 0; i < ws.length; i++) {
              report.add("surface", Tables.SURFACE, ws[i], bs[j], z[j][i]);
            }
          }
          report.file("surface.png", Plots.heatMap("MSE over (w, b)", "w", "b", ws, bs, z));
          report.file("fit.png", fitPlot(data.train(), params));
        });
  }

  /** The result of {@code use} on {@code rows} cached as blocks for the call (released after it). */
  private <T> T onBlocks(LabeledRows rows, int classes, Function<Blocks, T> use) {
    Blocks blocks = Blocks.of(rows, Math.max(settings.partitions(), 1), classes);
    try {
      return use.apply(blocks);
    } finally {
      blocks.release();
    }
  }

  /** A linear run on the lesson's data (two partitions unless asked otherwise). */
  private Run linearRun(TrainConfig config, String id, Run.Start start, Precision precision) {
    return new Run(new Run.Model(ModelKind.LINEAR, 0, start, 0.0), config,
        settings.execution().withPartitions(settings.partitions() > 0 ? settings.partitions() : 2)
            .withPrecision(precision),
        Run.Data.named("synthetic y = 3x + (u - 0.5)", "synthetic", "none").withFeatureNames(List.of("x")),
        target(id));
  }

  /** The lesson's finite-difference slope of the given parameters. */
  private static Gradient slope(int... parameters) {
    return Gradient.forwardDifference(LessonConstants.FINITE_DIFFERENCE_DELTA, parameters);
  }

  private Run.Target target(String id) {
    return new Run.Target(settings.output(), id, settings.overwrite());
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
        List.of(new Series(String.format(Locale.ROOT, "y = %.4f x %s %.4f", params[0],
            params[1] < 0 ? "-" : "+", Math.abs(params[1])), ends, fit),
            new Series("y = 3x", ends, new double[] {-3, 3})));
  }

  private List<String> logistic(List<String> ids) {
    List<String> paths = new ArrayList<>();
    header(5, "Logistic regression on breast cancer: full-batch gradient descent (lr 0.1)");
    paths.add(logistic(ids.get(4), TrainConfig.FULL_BATCH, 0.0).reportPath());
    header(6, "Logistic regression: mini-batch SGD, batch 50, reshuffled every epoch");
    paths.add(logistic(ids.get(5), 50, 0.0).reportPath());
    header(7, "Logistic regression: mini-batch SGD with momentum 0.9");
    paths.add(logistic(ids.get(6), 50, 0.9).reportPath());
    return paths;
  }

  /**
   * Logistic regression on the bundled breast cancer rows (500 train, 69 test), min-max scaled on the training
   * rows, lr 0.1, from U(-1, 1) draws, reshuffled every epoch (each partition its own rows); the classes are
   * {@link #CANCER_LABELS}. The full-batch run starts with the lesson's sanity cell: w and b from
   * {@code uniform(0, 1) - 0.5}, the cross-entropy and the smallest and largest predicted probability. The
   * mini-batch runs also record the loss over the whole training set before every step, so their
   * {@code batch_loss.png} shows the lesson's three curves. Every run ends by printing the final w and b.
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
    if (config.fullBatch()) {
      sanityCell(data.train());
    } else {
      // The lesson's errors_minibatch: the loss over the whole training set before every mini-batch step.
      config = config.withStepLossEvery(1);
    }
    Run run = new Run(new Run.Model(ModelKind.LOGISTIC, 2, Run.Start.draw(LinearModel.Init.UNIFORM),
        LessonConstants.PROBABILITY_FLOOR), config, settings.execution(),
        Run.Data.named("bundled breast cancer (Wisconsin)", "bundled", "minmax")
            .withFeatureNames(BreastCancer.FEATURE_NAMES).withTargetNames(CANCER_LABELS), target(id));
    TrainJob.Outcome outcome = TrainJob.run(spark, data, run, load, out, progress.apply(id), null);
    double[] p = outcome.model().params();
    out.println("  final w: " + numbers(Arrays.copyOf(p, p.length - 1)));
    out.printf(Locale.ROOT, "  final b: %.6f%n", outcome.model().bias(0));
    return outcome;
  }

  /**
   * The lesson's cell before logistic training: a small random start and what the model predicts there. The draws
   * are {@code nextDouble() - 0.5} from {@code Random(seed)}, so they are half the run's U(-1, 1) start.
   */
  private void sanityCell(LabeledRows train) {
    Random random = new Random(settings.seed());
    double[] p = new double[LinearModel.size(train.features(), 1)];
    for (int i = 0; i < p.length; i++) {
      p[i] = random.nextDouble() - 0.5;
    }
    double[] found = onBlocks(train, 2, blocks -> {
      double[] margins = Evaluator.marginRange(blocks, p);
      Loss loss = ModelKind.LOGISTIC.loss(LessonConstants.PROBABILITY_FLOOR);
      return new double[] {Evaluator.meanLoss(blocks, loss, p),
          Activation.SIGMOID.apply(margins[0]), Activation.SIGMOID.apply(margins[1])};
    });
    out.printf(Locale.ROOT, "  before training, w and b from uniform(0, 1) - 0.5: cross-entropy %.6f, predicted "
        + "probabilities from %.6f to %.6f%n", found[0], found[1], found[2]);
  }

  private static String numbers(double[] values) {
    StringBuilder s = new StringBuilder("[");
    for (int i = 0; i < values.length; i++) {
      s.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.6f", values[i]));
    }
    return s.append(']').toString();
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
   * Softmax regression on MNIST ({@link Settings#mnist()}, else the bundled 10,000 digits standing in for the
   * lesson's 60,000/10,000 download) scaled by 1/255: batch 500, lr 0.01, momentum 0.9, from U(-1, 1) draws; adds
   * {@code digits.png}, the first 100 training digits, and prints the final weights' shape and norm and the biases.
   */
  public TrainJob.Outcome softmax(String id) {
    long start = System.nanoTime();
    int parts = Math.max(settings.partitions(), spark.sparkContext().defaultParallelism());
    Split raw = settings.mnist() == null ? Mnist.bundled(spark, parts) : Mnist.read(spark, settings.mnist(), parts);
    Split data = Scaling.DIVIDE255.apply(raw);
    double load = (System.nanoTime() - start) / 1e9;
    TrainConfig config = TrainConfig.defaults().withEpochs(settings.epochs()).withSeed(settings.seed());
    Run run = new Run(new Run.Model(ModelKind.SOFTMAX, 10, Run.Start.draw(LinearModel.Init.UNIFORM),
        LessonConstants.PROBABILITY_FLOOR), config, settings.execution(),
        Run.Data.files(settings.mnist() == null ? "bundled MNIST 10k" : "MNIST " + settings.mnist(), "idx",
            "divide255", settings.mnist(), settings.mnist()), target(id));
    TrainJob.Outcome outcome = TrainJob.run(spark, data, run, load, out, progress.apply(id),
        (report, blocks, params) -> report.file("digits.png", digits(raw.train())));
    LinearModel model = outcome.model();
    double[] w = Arrays.copyOf(model.params(), model.features() * model.outputs());
    double square = 0;
    for (double v : w) {
      square += v * v;
    }
    out.printf(Locale.ROOT, "  final w: %d x %d, Frobenius norm %.4f, from %.4f to %.4f%n", model.features(),
        model.outputs(), Math.sqrt(square), Arrays.stream(w).min().orElseThrow(),
        Arrays.stream(w).max().orElseThrow());
    out.println("  final b: " + numbers(Arrays.copyOfRange(model.params(), w.length, model.params().length)));
    return outcome;
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

  /**
   * The six activation functions on {@code linspace(-10, 10, 100)} in the lesson's order, printing each name as it
   * is drawn (the lesson's list draws tanh and softsign a second time at its end; once is enough): the table
   * {@code activations}; returns the folder.
   */
  public String activations(String id) {
    RunReport report = new RunReport(id);
    double[] x = Activation.linspace(-10, 10, 100);
    List<Series> curves = new ArrayList<>();
    for (Activation a : Activation.values()) {
      out.println("  " + a.label());
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
