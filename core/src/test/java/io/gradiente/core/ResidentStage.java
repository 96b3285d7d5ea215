package io.gradiente.core;

import io.gradiente.core.data.Blocks;
import io.gradiente.core.stream.Exchanges;
import io.gradiente.core.train.RoundExchange;
import io.gradiente.core.train.TrainResult;
import io.gradiente.core.train.Training;

/**
 * Trains through a resident stage, for tests of long runs: in local mode its rounds cross an in-JVM mailbox
 * (about 0.1 ms a round) where one Spark job per round costs milliseconds, and both give the same bits
 * ({@code StreamExchangeTest}). The session needs a task slot for every partition.
 */
public final class ResidentStage {
  private ResidentStage() {}

  /** {@code training} on {@code blocks} from {@code initial} (not modified), the stage closed afterwards. */
  public static TrainResult train(Training training, Blocks blocks, double[] initial) {
    try (RoundExchange exchange = Exchanges.open(new Exchanges.Choice("stream", null), blocks,
        training.kernel(blocks, initial.length), 1, 0, line -> { })) {
      return training.train(exchange, initial);
    }
  }
}
