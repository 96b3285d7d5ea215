package io.gradiente.jobs;

import io.gradiente.core.data.Precision;
import io.gradiente.core.report.RunReport;
import io.gradiente.core.train.TrainConfig;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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

  @Option(names = "--mnist", paramLabel = "DIR",
      description = "A folder with the four standard MNIST files (train-images-idx3-ubyte.gz, ...); default: the "
          + "bundled 10,000 real digits, 8,000 train and 2,000 test.")
  String mnist;

  @Mixin
  RunOptions run;

  @Option(names = "--run-id", paramLabel = "PREFIX",
      description = "Prefix of the run folders (default: UTC start time, e.g. 20261127T114501Z-lesson-3f9a).")
  String prefix;

  @Option(names = "--overwrite", description = "Replace existing run folders of the same names.")
  boolean overwrite;

  @Option(names = "--verbose", description = "Print stack traces of failures.")
  boolean verbose;

  @Override
  public Integer call() {
    TrainConfig.defaults().withEpochs(run.epochs); // checks --epochs before Spark starts
    Run.Execution execution = run.execution(Precision.DOUBLE);
    String id = RunReport.checkRunId(prefix != null ? prefix : Options.newRunId("lesson"));
    SparkSession spark = Sessions.start(run.master, "gradiente lesson " + id);
    new Lesson(spark, new Lesson.Settings(output, id, run.epochs, mnist, overwrite, run.seed, execution), System.out)
        .run();
    return 0;
  }
}
