package io.gradiente.jobs;

import io.gradiente.core.data.BadInputException;
import io.gradiente.core.data.Blocks;
import io.gradiente.core.eval.Evaluation;
import io.gradiente.core.eval.Evaluator;
import io.gradiente.core.linalg.Blas;
import io.gradiente.core.linalg.BlasSurvey;
import io.gradiente.core.loss.Loss;
import io.gradiente.core.model.LinearModel;
import io.gradiente.core.report.RunReport;
import io.gradiente.core.report.RunTables;
import io.gradiente.core.report.Tables;
import io.gradiente.core.stream.Exchanges;
import io.gradiente.core.train.ProgressListener;
import io.gradiente.core.train.Round;
import io.gradiente.core.train.RoundExchange;
import io.gradiente.core.train.RoundKernel;
import io.gradiente.core.train.RoundResult;
import io.gradiente.core.train.TrainConfig;
import io.gradiente.core.train.TrainResult;
import io.gradiente.core.train.TrainState;
import io.gradiente.core.train.Training;
import io.gradiente.core.train.TrainingDivergedException;
import io.gradiente.datasets.Split;
import java.io.PrintStream;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.function.Consumer;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

/**
 * One training run from loaded data to its report: blocks, the starting state (fresh or a checkpoint), the core's
 * {@link Training} through the chosen exchange, evaluation on train and test, and the run's Parquet tables and
 * plots. The {@code train} command, the lesson and the notebooks use it.
 */
public final class TrainJob {
  private TrainJob() {}

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
  public static Outcome run(SparkSession spark, Split data, Run run, double loadSeconds, PrintStream out,
      ProgressListener progress, Extras extras) {
    return run(spark, data, run, Resilience.NONE, loadSeconds, out, progress, extras);
  }

  /**
   * Trains (from the start or, when resuming, from the newest checkpoint), saving checkpoints as asked, evaluates
   * and writes the report; reports progress to {@code progress} and prints a summary to {@code out}.
   */
  static Outcome run(SparkSession spark, Split data, Run run, Resilience resilience, double loadSeconds,
      PrintStream out, ProgressListener progress, Extras extras) {
    Instant started = Instant.now().minusMillis((long) (loadSeconds * 1000));
    Run.Target target = run.target();
    RunReport.checkTarget(spark.sparkContext().hadoopConfiguration(), target.output(), target.runId(),
        target.overwrite());
    long loadStart = System.nanoTime();
    int classes = run.model().classes(data.train());
    int partitions = run.execution().partitionsFor(spark.sparkContext(), data.train().rows());
    checkBatch(run.config(), partitions, data.train().rows());
    Blocks train = Blocks.of(data.train(), partitions, classes, run.execution().precision());
    Blocks test;
    try {
      test = data.test() == null ? null : Blocks.of(data.test(), (int) Math.min(partitions, data.test().rows()),
          classes, run.execution().precision());
    } catch (Throwable e) { // Spark's own exceptions are checked ones it throws undeclared
      train.release();
      throw e;
    }
    double load = loadSeconds + (System.nanoTime() - loadStart) / 1e9;
    Consumer<String> log = line -> System.err.println(target.runId() + ": " + line);
    try {
      Loss loss = run.model().kind().loss(run.model().probabilityFloor());
      int outputs = loss.outputs(classes);
      int features = train.features();
      TrainConfig config = run.config();
      Training training = new Training(config, loss).withProgress(progress);
      int stepsPerEpoch = training.plan(train.rows()).stepsPerEpoch();
      Exchanges.Choice exchange = Exchanges.choose(run.execution().exchange(), spark.sparkContext(), partitions);
      RunSettings settings = new RunSettings(run, resilience, classes, partitions, stepsPerEpoch, exchange);
      RunCheckpoints checkpoints = new RunCheckpoints(spark.sparkContext().hadoopConfiguration(), target,
          resilience, log);
      TrainState from = checkpoints.start(run.model().start().params(features, outputs, config.seed()),
          config.seed(), settings.identity(),
          "train " + train.fingerprint() + (test == null ? "" : "; test " + test.fingerprint()));
      if (exchange.reason() != null) {
        log.accept("exchange job (stream cannot run: " + exchange.reason() + ")");
      }
      TrainResult result;
      String exchanged;
      try (RoundExchange rounds = observed(Exchanges.open(exchange, train,
          training.kernel(train, LinearModel.size(features, outputs)), config.aggregationDepth(),
          run.execution().exchangePort(), log), extras)) {
        result = training.train(rounds, from, checkpoints.policy(config.epochs()));
        exchanged = rounds.name();
      } catch (TrainingDivergedException e) {
        throw checkpoints.diverged(e);
      }

      BlasSurvey blas = BlasSurvey.of(spark.sparkContext(), train.rdd(), log);
      long evalStart = System.nanoTime();
      Evaluation trainEval = evaluate(train, loss, result.params(), classes);
      Evaluation testEval = test == null ? null : evaluate(test, loss, result.params(), classes);
      double evalSeconds = (System.nanoTime() - evalStart) / 1e9;

      LinearModel model = new LinearModel(features, outputs, result.params());
      RunReport report = new RunReport(target.runId());
      Run.Data d = run.data();
      report.add("run", Tables.RUN, run.model().kind().label(), d.dataset(), d.trainPath(), d.testPath(),
          d.format(), d.scale(), config.batchSizeText(), config.learningRate(), config.momentum(),
          config.epochs(), config.seed(), partitions, config.shuffle(), features, classes, train.rows(),
          test == null ? null : test.rows(), Blas.implementation(), spark.version(), spark.sparkContext().master(),
          Timestamp.from(started), Timestamp.from(Instant.now()), load, result.trainSeconds(), evalSeconds,
          settings.json(resilience.resume() ? from.stepsDone() : null, exchanged),
          data.train().skippedRows() + (data.test() == null ? 0 : data.test().skippedRows()),
          blas.driver().describe(), blas.executorsText(), blas.warning());
      RunTables.history(report, result.history());
      RunTables.evaluation(report, "train", trainEval);
      if (testEval != null) {
        RunTables.evaluation(report, "test", testEval);
      }
      RunTables.model(report, model, d.featureNames());
      RunPlots.add(report, run, result, trainEval, testEval, stepsPerEpoch);
      if (extras != null) {
        extras.add(report, train, result.params());
      }
      Path written = report.write(spark, target.output(), target.overwrite());
      checkpoints.moveInto(written);
      String path = written.toString();
      String summary = Summary.of(run, result, trainEval, testEval, model, path);
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

  /** Each step's rows are shared among the partitions, so a batch needs at least a row for every partition. */
  private static void checkBatch(TrainConfig config, int partitions, long rows) {
    long batch = config.batchSize();
    if (batch < partitions && batch < rows) {
      throw new BadInputException("--batch-size " + batch + " is smaller than --partitions " + partitions
          + ": each step's rows are shared among the partitions, so some steps would have none; use a batch of at "
          + "least " + partitions + " rows or fewer partitions");
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

  private static Evaluation evaluate(Blocks blocks, Loss loss, double[] params, int classes) {
    return classes > 0 ? Evaluator.classify(blocks, loss, params, classes) : Evaluator.regress(blocks, loss, params);
  }
}
