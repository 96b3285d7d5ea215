package io.gradiente.jobs;

import io.gradiente.core.data.BadInputException;
import io.gradiente.core.train.TrainingDivergedException;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.config.Configurator;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code gradiente} command line: {@code train} and {@code lesson}. Exit codes: 0 done, 2 bad input or usage
 * (one line on stderr saying what and where), 1 anything else (a diverged training run: one line naming the
 * epoch, step, learning rate and largest gradient entry). Stack traces only with {@code --verbose}.
 */
@Command(name = "gradiente", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
    subcommands = {TrainCommand.class, LessonCommand.class, CommandLine.HelpCommand.class},
    description = {"Distributed gradient learning on Apache Spark: linear, logistic and softmax regression trained by "
        + "mini-batch SGD with momentum, evaluated and reported in Parquet.", ""},
    footer = {"", "Runs in local mode unless --master is given or spark-submit sets spark.master.",
        "Exit codes: 0 done, 2 bad input or usage, 1 anything else."})
public final class Main implements Runnable {
  /** Exit code for bad input or usage. */
  public static final int BAD_INPUT = 2;
  /** Exit code for any other failure. */
  public static final int FAILURE = 1;
  /** The loggers that print a stack trace for every failed task. */
  static final List<String> QUIETED =
      List.of("org.apache.spark.executor.Executor", "org.apache.spark.scheduler.TaskSetManager");

  @Spec
  CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a command is required: train or lesson");
  }

  /**
   * Runs the command line and exits with its code; on success in YARN's application master (cluster deploy mode)
   * it returns instead, because YARN records an application whose driver calls System.exit as failed.
   */
  public static void main(String[] args) {
    int code = run(args);
    if (code != 0 || System.getProperty("spark.yarn.app.id") == null
        || !"cluster".equals(System.getProperty("spark.submit.deployMode"))) {
      System.exit(code);
    }
  }

  /** Runs the command line and returns its exit code (for tests and embedding). */
  public static int run(String... args) {
    Map<String, Level> levels = Arrays.asList(args).contains("--verbose") ? Map.of() : quietTaskFailures();
    try {
      return execute(args);
    } finally {
      if (!levels.isEmpty()) {
        Configurator.setLevel(levels);
      }
    }
  }

  private static int execute(String... args) {
    CommandLine cli = new CommandLine(new Main());
    cli.setParameterExceptionHandler((ex, argv) -> {
      PrintWriter err = ex.getCommandLine().getErr();
      err.println("gradiente: " + firstLine(ex.getMessage()) + " (try '"
          + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help' for the options)");
      err.flush();
      return BAD_INPUT;
    });
    cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
      PrintWriter err = commandLine.getErr();
      String bad = BadInputException.findMessage(ex);
      boolean verbose = parseResult.hasMatchedOption("--verbose")
          || parseResult.subcommands().stream().anyMatch(p -> p.hasMatchedOption("--verbose"));
      if (verbose) {
        ex.printStackTrace(err);
      }
      if (bad != null) {
        err.println("gradiente: error: " + bad);
        err.flush();
        return BAD_INPUT;
      }
      if (ex instanceof TrainingDivergedException) {
        err.println("gradiente: error: " + ex.getMessage());
        err.flush();
        return FAILURE;
      }
      err.println("gradiente: failed: " + rootMessage(ex) + (verbose ? "" : " (run with --verbose for details)"));
      err.flush();
      return FAILURE;
    });
    return cli.execute(args);
  }

  /**
   * Without {@code --verbose}, Spark's executor and task-set loggers stay silent while the command runs: they would
   * print the stack trace of every failed task (a bad input row included), while the command prints one line saying
   * what went wrong.
   *
   * @return the loggers' levels before, to put back when the command ends (an embedding JVM, such as a notebook
   *     server or the tests, keeps its own logging); empty when the logging backend is not Log4j 2
   */
  private static Map<String, Level> quietTaskFailures() {
    Map<String, Level> before = new LinkedHashMap<>();
    try {
      for (String name : QUIETED) {
        before.put(name, LogManager.getLogger(name).getLevel());
        Configurator.setLevel(name, Level.OFF);
      }
    } catch (LinkageError e) {
      // another logging backend than Log4j 2: leave its configuration alone
    }
    return before;
  }

  private static String firstLine(String m) {
    if (m == null) {
      return "";
    }
    int eol = m.indexOf('\n');
    return (eol < 0 ? m : m.substring(0, eol)).strip();
  }

  private static String rootMessage(Throwable t) {
    Throwable root = t;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String m = t.getMessage() != null ? t.getMessage() : root.toString();
    int eol = m.indexOf('\n');
    return eol < 0 ? m : m.substring(0, eol);
  }

  /** The version from the jar's manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Main.class.getPackage().getImplementationVersion();
      return new String[] {"gradiente " + (v == null ? "(development build)" : v) + ", Spark "
          + org.apache.spark.package$.MODULE$.SPARK_VERSION()};
    }
  }
}
