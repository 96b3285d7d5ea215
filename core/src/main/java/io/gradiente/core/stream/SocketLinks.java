package io.gradiente.core.stream;

import io.gradiente.core.train.Round;
import io.gradiente.core.train.RoundResult;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** The two ends of a link over a socket, speaking the {@link Wire} frames; buffers are reused round after round. */
final class SocketLinks {
  private SocketLinks() {}

  /** The driver's end, on a connection whose handshake the driver has checked. */
  static final class ToTask implements TaskLink {
    private final SocketChannel ch;
    private final int partition;
    private final ByteBuffer request;
    private final ByteBuffer status = Wire.buffer(Wire.REPLY);
    /** The next reply's header, read by {@link #reportedFailure} once the link has failed; {@code probed} once read. */
    private final ByteBuffer probe = Wire.buffer(Wire.REPLY);
    private boolean probed;
    private final Map<Integer, ByteBuffer> replies = new HashMap<>();

    ToTask(SocketChannel ch, int partition, int size) throws IOException {
      ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
      this.ch = ch;
      this.partition = partition;
      this.request = Wire.buffer(Wire.HEADER + 8 * size);
    }

    @Override
    public void send(Round round, double[] params) throws IOException {
      request.clear();
      Wire.putRound(request, round);
      request.asDoubleBuffer().put(params);
      request.position(0).limit(Wire.HEADER + 8 * params.length);
      Wire.writeFully(ch, request);
    }

    @Override
    public RoundResult receive(RoundResult into) throws IOException {
      status.clear();
      Wire.readFully(ch, status);
      status.flip();
      if (status.getInt() != Wire.OK) {
        throw new TaskFailure(failure(status.getInt()));
      }
      ByteBuffer reply = replies.computeIfAbsent(into.steps(),
          h -> Wire.buffer(RoundResult.bytes(into.sums().length, h)));
      reply.clear();
      Wire.readFully(ch, reply);
      reply.flip();
      into.read(reply);
      return into;
    }

    /** Reads the message of a {@link Wire#FAILED} reply whose header said {@code length} bytes. */
    private String failure(int length) throws IOException {
      ByteBuffer message = ByteBuffer.allocate(Math.max(0, Math.min(length, 1 << 16)));
      Wire.readFully(ch, message);
      return "the task of partition " + partition + " failed: "
          + new String(message.array(), StandardCharsets.UTF_8);
    }

    @Override
    public String reportedFailure() {
      if (probed) {
        return null;
      }
      try {
        ch.configureBlocking(false);
        try {
          if (ch.read(probe) < 0) {
            probed = true;
          }
          if (probed || probe.hasRemaining()) {
            return null;
          }
        } finally {
          ch.configureBlocking(true);
        }
        probed = true;
        probe.flip();
        return probe.getInt() == Wire.FAILED ? failure(probe.getInt()) : null;
      } catch (IOException e) {
        probed = true;
        return null;
      }
    }

    @Override
    public void stop() throws IOException {
      ByteBuffer stop = Wire.buffer(Wire.HEADER);
      Wire.putStop(stop);
      stop.flip();
      Wire.writeFully(ch, stop);
    }

    @Override
    public void close() {
      try {
        ch.close();
      } catch (IOException ignored) {
        // Closing is all that is left to do with it.
      }
    }
  }

  /** The task's end: connects, answers the driver's challenge with the run's secret, then serves rounds. */
  static final class ToDriver implements DriverLink {
    private final SocketChannel ch;
    private final long spinNanos;
    private final ByteBuffer request;
    private final double[] params;
    private final Map<Integer, ByteBuffer> replies = new HashMap<>();

    ToDriver(String host, int port, byte[] secret, int partition, int attempt, int size, long spinNanos)
        throws IOException {
      this.ch = SocketChannel.open(new InetSocketAddress(host, port));
      this.spinNanos = spinNanos;
      this.request = Wire.buffer(Wire.HEADER + 8 * size);
      this.params = new double[size];
      try {
        ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
        ByteBuffer hello = Wire.buffer(4 + Wire.NONCE);
        Wire.readFully(ch, hello);
        hello.flip();
        if (hello.getInt() != Wire.MAGIC) {
          throw new IOException("not a gradiente exchange");
        }
        byte[] nonce = new byte[Wire.NONCE];
        hello.get(nonce);
        ByteBuffer answer = Wire.buffer(Wire.HELLO);
        answer.putInt(partition).putInt(attempt).put(Wire.mac(secret, nonce, partition, attempt)).flip();
        Wire.writeFully(ch, answer);
      } catch (IOException | RuntimeException e) {
        close();
        throw e;
      }
    }

    @Override
    public Round next() throws IOException {
      request.clear().limit(Wire.HEADER);
      Wire.readSpinning(ch, request, spinNanos);
      request.flip();
      if (request.getInt() == Wire.STOP) {
        return null;
      }
      Round round = new Round(request.getInt(), request.getInt(), request.getInt(), request.getInt() != 0,
          request.getInt());
      request.clear().limit(8 * params.length);
      Wire.readFully(ch, request);
      request.flip();
      request.asDoubleBuffer().get(params);
      return round;
    }

    @Override
    public double[] params() {
      return params;
    }

    @Override
    public void reply(RoundResult result) throws IOException {
      ByteBuffer reply = replies.computeIfAbsent(result.steps(),
          h -> Wire.buffer(Wire.REPLY + RoundResult.bytes(result.sums().length, h)));
      reply.clear();
      reply.putInt(Wire.OK).putInt(0);
      result.write(reply);
      reply.flip();
      Wire.writeFully(ch, reply);
    }

    @Override
    public void fail(String message) throws IOException {
      byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
      ByteBuffer failed = Wire.buffer(Wire.REPLY + bytes.length);
      failed.putInt(Wire.FAILED).putInt(bytes.length).put(bytes).flip();
      Wire.writeFully(ch, failed);
    }

    @Override
    public void close() {
      try {
        ch.close();
      } catch (IOException ignored) {
        // Closing is all that is left to do with it.
      }
    }
  }
}
