package io.gradiente.jobs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gradiente.core.data.BadInputException;
import io.gradiente.core.data.Blocks;
import io.gradiente.core.data.Columns;
import io.gradiente.core.data.Precision;
import io.gradiente.core.eval.ClassificationReport;
import io.gradiente.core.eval.Evaluation;
import io.gradiente.core.eval.Evaluator;
import io.gradiente.core.linalg.Blas;
import io.gradiente.core.loss.Loss;
import io.gradiente.core.model.LinearModel;
import io.gradiente.core.model.ModelKind;
import io.gradiente.core.optim.BatchPlan;
import io.gradiente.core.optim.Momentum;
import io.gradiente.core.report.RunReport;
import io.gradiente.core.report.RunTables;
import io.gradiente.core.report.Tables;
import io.gradiente.core.stream.Exchanges;
import io.gradiente.core.train.CheckpointPolicy;
import io.gradiente.core.train.Checkpoints;
import io.gradiente.core.train.FiniteDifferenceKernel;
import io.gradiente.core.train.ProgressListener;
import io.gradiente.core.train.Round;
import io.gradiente.core.train.RoundExchange;
import io.gradiente.core.train.RoundKernel;
import io.gradiente.core.train.RoundResult;
import io.gradiente.core.train.SgdKernel;
import io.gradiente.core.train.TrainConfig;
import io.gradiente.core.train.TrainResult;
import io.gradiente.core.train.TrainState;
import io.gradiente.core.train.Trainer;
import io.gradiente.core.train.TrainingDivergedException;
import io.gradiente.datasets.Split;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * One training run from loaded data to its report: blocks, initial parameters, the trainer, evaluation on train
 * and test, and the run's Parquet tables and plots. The {@code train} command, the lesson and the notebooks use it.
 */
public final class TrainJob {
  /** The lesson's finite-difference step. */
  static final double FD_DELTA = 1e-6;

  private TrainJob() {}

  /**
   * What to train and where to report it.
   *
   * @param classes the number of classes; 0 infers it (softmax: largest training label + 1)
   * @param initial starting parameters, or null to draw them with {@code init} and the seed
   * @param featureNames names for the model table, or null for x0, x1, ...
   * @param targetNames class names for printed reports, or null for the class numbers
   * @param finiteDifference parameters moved by the lesson's finite-difference slope, or null for the analytic
   *     gradient of every parameter
   * @param probabilityFloor the probability at which reported cross-entropies are clipped (0: exact)
   * @param precision how the cached blocks store values (double is what the lesson's numbers are checked in)
   * @param exchange how rounds reach the partitions ({@code --exchange})
   * @param exchangePort the stream exchange's port, 0 for any
   */
  public record Spec(ModelKind model, TrainConfig config, int partitions, int classes, LinearModel.Init init,
      double[] initial, String output, String runId, boolean overwrite, String dataset, String format,
      String scale, String trainPath, String testPath, List<String> featureNames, String[] targetNames,
      int[] finiteDifference, double probabilityFloor, Precision precision, Exchanges.Mode exchange,
      int exchangePort) {
    /** Validates the performance options. */
    public Spec {
      if (config.syncEvery() > 1 && finiteDifference != null) {
        throw new BadInputException("--sync-every applies to the analytic gradient only");
      }
    }

    /** The run in double precision, with the exchange {@code auto} chooses. */
    public Spec(ModelKind model, TrainConfig config, int partitions, int classes, LinearModel.Init init,
        double[] initial, String output, String runId, boolean overwrite, String dataset, String format,
        String scale, String trainPath, String testPath, List<String> featureNames, String[] targetNames,
        int[] finiteDifference, double probabilityFloor) {
      this(model, config, partitions, classes, init, initial, output, runId, overwrite, dataset, format, scale,
          trainPath, testPath, featureNames, targetNames, finiteDifference, probabilityFloor, Precision.DOUBLE,
          Exchanges.Mode.AUTO, 0);
    }
  }

