package io.gradiente.core.stream;

import io.gradiente.core.train.Round;
import io.gradiente.core.train.RoundResult;
import java.io.IOException;

/** A resident task's end of its link to the driver: the counterpart of {@link TaskLink}. */
interface DriverLink extends AutoCloseable {
  /** Waits for the next round, or null when the driver ends the stage; {@link #params()} then holds its start. */
  Round next() throws IOException;

  /** The parameters of the round {@link #next} returned last (read only). */
  double[] params();

  /** Sends the round's result. */
  void reply(RoundResult result) throws IOException;

  /** Reports the task's failure to the driver before the task fails. */
  void fail(String message) throws IOException;

  /** Ends the link. Never throws. */
  @Override
  void close();
}
