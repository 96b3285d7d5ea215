package io.gradiente.jobs;

import io.gradiente.core.data.BadInputException;
import io.gradiente.core.data.LabeledRows;
import io.gradiente.core.data.Precision;
import io.gradiente.core.linalg.Blas;
import io.gradiente.core.model.LinearModel;
import io.gradiente.core.model.ModelKind;
import io.gradiente.core.report.RunReport;
import io.gradiente.core.train.Gradient;
import io.gradiente.core.train.TrainConfig;
import io.gradiente.datasets.HadoopFiles;
import io.gradiente.datasets.OnBadRow;
import io.gradiente.datasets.ParquetSource;
import io.gradiente.datasets.Scaling;
import io.gradiente.datasets.Sources;
import io.gradiente.datasets.Split;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code gradiente train}: trains one model on the user's data and writes its report. Over 300 lines because two
 * thirds of them are the options and their help texts; the logic is {@link #call} and the checks of the
 * checkpoint options.
 */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Train linear, logistic or softmax regression by distributed mini-batch SGD with momentum "
        + "(v = mu*v - lr*g; w = w + v), evaluate it on the train and test data, and write the run's Parquet "
        + "report and PNG plots under OUTPUT/RUN_ID/.", ""},
    footer = {"", "Examples:",
        "  gradiente train --model softmax --format idx --train data/train-images-idx3-ubyte.gz \\",
        "      --test data/t10k-images-idx3-ubyte.gz --epochs 20 --output reports/",
        "  gradiente train --model logistic --format csv --train train.csv --test test.csv \\",
        "      --label-column diagnosis --batch-size full --lr 0.1 --momentum 0 --output hdfs:///reports",
        "  Faster, off the exact SGD path (local SGD, float; docs/BENCHMARKS.md):",
        "  gradiente train --model softmax --format idx --train data/train-images-idx3-ubyte.gz \\",
        "      --test data/t10k-images-idx3-ubyte.gz --sync-every 30 --precision float --output reports/"})
final class TrainCommand implements Callable<Integer> {
  private static final TrainConfig DEFAULTS = TrainConfig.defaults();

  @Option(names = "--model", required = true, paramLabel = "linear|logistic|softmax",
      description = "The model: linear (squared error), logistic (labels 0/1) or softmax (labels 0..K-1).")
  String model;

  @Option(names = "--format", required = true, paramLabel = "idx|csv|libsvm|parquet",
      description = {"Format of --train and --test. idx: an images file X-images-idx3-ubyte[.gz] (labels beside it "
          + "as X-labels-idx1-ubyte[.gz]) or a folder with one images and one labels file. csv: a file or folder of "
          + "files with a header. libsvm: 'label index:value ...' lines. parquet: a label column and a features "
          + "vector/array column, or numeric columns."})
  String format;

  @Option(names = "--train", required = true, paramLabel = "PATH",
      description = "Training data: a local path or any Hadoop URI (file://, hdfs://, s3a://).")
  String train;

  @Option(names = "--test", required = true, paramLabel = "PATH", description = "Test data, same format.")
  String test;

  @Option(names = "--label-column", paramLabel = "NAME",
      description = "Label column for csv and parquet (default: ${DEFAULT-VALUE}).")
  String labelColumn = ParquetSource.DEFAULT_LABEL;

  @Option(names = "--scale", paramLabel = "minmax|divide255|none",
      description = "Feature scaling, fitted on the training rows only (default: divide255 for idx, minmax "
          + "otherwise).")
  String scale;

  @Option(names = "--batch-size", paramLabel = "N|full", converter = Options.BatchSize.class,
      description = "Rows per step across all partitions, or 'full' for full-batch gradient descent "
          + "(default: ${DEFAULT-VALUE}).")
  long batchSize = DEFAULTS.batchSize();

  @Option(names = "--lr", paramLabel = "X", description = "Learning rate, > 0 (default: ${DEFAULT-VALUE}).")
  double lr = DEFAULTS.learningRate();

  @Option(names = "--momentum", paramLabel = "MU",
      description = "Momentum in [0, 1); 0 is plain SGD (default: ${DEFAULT-VALUE}).")
  double momentum = DEFAULTS.momentum();

