package io.gradiente.jobs;

import io.gradiente.core.data.BadInputException;
import io.gradiente.core.report.RunReport;
import io.gradiente.core.stream.Exchanges;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code gradiente lesson}: the whole lesson, one report folder per experiment. */
@Command(name = "lesson", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Run the lesson \"Aprendizaje por el gradiente\" on bundled data: linear regression on "
        + "y = 3x + noise (finite-difference slope, analytic gradient, gradient check, MSE surface), logistic "
        + "regression on breast cancer (full-batch GD, mini-batch SGD, momentum), softmax regression on MNIST and "
        + "the activation functions. Each experiment writes a run folder OUTPUT/PREFIX_NN-name/ with Parquet tables "
        + "and PNG plots.", ""},
    footer = {"", "Example:", "  gradiente lesson --output reports/ --epochs 20"})
final class LessonCommand implements Callable<Integer> {
  @Option(names = "--output", required = true, paramLabel = "DIR",
      description = "Folder (local or Hadoop URI) that receives one run folder per experiment.")
  String output;

  @Option(names = "--epochs", paramLabel = "N", defaultValue = "100",
      description = "Epochs (iterations for full-batch runs) of every experiment (default: ${DEFAULT-VALUE}, as "
          + "the lesson).")
  int epochs;

  @Option(names = "--mnist", paramLabel = "DIR",
      description = "A folder with the four standard MNIST files (train-images-idx3-ubyte.gz, ...); default: the "
          + "bundled 10,000 real digits, 8,000 train and 2,000 test.")
  String mnist;

  @Option(names = "--partitions", paramLabel = "N", defaultValue = "0",
      description = "Partitions of the training data (default: Spark's default parallelism).")
  int partitions;

  @Option(names = "--seed", paramLabel = "N", defaultValue = "42",
      description = "Seed of initial weights, shuffles and the gradient check (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--run-id", paramLabel = "PREFIX",
      description = "Prefix of the run folders (default: UTC start time, e.g. 20261127T114501Z-lesson-3f9a).")
  String prefix;

  @Option(names = "--overwrite", description = "Replace existing run folders of the same names.")
  boolean overwrite;

  @Option(names = "--master", paramLabel = "URL", description = "Spark master (default: local[*]).")
  String master;

  @Option(names = "--exchange", paramLabel = "job|stream|auto", defaultValue = "auto",
      description = "How every training round reaches the partitions: a resident Spark stage (stream), one Spark "
          + "job per round (job), or stream where it can run (auto); the lesson prints the same numbers with "
          + "each (default: ${DEFAULT-VALUE}).")
  String exchange;

  @Option(names = "--verbose", description = "Print stack traces of failures.")
  boolean verbose;

  @Override
  public Integer call() {
    if (epochs <= 0) {
      throw new BadInputException("--epochs must be at least 1, got " + epochs);
    }
    if (partitions < 0) {
      throw new BadInputException("--partitions must be positive, got " + partitions);
    }
    Exchanges.Mode mode = TrainCommand.parseExchange(exchange);
    String id = RunReport.checkRunId(prefix != null ? prefix : Options.newRunId("lesson"));
    SparkSession spark = Sessions.start(master, "gradiente lesson " + id);
    new Lesson(spark, new Lesson.Settings(output, id, epochs, mnist, partitions, overwrite, seed, mode), System.out).run();
    return 0;
  }
}
