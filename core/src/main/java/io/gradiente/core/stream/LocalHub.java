package io.gradiente.core.stream;

import java.io.IOException;
import java.security.MessageDigest;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Where the resident tasks of a run find their driver when they run in its JVM (local mode): the driver registers
 * a hub under a random key that travels in the task closure, and each task of the current stage attempt takes a
 * {@link Mailbox} from it after showing the run's secret. A key that is not registered in the JVM (a task on
 * another executor) is an error: such runs link by socket.
 */
final class LocalHub implements AutoCloseable {
  private static final ConcurrentHashMap<String, LocalHub> HUBS = new ConcurrentHashMap<>();

  private final String key;
  private final byte[] secret;
  private Mailbox[] boxes = new Mailbox[0];
  private int attempt = -1;
  private int attached;
  private int refused;

  private LocalHub(String key, byte[] secret) {
    this.key = key;
    this.secret = secret.clone();
  }

  /** Registers a hub under {@code key} in this JVM. */
  static LocalHub open(String key, byte[] secret) {
    LocalHub hub = new LocalHub(key, secret);
    if (HUBS.putIfAbsent(key, hub) != null) {
      throw new IllegalStateException("a resident stage is registered under " + key + " already");
    }
    return hub;
  }

  /** Hubs registered in this JVM (for tests: none must stay after an exchange closes). */
  static int registered() {
    return HUBS.size();
  }

  /** Makes room for the tasks of stage attempt {@code attempt}; earlier attempts' tasks are refused from now on. */
  synchronized void startStage(int stageAttempt, int partitions) {
    attempt = stageAttempt;
    boxes = new Mailbox[partitions];
    attached = 0;
  }

  /**
   * Waits up to {@code nanos} for every task of the current attempt; returns their mailboxes in partition order,
   * or null when some are still missing.
   */
  synchronized Mailbox[] await(long nanos) throws InterruptedException {
    if (attached < boxes.length) {
      TimeUnit.NANOSECONDS.timedWait(this, nanos);
    }
    return attached == boxes.length ? boxes.clone() : null;
  }

  /** Connections refused so far for a wrong secret, attempt or partition. */
  synchronized int refused() {
    return refused;
  }

  /**
   * Called by a task: the mailbox of {@code partition} in stage attempt {@code stageAttempt}.
   *
   * @throws IOException when no driver of that key runs in this JVM, or the task cannot prove the secret
   */
  static Mailbox attach(String key, byte[] secret, int partition, int stageAttempt, int size, long spinNanos)
      throws IOException {
    LocalHub hub = HUBS.get(key);
    if (hub == null) {
      throw new IOException("no resident stage " + key + " in this JVM (its driver runs elsewhere)");
    }
    return hub.take(secret, partition, stageAttempt, size, spinNanos);
  }

  private synchronized Mailbox take(byte[] shown, int partition, int stageAttempt, int size, long spinNanos)
      throws IOException {
    if (!MessageDigest.isEqual(shown, secret) || stageAttempt != attempt || partition < 0
        || partition >= boxes.length || boxes[partition] != null) {
      refused++;
      throw new IOException("the resident stage refused partition " + partition + " of attempt " + stageAttempt);
    }
    Mailbox box = new Mailbox(partition, size, spinNanos);
    boxes[partition] = box;
    attached++;
    notifyAll();
    return box;
  }

  /** Unregisters the hub. */
  @Override
  public void close() {
    HUBS.remove(key, this);
  }
}