  @Mixin
  RunOptions run;

  @Option(names = "--no-shuffle", description = "Take each partition's rows in order instead of reshuffling every "
      + "epoch (how the reference vectors were made).")
  boolean noShuffle;

  @Option(names = "--classes", paramLabel = "K",
      description = "Number of classes for softmax (default: largest training label + 1).")
  int classes;

  @Option(names = "--init", paramLabel = "uniform|normal|zeros",
      description = "Initial weights and biases: uniform draws in [-1, 1) from the seed (the lesson's "
          + "tf.random.uniform(minval=-1, maxval=1)), standard normal draws from the seed, or zeros "
          + "(default: ${DEFAULT-VALUE}).")
  String init = LinearModel.Init.UNIFORM.name().toLowerCase(Locale.ROOT);

  @Option(names = "--prob-floor", paramLabel = "P",
      description = "Report cross-entropy losses with the probability of the true class clipped from below at P, "
          + "as the lesson does with 1e-6; the gradient is unchanged (default: ${DEFAULT-VALUE}, the exact loss).")
  double probFloor;

  @Option(names = "--precision", paramLabel = "double|float",
      description = "How the cached training data is stored and multiplied: double, or float (half the memory, "
          + "sgemm; losses, gradient sums and weights stay double) (default: ${DEFAULT-VALUE}).")
  String precision = Run.Execution.DEFAULT.precision().lowerName();

  @Option(names = "--sync-every", paramLabel = "H",
      description = "Steps between synchronizations. 1: synchronous SGD, one round per step, the exact "
          + "algorithm. H > 1: local SGD, each partition takes H plain SGD steps on its share of the batches and "
          + "the driver applies the momentum to their averaged change (H times fewer rounds; see "
          + "docs/BENCHMARKS.md) (default: ${DEFAULT-VALUE}).")
  int syncEvery = DEFAULTS.syncEvery();

  @Option(names = "--step-loss-every", paramLabel = "N",
      description = "Also compute the loss over the whole training set before every N-th step and record it in "
          + "the history table (a forward pass over the data each time; with --sync-every H, at the rounds' first "
          + "steps); 0: never (default: ${DEFAULT-VALUE}).")
  int stepLossEvery = DEFAULTS.stepLossEvery();

  @Option(names = "--train-loss-every", paramLabel = "N",
      description = "Compute the loss over the whole training set after every N epochs (a forward pass over the "
          + "data, about a third of an epoch's kernel time); 0: after the last epoch only. Weights do not change "
          + "(default: ${DEFAULT-VALUE}).")
  int trainLossEvery = DEFAULTS.trainLossEvery();

  @Option(names = "--aggregation-depth", paramLabel = "D",
      description = "How partition results are added up: 1 in partition order; D > 1 first adds contiguous groups "
          + "of about P^(1/D) partitions (with --exchange job on the executors, a shuffle per level, for runs with "
          + "many partitions; the stream exchange adds the same groups on the driver, so both give the same bits) "
          + "(default: ${DEFAULT-VALUE}).")
  int aggregationDepth = DEFAULTS.aggregationDepth();

  @Option(names = "--output", required = true, paramLabel = "DIR",
      description = "Folder (local or Hadoop URI) that receives the run folder RUN_ID/.")
  String output;

  @Option(names = "--run-id", paramLabel = "ID",
      description = "Name of the run folder (default: UTC start time, model and a random suffix, e.g. "
          + "20261127T114501Z-softmax-3f9a).")
  String runId;

  @Option(names = "--overwrite", description = "Replace an existing run folder of the same id (only once the new "
      + "report is complete).")
  boolean overwrite;

  @Option(names = "--dry-run", description = "Parse and validate everything, check that the inputs exist and the "
      + "output can be written, then exit without training.")
  boolean dryRun;

  @Option(names = "--verbose", description = "Print stack traces of failures, Spark's task failure logs and which "
      + "BLAS is loaded (and why not native BLAS).")
  boolean verbose;

