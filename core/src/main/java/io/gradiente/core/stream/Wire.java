package io.gradiente.core.stream;

import io.gradiente.core.train.Round;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SocketChannel;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The resident stage's frames, all little-endian with doubles as raw 64-bit words (exact).
 * <ul>
 *   <li>Handshake: the driver sends {@link #MAGIC} and a 32-byte nonce; the task answers with its partition, its
 *       stage attempt and {@code HMAC-SHA256(secret, nonce, partition, attempt)}. A wrong answer closes the
 *       connection before any round.</li>
 *   <li>Round (driver to task): {@link #ROUND} or {@link #STOP}, then the round's epoch, first step, steps,
 *       full-loss flag and attempt, then the parameters (rounds only).</li>
 *   <li>Reply (task to driver): {@link #OK} and the partition's {@link io.gradiente.core.train.RoundResult}, or
 *       {@link #FAILED} and the task's error as UTF-8 text, sent before the task fails.</li>
 * </ul>
 */
final class Wire {
  static final int MAGIC = 0x47524431;
  static final int NONCE = 32;
  static final int MAC = 32;
  static final int HELLO = 8 + MAC;
  static final int HEADER = 24;
  static final int ROUND = 1;
  static final int STOP = 2;
  /** A reply's header: its status ({@link #OK} or {@link #FAILED}) and, when failed, the message's length. */
  static final int REPLY = 8;
  static final int OK = 0;
  static final int FAILED = 1;

  private Wire() {}

  static ByteBuffer buffer(int bytes) {
    return ByteBuffer.allocateDirect(bytes).order(ByteOrder.LITTLE_ENDIAN);
  }

  static void writeFully(SocketChannel ch, ByteBuffer b) throws IOException {
    while (b.hasRemaining()) {
      ch.write(b);
    }
  }

  static void readFully(SocketChannel ch, ByteBuffer b) throws IOException {
    while (b.hasRemaining()) {
      if (ch.read(b) < 0) {
        throw new EOFException("the peer closed the connection");
      }
    }
  }

  /**
   * Reads a whole frame, first polling for up to {@code spinNanos} without blocking, yielding the processor between
   * polls (a round's next request arrives within tens of microseconds; a blocked thread takes as long again to
   * wake up, and yielding lets the driver's thread run at once on a machine with as many tasks as cores), then
   * blocking.
   */
  static void readSpinning(SocketChannel ch, ByteBuffer b, long spinNanos) throws IOException {
    if (spinNanos > 0) {
      ch.configureBlocking(false);
      try {
        long until = System.nanoTime() + spinNanos;
        while (b.position() == 0 && System.nanoTime() < until) {
          if (ch.read(b) < 0) {
            throw new EOFException("the peer closed the connection");
          }
          Thread.yield();
        }
      } finally {
        ch.configureBlocking(true);
      }
    }
    readFully(ch, b);
  }

  static byte[] mac(byte[] secret, byte[] nonce, int partition, int attempt) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      mac.update(nonce);
      mac.update(ByteBuffer.allocate(8).putInt(partition).putInt(attempt).array());
      return mac.doFinal();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }

  static boolean sameMac(byte[] a, byte[] b) {
    return MessageDigest.isEqual(a, b);
  }

  static void putRound(ByteBuffer b, Round r) {
    b.putInt(ROUND).putInt(r.epoch()).putInt(r.first()).putInt(r.steps()).putInt(r.fullLoss() ? 1 : 0)
        .putInt(r.attempt());
  }

  static void putStop(ByteBuffer b) {
    b.putInt(STOP).putInt(0).putInt(0).putInt(0).putInt(0).putInt(0);
  }
}
