package io.gradiente.core.stream;

import io.gradiente.core.train.Round;
import io.gradiente.core.train.RoundResult;
import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Both ends of the link between the driver and a resident task that runs in the driver's own JVM (local mode):
 * the task reads the driver's parameters where they are and the driver reads the task's result where it is, and
 * the two threads hand the turn over through two counters, so a round costs no copy and at most two wake-ups
 * instead of four socket transfers. Neither side writes what the other reads until the turn comes back: the driver
 * changes its parameters only after every task has answered, and a task clears its result only when the next round
 * is sent. The task polls for the next round as it does on a socket ({@code spinNanos}, yielding between polls)
 * before it parks; the driver parks until the task unparks it. One mailbox serves one stage attempt: a task of a
 * stage that was given up can only write into its own mailbox, which the driver no longer reads.
 */
final class Mailbox implements TaskLink, DriverLink {
  private static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

  private final int partition;
  private final int size;
  private final long spinNanos;
  /** The driver's parameters of the round sent last, written before the round is counted in {@link #sent}. */
  private double[] params;
  private final Thread task;
  private volatile Thread driver;
  private volatile boolean closed;
  /** Written by the driver before it counts the round in {@link #sent}; null asks the task to stop. */
  private Round round;
  /** Written by the task before it counts the answer in {@link #answered}. */
  private RoundResult result;
  private String failure;
  private volatile int sent;
  private volatile int answered;
  /**
   * Whether the driver waits on this mailbox: it waits on the partitions in order, so a task that answers while the
   * driver still waits on an earlier partition does not wake it for nothing. The driver sets it before its last look
   * at {@link #answered} and the task reads it after counting its answer, so one of them sees the other.
   */
  private volatile boolean waiting;
  private int seen;

  /** A mailbox for the calling task thread. */
  Mailbox(int partition, int size, long spinNanos) {
    this.partition = partition;
    this.spinNanos = spinNanos;
    this.size = size;
    this.task = Thread.currentThread();
  }

  // The driver's end.

  @Override
  public void send(Round next, double[] from) throws IOException {
    if (from.length != size) {
      throw new IllegalArgumentException(from.length + " parameters for a task of " + size);
    }
    post(next);
    params = from;
    sent = sent + 1;
    LockSupport.unpark(task);
  }

  @Override
  public RoundResult receive(RoundResult into) throws IOException {
    while (answered != sent) {
      if (closed) {
        throw new EOFException("the task of partition " + partition + " left the exchange");
      }
      waiting = true;
      if (answered != sent) {
        LockSupport.parkNanos(this, TICK_NANOS);
      }
      waiting = false;
      if (Thread.interrupted()) {
        throw new InterruptedIOException("interrupted while waiting for partition " + partition);
      }
    }
    String reported = reportedFailure();
    if (reported != null) {
      throw new TaskFailure(reported);
    }
    return result;
  }

  @Override
  public String reportedFailure() {
    return answered == sent && failure != null
        ? "the task of partition " + partition + " failed: " + failure : null;
  }

  @Override
  public void stop() throws IOException {
    post(null);
    sent = sent + 1;
    LockSupport.unpark(task);
  }

  private void post(Round next) throws IOException {
    if (closed) {
      throw new EOFException("the task of partition " + partition + " left the exchange");
    }
    driver = Thread.currentThread();
    round = next;
  }

  // The task's end.

  @Override
  public Round next() throws IOException {
    int want = seen + 1;
    long until = System.nanoTime() + spinNanos;
    while (sent < want) {
      if (closed) {
        throw new EOFException("the driver closed the exchange");
      }
      if (Thread.interrupted()) {
        throw new InterruptedIOException("interrupted while waiting for the next round");
      }
      if (System.nanoTime() < until) {
        Thread.yield();
      } else {
        LockSupport.parkNanos(this, TICK_NANOS);
      }
    }
    seen = want;
    return round;
  }

  @Override
  public double[] params() {
    return params;
  }

  @Override
  public void reply(RoundResult out) {
    answer(out, null);
  }

  @Override
  public void fail(String message) {
    answer(null, message);
  }

  private void answer(RoundResult out, String message) {
    result = out;
    failure = message;
    answered = seen;
    if (waiting) {
      LockSupport.unpark(driver);
    }
  }

  /** Ends the link for both ends: the waiting one wakes up and fails. */
  @Override
  public void close() {
    closed = true;
    LockSupport.unpark(task);
    LockSupport.unpark(driver);
  }
}