  @Option(names = "--checkpoint-every", paramLabel = "N",
      description = "Save the whole training state every N epochs (and once training ends) under "
          + "OUTPUT/_checkpoints/RUN_ID/, moved into the run folder when its report is written; 0 saves none "
          + "(default: ${DEFAULT-VALUE}). See docs/FAULT_TOLERANCE.md.")
  int checkpointEvery = Resilience.NONE.checkpointEvery();

  @Option(names = "--checkpoint-every-steps", paramLabel = "M",
      description = "Also save every M steps, counted over the whole run (with --sync-every H, at the first "
          + "synchronization from there); 0 saves none (default: ${DEFAULT-VALUE}).")
  long checkpointEverySteps = Resilience.NONE.checkpointEverySteps();

  @Option(names = "--keep-checkpoints", paramLabel = "K",
      description = "How many of the newest checkpoints to keep (default: ${DEFAULT-VALUE}).")
  int keepCheckpoints = Resilience.NONE.keepCheckpoints();

  @Option(names = "--resume", paramLabel = "RUN_ID",
      description = "Continue run RUN_ID from its newest checkpoint; give the same options as the first time "
          + "(the configuration and the data must not change). The result is bit-identical to an uninterrupted run.")
  String resume;

  @Option(names = "--resume-or-start", description = "With --run-id: continue that run from its newest checkpoint "
      + "when it has one (the configuration and the data must not change), else start it; when its report is "
      + "already complete, say so and exit 0, or with --overwrite start it over and replace the report. For jobs "
      + "that a scheduler retries (deploy/airflow), with --checkpoint-every.")
  boolean resumeOrStart;

  @Option(names = "--clip-norm", paramLabel = "X",
      description = "Clip each step's mean gradient to L2 norm at most X; 0 does not clip (default: ${DEFAULT-VALUE}).")
  double clipNorm = DEFAULTS.clipNorm();

  @Option(names = "--on-bad-row", paramLabel = "fail|skip",
      description = "For csv and libsvm: stop at the first malformed row, or skip malformed rows and count them "
          + "in the run table (default: ${DEFAULT-VALUE}).")
  String onBadRow = Resilience.NONE.onBadRow();

  @Override
  public Integer call() {
    ModelKind kind = parseModel(model);
    Sources.Format fmt = Sources.Format.parse(format.toLowerCase(Locale.ROOT));
    Scaling scaling = scale != null ? Scaling.parse(scale.toLowerCase(Locale.ROOT))
        : fmt == Sources.Format.IDX ? Scaling.DIVIDE255 : Scaling.MINMAX;
    TrainConfig config = new TrainConfig(batchSize, lr, momentum, run.epochs, run.seed, !noShuffle, clipNorm,
        trainLossEvery, aggregationDepth, syncEvery, stepLossEvery, Gradient.ANALYTIC);
    Run.Execution execution = run.execution(Precision.parse(precision));
    Run.Model trained = new Run.Model(kind, classes, Run.Start.draw(parseInit(init)), probFloor);
    Resilience resilience = resilience();
    String id = RunReport.checkRunId(resume != null ? resume
        : runId != null ? runId : Options.newRunId(kind.label()));
    if (dryRun) {
      Configuration conf = new Configuration();
      requireExists(conf, train, "--train");
      requireExists(conf, test, "--test");
      RunReport.checkTarget(conf, output, id, overwrite || resume != null || resumeOrStart);
      System.out.printf(Locale.ROOT, "dry run OK: would train %s on %s (%s) and write %s%n", kind.label(), train,
          fmt.lowerName(), RunReport.runPath(output, id));
      return 0;
    }
    SparkSession spark = Sessions.start(run.master, "gradiente train " + id);
    if (verbose) {
      System.err.println("gradiente: BLAS " + Blas.implementation());
    }
    Optional<Resilience> prepared = RunCheckpoints.prepare(spark, output, id, overwrite, resilience, System.out);
    if (prepared.isEmpty()) {
      return 0;
    }
    long start = System.nanoTime();
    OnBadRow badRows = OnBadRow.parse(onBadRow);
    LabeledRows trainRows = Sources.read(spark, fmt, train, labelColumn, execution.partitions(), badRows);
    LabeledRows testRows = Sources.read(spark, fmt, test, labelColumn, execution.partitions(), badRows);
    if (trainRows.features() != testRows.features()) {
      throw new BadInputException(test + ": " + testRows.features() + " features, but the training data " + train
          + " has " + trainRows.features());
    }
    Split raw = new Split(trainRows, testRows);
    long skipped = raw.train().skippedRows() + raw.test().skippedRows();
    if (skipped > 0) {
      System.err.printf(Locale.ROOT, "gradiente: warning: skipped %d malformed rows (--on-bad-row skip)%n", skipped);
      Stream.concat(raw.train().skippedExamples().stream(), raw.test().skippedExamples().stream())
          .limit(LabeledRows.SKIPPED_EXAMPLES).forEach(e -> System.err.println("gradiente: warning:   skipped " + e));
    }
    Split data = scaling.apply(raw);
    double loadSeconds = (System.nanoTime() - start) / 1e9;
    Run.Data described = Run.Data.files(raw.train().source(), fmt.lowerName(),
        scaling.name().toLowerCase(Locale.ROOT), train, test);
    TrainJob.run(spark, data, new Run(trained, config, execution, described, new Run.Target(output, id, overwrite)),
        prepared.get(), loadSeconds, System.out, ConsoleProgress.forRun(id), null);
    return 0;
  }

