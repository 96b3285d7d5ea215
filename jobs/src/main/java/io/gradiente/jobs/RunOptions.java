package io.gradiente.jobs;

import io.gradiente.core.data.BadInputException;
import io.gradiente.core.data.Precision;
import io.gradiente.core.stream.Exchanges;
import io.gradiente.core.train.TrainConfig;
import picocli.CommandLine.Option;

/**
 * The options of every command that trains ({@code train}, {@code lesson}): epochs, seed, where Spark runs and how
 * rounds reach the partitions. Defaults come from {@link TrainConfig#defaults()} and {@link Run.Execution#DEFAULT}.
 */
final class RunOptions {
  @Option(names = "--epochs", paramLabel = "N",
      description = "Passes over the training data (iterations of full-batch runs), >= 1 (default: ${DEFAULT-VALUE}, "
          + "as the lesson).")
  int epochs = TrainConfig.DEFAULT_EPOCHS;

  @Option(names = "--seed", paramLabel = "N",
      description = "Seeds the initial weights, every epoch's shuffle and the lesson's gradient check; same seed, "
          + "data and partitions give bit-identical weights (default: ${DEFAULT-VALUE}).")
  long seed = TrainConfig.DEFAULT_SEED;

  @Option(names = "--partitions", paramLabel = "N",
      description = "Partitions of the training data (default: Spark's default parallelism, e.g. the local cores).")
  int partitions = Run.Execution.DEFAULT.partitions();

  @Option(names = "--master", paramLabel = "URL",
      description = "Spark master, e.g. local[4] or spark://host:7077 (default: spark-submit's, else local[*]).")
  String master;

  @Option(names = "--exchange", paramLabel = "job|stream|auto",
      description = "How each round reaches the partitions. stream: one resident Spark stage keeps every "
          + "partition in a task and trades rounds with the driver over a socket (about 0.1 ms a round); job: one "
          + "Spark job per round (milliseconds each); auto: stream when every partition gets a task slot at once, "
          + "no dynamic allocation and no network encryption, else job, saying why. Both give the same bits "
          + "(default: ${DEFAULT-VALUE}).")
  String exchange = Run.Execution.DEFAULT.exchange().lowerName();

  @Option(names = "--exchange-port", paramLabel = "PORT",
      description = "Port the driver listens on for the stream exchange's tasks (at spark.driver.host), for "
          + "clusters behind firewalls; 0 takes a free one (default: ${DEFAULT-VALUE}).")
  int exchangePort = Run.Execution.DEFAULT.exchangePort();

  /** Where and how runs execute, storing their blocks in {@code precision}. */
  Run.Execution execution(Precision precision) {
    return new Run.Execution(partitions, precision, parseExchange(exchange), exchangePort);
  }

  private static Exchanges.Mode parseExchange(String name) {
    for (Exchanges.Mode m : Exchanges.Mode.values()) {
      if (m.lowerName().equals(name)) {
        return m;
      }
    }
    throw new BadInputException("unknown --exchange '" + name + "', expected job, stream or auto");
  }
}
