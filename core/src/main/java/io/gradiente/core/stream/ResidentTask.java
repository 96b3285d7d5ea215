package io.gradiente.core.stream;

import io.gradiente.core.data.InstanceBlock;
import io.gradiente.core.spark.ScalaIterators;
import io.gradiente.core.train.Round;
import io.gradiente.core.train.RoundKernel;
import io.gradiente.core.train.RoundResult;
import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.TaskContext;
import scala.collection.Iterator;
import scala.runtime.AbstractFunction1;

/**
 * One task of the resident stage: keeps its partition's blocks, links to the driver's {@link StreamExchange} (by
 * socket, or through a {@link Mailbox} when it runs in the driver's JVM), proves it knows the run's secret, then
 * serves rounds until the driver says stop: take the round and the parameters, run the {@link RoundKernel} on the
 * blocks, send the result back. It never calls
 * {@code BarrierTaskContext.get()}, whose first use starts a non-daemon timer in Spark 3.5.
 */
final class ResidentTask extends AbstractFunction1<Iterator<InstanceBlock>, Iterator<Object>>
    implements Serializable {
  private static final long serialVersionUID = 1L;
  /** Task threads inside {@link #apply} in this JVM (for tests: none must stay after a stage ends). */
  static final AtomicInteger RUNNING = new AtomicInteger();

  private final RoundKernel kernel;
  private final String hub;
  private final String host;
  private final int port;
  private final byte[] secret;
  private final int attempt;
  private final long spinNanos;

  /**
   * A task that links to the driver through the {@link LocalHub} registered under {@code hub} in its own JVM, or,
   * when {@code hub} is null, by socket to {@code host:port}.
   */
  ResidentTask(RoundKernel kernel, String hub, String host, int port, byte[] secret, int attempt, long spinNanos) {
    this.kernel = kernel;
    this.hub = hub;
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
      ScalaIterators.asJava(elements).forEachRemaining(blocks::add);
      serve(TaskContext.get().partitionId(), blocks);
      return ScalaIterators.asScala(Collections.emptyIterator());
    } catch (IOException e) {
      throw new IllegalStateException("resident task: the exchange with the driver "
          + (hub != null ? "in this JVM" : "at " + host + ":" + port) + " failed: " + e, e);
    } finally {
      RUNNING.decrementAndGet();
    }
  }

  private void serve(int partition, List<InstanceBlock> blocks) throws IOException {
    try (DriverLink link = hub != null
        ? LocalHub.attach(hub, secret, partition, attempt, kernel.size(), spinNanos)
        : new SocketLinks.ToDriver(host, port, secret, partition, attempt, kernel.size(), spinNanos)) {
      Map<Integer, RoundResult> results = new HashMap<>();
      for (Round round = link.next(); round != null; round = link.next()) {
        RoundResult out = results.computeIfAbsent(round.steps(), h -> new RoundResult(kernel.sums(h), h));
        out.clear();
        try {
          kernel.compute(partition, blocks, round, link.params(), out);
        } catch (RuntimeException e) {
          link.fail(String.valueOf(e));
          throw e;
        }
        link.reply(out);
      }
    }
  }
}
