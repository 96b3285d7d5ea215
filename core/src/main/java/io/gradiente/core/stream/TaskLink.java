package io.gradiente.core.stream;

import io.gradiente.core.train.Round;
import io.gradiente.core.train.RoundResult;
import java.io.IOException;

/**
 * The driver's end of its link to one resident task: a socket ({@link SocketLinks}) or, when the task runs in the
 * driver's own JVM (local mode), a {@link Mailbox}. Closing it from any thread makes both ends fail at once.
 */
interface TaskLink extends AutoCloseable {
  /**
   * Sends a round and the parameters it starts from. The caller leaves {@code params} unchanged until it has
   * received the round's result: a task in the driver's JVM reads them where they are.
   */
  void send(Round round, double[] params) throws IOException;

  /**
   * Waits for the task's result of the round sent last and returns it: read into {@code into} (a socket), or the
   * task's own result (in the JVM), which the task leaves unchanged until the next round is sent and which the
   * caller may add into.
   *
   * @throws TaskFailure when the task reported its own failure
   * @throws IOException when the link broke or was closed
   */
  RoundResult receive(RoundResult into) throws IOException;

  /**
   * The task's own report of its failure when it has sent one and the driver has not read it yet, else null;
   * never waits (a link that failed is given up, so what this reads is not read again).
   */
  String reportedFailure();

  /** Tells the task to end its stage normally. */
  void stop() throws IOException;

  /** Ends the link; the other end fails in its next wait. Never throws. */
  @Override
  void close();

  /** A task's own report of its failure. */
  final class TaskFailure extends IOException {
    private static final long serialVersionUID = 1L;

    TaskFailure(String message) {
      super(message);
    }

    TaskFailure(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
