package io.gradiente.core.stream;

import io.gradiente.core.data.InstanceBlock;
import io.gradiente.core.train.Round;
import io.gradiente.core.train.RoundKernel;
import io.gradiente.core.train.RoundResult;
import java.io.IOException;
import java.io.Serializable;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.TaskContext;
import scala.collection.Iterator;
import scala.collection.JavaConverters;
import scala.runtime.AbstractFunction1;

/**
 * One task of the resident stage: keeps its partition's blocks, connects to the driver's {@link StreamExchange},
 * proves it knows the run's secret, then serves rounds until the driver says stop: read the round and the
 * parameters, run the {@link RoundKernel} on the blocks, send the result back. It never calls
 * {@code BarrierTaskContext.get()}, whose first use starts a non-daemon timer in Spark 3.5.
 */
final class ResidentTask extends AbstractFunction1<Iterator<InstanceBlock>, Iterator<Object>>
    implements Serializable {
  private static final long serialVersionUID = 1L;
  /** Task threads inside {@link #apply} in this JVM (for tests: none must stay after a stage ends). */
  static final AtomicInteger RUNNING = new AtomicInteger();

  private final RoundKernel kernel;
  private final String host;
  private final int port;
  private final byte[] secret;
  private final int attempt;
  private final long spinNanos;

  ResidentTask(RoundKernel kernel, String host, int port, byte[] secret, int attempt, long spinNanos) {
    this.kernel = kernel;
    this.host = host;
    this.port = port;
    this.secret = secret;
    this.attempt = attempt;
    this.spinNanos = spinNanos;
  }

  @Override
  public Iterator<Object> apply(Iterator<InstanceBlock> elements) {
    RUNNING.incrementAndGet();
    try {
      List<InstanceBlock> blocks = new ArrayList<>(1);
      JavaConverters.asJavaIterator(elements).forEachRemaining(blocks::add);
      serve(TaskContext.get().partitionId(), blocks);
      return JavaConverters.asScalaIterator(Collections.emptyIterator());
    } catch (IOException e) {
      throw new IllegalStateException("resident task: the exchange with the driver at " + host + ":" + port
          + " failed: " + e, e);
    } finally {
      RUNNING.decrementAndGet();
    }
  }

  private void serve(int partition, List<InstanceBlock> blocks) throws IOException {
    try (SocketChannel ch = SocketChannel.open(new InetSocketAddress(host, port))) {
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

      int size = kernel.size();
      ByteBuffer request = Wire.buffer(Wire.HEADER + 8 * size);
      double[] params = new double[size];
      Map<Integer, RoundResult> results = new HashMap<>();
      Map<Integer, ByteBuffer> replies = new HashMap<>();
      while (true) {
        request.clear().limit(Wire.HEADER);
        Wire.readSpinning(ch, request, spinNanos);
        request.flip();
        if (request.getInt() == Wire.STOP) {
          return;
        }
        Round round = new Round(request.getInt(), request.getInt(), request.getInt(), request.getInt() != 0,
            request.getInt());
        request.clear().limit(8 * size);
        Wire.readFully(ch, request);
        request.flip();
        request.asDoubleBuffer().get(params);
        int steps = round.steps();
        RoundResult out = results.computeIfAbsent(steps, h -> new RoundResult(kernel.sums(h), h));
        out.clear();
        try {
          kernel.compute(partition, blocks, round, params, out);
        } catch (RuntimeException e) {
          byte[] message = String.valueOf(e).getBytes(StandardCharsets.UTF_8);
          ByteBuffer failed = Wire.buffer(Wire.REPLY + message.length);
          failed.putInt(Wire.FAILED).putInt(message.length).put(message).flip();
          Wire.writeFully(ch, failed);
          throw e;
        }
        ByteBuffer reply = replies.computeIfAbsent(steps,
            h -> Wire.buffer(Wire.REPLY + RoundResult.bytes(kernel.sums(h), h)));
        reply.clear();
        reply.putInt(Wire.OK).putInt(0);
        out.write(reply);
        reply.flip();
        Wire.writeFully(ch, reply);
      }
    }
  }
}