  /**
   * How a run survives failures (docs/FAULT_TOLERANCE.md).
   *
   * @param checkpointEvery save the train state every this many epochs; 0 never
   * @param checkpointEverySteps save it every this many steps; 0 never
   * @param keepCheckpoints how many of the newest checkpoints to keep
   * @param resume continue the run from its newest checkpoint
   * @param orStart with {@code resume}: start the run when it has no checkpoint ({@code --resume-or-start})
   * @param onBadRow what the sources did with malformed rows ({@code fail} or {@code skip}), for the record
   */
  record Resilience(int checkpointEvery, long checkpointEverySteps, int keepCheckpoints, boolean resume,
      boolean orStart, String onBadRow) {
    /** No checkpoints, a fresh run, failing on bad rows. */
    static final Resilience NONE = new Resilience(0, 0, 2, false, false, "fail");

    /** Whether the run saves checkpoints at all (a resumed run always saves at least its final state). */
    boolean checkpoints() {
      return checkpointEvery > 0 || checkpointEverySteps > 0 || resume;
    }

    /** The same run started from the beginning. */
    Resilience fresh() {
      return new Resilience(checkpointEvery, checkpointEverySteps, keepCheckpoints, false, false, onBadRow);
    }
  }

  /**
   * Checks the run's checkpoints before any data is read: a fresh run must not find another run's checkpoints
   * under its id (unless overwriting, which deletes them); a resumed run needs its checkpoints, unless it may start
   * without ({@link Resilience#orStart}: then it starts, deleting the leftovers of an attempt killed during its
   * first save). A resumed run whose report is already complete only finishes moving its checkpoints into the run
   * folder, except that one that may start is started over when overwriting (the new report replaces the old once
   * complete).
   *
   * @return how to train: resuming or fresh; empty when there is nothing left to do (the run is already complete)
   * @throws BadInputException for an unknown run or leftover checkpoints
   */
  static Optional<Resilience> prepareCheckpoints(SparkSession spark, String output, String runId, boolean overwrite,
      Resilience resilience, PrintStream out) {
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    Checkpoints store = new Checkpoints(conf, output, runId, resilience.keepCheckpoints());
    Path report = RunReport.runPath(output, runId);
    if (!resilience.resume()) {
      RunReport.checkTarget(conf, output, runId, overwrite);
      if (store.exists()) {
        if (!overwrite) {
          throw new BadInputException("run " + runId + " has checkpoints in " + store.folder() + "; pass --resume "
              + runId + " to continue it, or --overwrite to start it over");
        }
        store.delete();
      }
      return Optional.of(resilience);
    }
    RunReport.recover(conf, output, runId);
    try {
      FileSystem fs = report.getFileSystem(conf);
      if (fs.exists(report) && !(resilience.orStart() && overwrite)) {
        store.moveInto(report);
        out.println(runId + ": already complete, nothing to resume; report: " + fs.makeQualified(report));
        return Optional.empty();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot check " + report, e);
    }
    if (store.list().isEmpty()) {
      if (resilience.orStart()) {
        store.delete(); // what an attempt killed during its first save left
        return Optional.of(resilience.fresh());
      }
      throw new BadInputException("cannot resume run " + runId + ": no checkpoints in " + store.folder()
          + " (unknown run id, or a run without --checkpoint-every)");
    }
    return Optional.of(resilience);
  }

  /** Adds experiment-specific tables or plots to a run's report before it is written. */
  public interface Extras {
    /** Called with the cached training blocks and the final parameters. */
    void add(RunReport report, Blocks train, double[] params);

    /**
     * Called with the parameters before every round of steps, that is before step {@code step} of {@code epoch}
     * and its round's H - 1 followers with {@code --sync-every H} (the trainer's own array: read it, do not keep
     * it); nothing by default.
     */
    default void beforeStep(int epoch, int step, double[] params) {}
  }

  /**
   * The outcome of a run.
   *
   * @param model the trained model
   * @param result parameters, history and training time
   * @param train the evaluation on the training rows
   * @param test the evaluation on the test rows, or null without test data
   * @param reportPath the run's report folder
   * @param summary what was printed at the end: losses, accuracy or MSE, the classification report, the folder
   */
  public record Outcome(LinearModel model, TrainResult result, Evaluation train, Evaluation test, String reportPath,
      String summary) {}

  /**
   * Trains, evaluates and writes the report, reporting progress to {@code progress}; prints a summary to
   * {@code out}.
   */
  public static Outcome run(SparkSession spark, Split data, Spec spec, double loadSeconds, PrintStream out,
      ProgressListener progress, Extras extras) {
    return run(spark, data, spec, Resilience.NONE, loadSeconds, out, progress, extras);
  }

  /**
   * Trains (from the start or, when resuming, from the newest checkpoint), saving checkpoints as asked, evaluates
   * and writes the report; reports progress to {@code progress} and prints a summary to {@code out}.
   */
  static Outcome run(SparkSession spark, Split data, Spec spec, Resilience resilience, double loadSeconds,
      PrintStream out, ProgressListener progress, Extras extras) {
    Instant started = Instant.now().minusMillis((long) (loadSeconds * 1000));
    RunReport.checkTarget(spark.sparkContext().hadoopConfiguration(), spec.output(), spec.runId(), spec.overwrite());
    long loadStart = System.nanoTime();
    int classes = classes(spec, data);
    int partitions = spec.partitions() > 0 ? spec.partitions()
        : (int) Math.max(1, Math.min(spark.sparkContext().defaultParallelism(), data.train().rows()));
    long batch = spec.config().batchSize();
    if (batch < partitions && batch < data.train().rows()) {
      throw new BadInputException("--batch-size " + batch + " is smaller than --partitions " + partitions
          + ": each step's rows are shared among the partitions, so some steps would have none; use a batch of at "
          + "least " + partitions + " rows or fewer partitions");
    }
    Blocks train = Blocks.of(data.train(), partitions, classes, spec.precision());
    Blocks test;
    try {
      test = data.test() == null ? null
          : Blocks.of(data.test(), (int) Math.min(partitions, data.test().rows()), classes, spec.precision());
    } catch (Throwable e) { // Spark's own exceptions are checked ones it throws undeclared
      train.release();
      throw e;
    }
    double load = loadSeconds + (System.nanoTime() - loadStart) / 1e9;
    try {
      Loss loss = spec.model().loss(spec.probabilityFloor());
      int outputs = loss.outputs(classes);
      int features = train.features();
      TrainConfig config = spec.config();
      double[] init = spec.initial() != null ? spec.initial().clone()
          : LinearModel.initial(features, outputs, spec.init(), config.seed()).params();
      int size = LinearModel.size(features, outputs);
      BatchPlan plan = new BatchPlan(config.seed(), config.shuffle(), train.rows(), config.batchSize());
      Map<String, String> identity = identity(spec, resilience, classes, partitions);
      String fingerprint = "train " + train.fingerprint() + (test == null ? "" : "; test " + test.fingerprint());
      Checkpoints store = new Checkpoints(spark.sparkContext().hadoopConfiguration(), spec.output(), spec.runId(),
          resilience.keepCheckpoints());
      TrainState from = TrainState.start(init, config.seed(), identity, fingerprint);
      if (resilience.resume()) {
        from = store.resume(identity, fingerprint, line -> System.err.println(spec.runId() + ": " + line));
        System.err.printf(Locale.ROOT, "%s: resuming at epoch %d, step %d (%d steps done)%n", spec.runId(),
            from.epoch(), from.step(), from.stepsDone());
      }
      CheckpointPolicy policy = !resilience.checkpoints() ? CheckpointPolicy.NEVER
          : CheckpointPolicy.every(resilience.checkpointEvery(), resilience.checkpointEverySteps(), config.epochs(),
              store, line -> System.err.println(spec.runId() + ": " + line));
      Momentum momentum = new Momentum(size, config.learningRate(), config.momentum());
      RoundKernel kernel = spec.finiteDifference() == null
          ? new SgdKernel(loss, plan, config.learningRate(), size)
          : new FiniteDifferenceKernel(loss, plan, size, spec.finiteDifference(), FD_DELTA);
      Exchanges.Choice exchange = Exchanges.choose(spec.exchange(), spark.sparkContext(), partitions);
      if (exchange.reason() != null) {
        System.err.println(spec.runId() + ": exchange job (stream cannot run: " + exchange.reason() + ")");
      }
      TrainResult result;
      String exchanged;
      try (RoundExchange rounds = observed(Exchanges.open(exchange, train, kernel, config.aggregationDepth(),
          spec.exchangePort(), line -> System.err.println(spec.runId() + ": " + line)), extras)) {
        result = new Trainer(config, progress).train(rounds, momentum, from, policy);
        exchanged = rounds.name();
      } catch (TrainingDivergedException e) {
        List<Path> saved = store.list();
        throw saved.isEmpty() ? e : e.withNote("the last good checkpoint stays: " + saved.get(saved.size() - 1));
      }

      long evalStart = System.nanoTime();
      Evaluation trainEval = evaluate(train, loss, result.params(), classes);
      Evaluation testEval = test == null ? null : evaluate(test, loss, result.params(), classes);
      double evalSeconds = (System.nanoTime() - evalStart) / 1e9;

      LinearModel model = new LinearModel(features, outputs, result.params());
      RunReport report = new RunReport(spec.runId());
      report.add("run", Tables.RUN, spec.model().label(), spec.dataset(), spec.trainPath(), spec.testPath(),
          spec.format(), spec.scale(), config.batchSizeText(), config.learningRate(), config.momentum(),
          config.epochs(), config.seed(), partitions, config.shuffle(), features, classes, train.rows(),
          test == null ? null : test.rows(), Blas.implementation(), spark.version(), spark.sparkContext().master(),
          Timestamp.from(started), Timestamp.from(Instant.now()), load, result.trainSeconds(), evalSeconds,
          configJson(spec, classes, partitions, plan, resilience, from.stepsDone(), exchanged, exchange.reason()),
          data.train().skippedRows() + (data.test() == null ? 0 : data.test().skippedRows()));
      RunTables.history(report, result.history());
      RunTables.evaluation(report, "train", trainEval);
      if (testEval != null) {
        RunTables.evaluation(report, "test", testEval);
      }
      RunTables.model(report, model, spec.featureNames());
      RunPlots.add(report, spec, result, trainEval, testEval, plan.stepsPerEpoch());
      if (extras != null) {
        extras.add(report, train, result.params());
      }
      Path written = report.write(spark, spec.output(), spec.overwrite());
      if (resilience.checkpoints()) {
        store.moveInto(written);
      }
      String path = written.toString();
      String summary = summary(spec, result, trainEval, testEval, model, path);
      out.println(summary);
      out.flush();
      return new Outcome(model, result, trainEval, testEval, path, summary);
    } finally {
      train.release();
      if (test != null) {
        test.release();
      }
    }
  }

  /** {@code rounds}, showing {@code extras} the parameters before every round of steps; as it is without extras. */
  private static RoundExchange observed(RoundExchange rounds, Extras extras) {
    if (extras == null) {
      return rounds;
    }
    return new RoundExchange() {
      @Override
      public String name() {
        return rounds.name();
      }

      @Override
      public RoundKernel kernel() {
        return rounds.kernel();
      }

      @Override
      public RoundResult run(Round round, double[] params) {
        if (round.steps() > 0) {
          extras.beforeStep(round.epoch(), round.first(), params);
        }
        return rounds.run(round, params);
      }

      @Override
      public void close() {
        rounds.close();
      }
    };
  }

  private static int classes(Spec spec, Split data) {
    switch (spec.model()) {
      case LINEAR:
        return 0;
      case LOGISTIC:
        if (spec.classes() != 0 && spec.classes() != 2) {
          throw new BadInputException("--classes must be 2 for logistic regression, got " + spec.classes());
        }
        return 2;
      default:
        if (spec.classes() != 0) {
          if (spec.classes() < 2) {
            throw new BadInputException("--classes must be at least 2, got " + spec.classes());
          }
          return spec.classes();
        }
        Row max = data.train().frame().agg(functions.max(Columns.LABEL)).first();
        double largest = max.isNullAt(0) ? 0 : max.getDouble(0);
        if (largest != Math.rint(largest) || largest < 1 || largest > 100_000) {
          throw new BadInputException(data.train().source() + ": labels must be class numbers 0..K-1 for softmax; "
              + "the largest is " + largest);
        }
        return (int) largest + 1;
    }
  }

  private static Evaluation evaluate(Blocks blocks, Loss loss, double[] params, int classes) {
    return classes > 0 ? Evaluator.classify(blocks, loss, params, classes) : Evaluator.regress(blocks, loss, params);
  }

  /** The settings a resumed run must repeat exactly (everything that changes the numbers or the report). */
  private static Map<String, String> identity(Spec spec, Resilience resilience, int classes, int partitions) {
    TrainConfig c = spec.config();
    Map<String, String> m = new LinkedHashMap<>();
    m.put("--model", spec.model().label());
    m.put("dataset", String.valueOf(spec.dataset()));
    m.put("--format", String.valueOf(spec.format()));
    m.put("--train", String.valueOf(spec.trainPath()));
    m.put("--test", String.valueOf(spec.testPath()));
    m.put("--scale", String.valueOf(spec.scale()));
    m.put("--batch-size", c.batchSizeText());
    m.put("--lr", Double.toString(c.learningRate()));
    m.put("--momentum", Double.toString(c.momentum()));
    m.put("--epochs", Integer.toString(c.epochs()));
    m.put("--seed", Long.toString(c.seed()));
    m.put("--no-shuffle", Boolean.toString(!c.shuffle()));
    m.put("--clip-norm", Double.toString(c.clipNorm()));
    m.put("--train-loss-every", Integer.toString(c.trainLossEvery()));
    m.put("--aggregation-depth", Integer.toString(c.aggregationDepth()));
    m.put("--partitions", Integer.toString(partitions));
    m.put("--classes", Integer.toString(classes));
    m.put("--init", spec.initial() != null ? "given " + Arrays.hashCode(spec.initial())
        : spec.init().name().toLowerCase(Locale.ROOT));
    m.put("gradient", spec.finiteDifference() == null ? "analytic"
        : "finite difference " + Arrays.toString(spec.finiteDifference()));
    m.put("--on-bad-row", resilience.onBadRow());
    m.put("--precision", spec.precision().lowerName());
    m.put("--sync-every", Integer.toString(c.syncEvery()));
    m.put("--step-loss-every", Integer.toString(c.stepLossEvery()));
    m.put("--prob-floor", Double.toString(spec.probabilityFloor()));
    return m;
  }

  private static String configJson(Spec spec, int classes, int partitions, BatchPlan plan, Resilience resilience,
      long resumedAt, String exchange, String fallbackReason) {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("model", spec.model().label());
    c.put("dataset", spec.dataset());
    c.put("format", spec.format());
    c.put("train", spec.trainPath());
    c.put("test", spec.testPath());
    c.put("scale", spec.scale());
    c.put("batch_size", spec.config().batchSizeText());
    c.put("steps_per_epoch", plan.stepsPerEpoch());
    c.put("lr", spec.config().learningRate());
    c.put("momentum", spec.config().momentum());
    c.put("epochs", spec.config().epochs());
    c.put("seed", spec.config().seed());
    c.put("shuffle", spec.config().shuffle());
    c.put("partitions", partitions);
    c.put("classes", classes);
    c.put("probability_floor", spec.probabilityFloor());
    c.put("precision", spec.precision().lowerName());
    c.put("sync_every", spec.config().syncEvery());
    c.put("step_loss_every", spec.config().stepLossEvery());
    c.put("exchange", exchange);
    c.put("exchange_asked", spec.exchange().lowerName());
    c.put("exchange_fallback_reason", fallbackReason);
    c.put("init", spec.initial() != null ? "given" : spec.init().name().toLowerCase(Locale.ROOT));
    c.put("gradient", spec.finiteDifference() == null ? "analytic"
        : "finite difference (delta " + FD_DELTA + ") of parameters " + Arrays.toString(spec.finiteDifference()));
    c.put("clip_norm", spec.config().clipNorm());
    c.put("train_loss_every", spec.config().trainLossEvery());
    c.put("aggregation_depth", spec.config().aggregationDepth());
    c.put("on_bad_row", resilience.onBadRow());
    c.put("checkpoint_every", resilience.checkpointEvery());
    c.put("checkpoint_every_steps", resilience.checkpointEverySteps());
    c.put("resumed_at_step", resilience.resume() ? resumedAt : null);
    c.put("output", spec.output());
    c.put("run_id", spec.runId());
    try {
      return new ObjectMapper().writeValueAsString(c);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String summary(Spec spec, TrainResult result, Evaluation train, Evaluation test, LinearModel model,
      String path) {
    StringBuilder s = new StringBuilder();
    double[] losses = result.history().trainLosses();
    s.append(String.format(Locale.ROOT, "%s: %s, %d epochs in %.1fs, final train loss %.6f%n", spec.runId(),
        spec.model().label(), losses.length, result.trainSeconds(), losses[losses.length - 1]));
    if (spec.model() == ModelKind.LINEAR && model.features() == 1) {
      s.append(String.format(Locale.ROOT, "  w = %.4f, b = %.4f%n", model.weight(0, 0), model.bias(0)));
    }
    for (Evaluation e : new Evaluation[] {train, test}) {
      if (e == null) {
        continue;
      }
      String split = e == train ? "train" : "test";
      if (e.isClassification()) {
        s.append(String.format(Locale.ROOT, "  %s accuracy %.4f (%d rows), loss %.6f%n", split,
            e.confusion().accuracy(), e.rows(), e.meanLoss()));
      } else {
        s.append(String.format(Locale.ROOT, "  %s MSE %.6f, RMSE %.6f, R2 %.6f (%d rows)%n", split,
            e.regression().mse(), e.regression().rmse(), e.regression().r2(), e.rows()));
      }
    }
    Evaluation shown = test != null ? test : train;
    if (shown.isClassification()) {
      s.append("  classification report (").append(shown == test ? "test" : "train").append("):\n");
      ClassificationReport cr = ClassificationReport.of(shown.confusion());
      String text = spec.targetNames() != null ? cr.format(2, spec.targetNames()) : cr.format(2);
      text.lines().forEach(l -> s.append(l.isBlank() ? "" : "    " + l).append('\n'));
    }
    return s.append("  report: ").append(path).toString();
  }
}