  /** Checks the checkpoint, resume and bad-row options against each other. */
  private Resilience resilience() {
    if (resume != null && runId != null && !resume.equals(runId)) {
      throw new BadInputException("--resume " + resume + " and --run-id " + runId + " conflict: --resume names the "
          + "run to continue");
    }
    if (resumeOrStart && (resume != null || runId == null)) {
      throw new BadInputException("--resume-or-start goes with --run-id, the run to continue or start, not with "
          + "--resume");
    }
    if (resume != null && overwrite) {
      throw new BadInputException("--resume and --overwrite conflict: --resume continues run " + resume
          + ", --overwrite would start it over");
    }
    if (checkpointEvery < 0) {
      throw new BadInputException("--checkpoint-every must be 0 (off) or a positive number of epochs, got "
          + checkpointEvery);
    }
    if (checkpointEverySteps < 0) {
      throw new BadInputException("--checkpoint-every-steps must be 0 (off) or a positive number of steps, got "
          + checkpointEverySteps);
    }
    if (keepCheckpoints < 1) {
      throw new BadInputException("--keep-checkpoints must be at least 1, got " + keepCheckpoints);
    }
    OnBadRow badRows = OnBadRow.parse(onBadRow);
    Sources.Format fmt = Sources.Format.parse(format.toLowerCase(Locale.ROOT));
    if (badRows == OnBadRow.SKIP && fmt != Sources.Format.CSV && fmt != Sources.Format.LIBSVM) {
      throw new BadInputException("--on-bad-row skip applies to csv and libsvm only, not " + fmt.lowerName());
    }
    return new Resilience(checkpointEvery, checkpointEverySteps, keepCheckpoints,
        resume != null || resumeOrStart, resumeOrStart, badRows.lowerName());
  }

  static ModelKind parseModel(String name) {
    for (ModelKind k : ModelKind.values()) {
      if (k.label().equalsIgnoreCase(name)) {
        return k;
      }
    }
    throw new BadInputException("unknown --model '" + name + "', expected one of linear, logistic, softmax");
  }

  static LinearModel.Init parseInit(String name) {
    for (LinearModel.Init i : LinearModel.Init.values()) {
      if (i.name().equalsIgnoreCase(name)) {
        return i;
      }
    }
    throw new BadInputException("unknown --init '" + name + "', expected uniform, normal or zeros");
  }

  private static void requireExists(Configuration conf, String path, String option) {
    boolean exists;
    try {
      exists = HadoopFiles.exists(conf, path);
    } catch (BadInputException e) {
      throw new BadInputException(option + ": " + e.getMessage(), e);
    }
    if (!exists) {
      throw new BadInputException(option + ": no such file or directory: " + path);
    }
  }
}
