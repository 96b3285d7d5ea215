package io.gradiente.ml;

/**
 * Hands a uid to a Spark ML stage written in Java while its Scala superclass is being built. Spark's shared params
 * ({@code featuresCol}, ...) are created in the superclass constructor and take their owner's {@code uid()} there,
 * before a Java constructor can set a field (a Scala class sets its {@code uid} first). So a stage's constructor
 * passes its uid through {@link #reserve} as a constructor argument, and its {@code uid()} claims it on the first
 * call, which comes from the superclass constructor.
 */
final class Uids {
  private static final ThreadLocal<String> PENDING = new ThreadLocal<>();

  private Uids() {}

  /** What a constructor passes on: proof that {@code uid} waits for the stage being built on this thread. */
  static final class Reserved {
    private Reserved() {}
  }

  /** Keeps {@code uid} for the next {@link #claim} on this thread. */
  static Reserved reserve(String uid) {
    if (uid == null || uid.isEmpty()) {
      throw new IllegalArgumentException("a stage needs a uid");
    }
    PENDING.set(uid);
    return new Reserved();
  }

  /** The uid reserved on this thread, then forgotten. */
  static String claim() {
    String uid = PENDING.get();
    if (uid == null) {
      throw new IllegalStateException("no uid reserved: a stage is made through a constructor that reserves one");
    }
    PENDING.remove();
    return uid;
  }
}
