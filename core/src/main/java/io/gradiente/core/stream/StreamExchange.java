package io.gradiente.core.stream;

import io.gradiente.core.data.BadInputException;
import io.gradiente.core.data.Blocks;
import io.gradiente.core.data.InstanceBlock;
import io.gradiente.core.train.JobExchange;
import io.gradiente.core.train.PartitionResults;
import io.gradiente.core.train.Round;
import io.gradiente.core.train.RoundExchange;
import io.gradiente.core.train.RoundKernel;
import io.gradiente.core.train.RoundResult;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaFutureAction;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.rdd.RDD;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;

/**
 * Rounds through a resident stage: one long barrier stage ({@code rdd.barrier().mapPartitions}, every partition
 * scheduled at once) whose tasks keep their cached blocks and serve the driver over a socket, or, in local mode,
 * through a {@link Mailbox} in the driver's own JVM, so a round costs a few transfers (or two array copies) instead
 * of a Spark job (docs/BENCHMARKS.md). The driver writes the round and
 * the parameters to every task, reads the results back in partition order and adds them up exactly as
 * {@link PartitionResults#reduce} of the same depth would: the same bits as
 * {@link io.gradiente.core.train.JobExchange}.
 *
 * <p>Security: every run draws a 32-byte secret that travels to the tasks inside the task closure (as protected as
 * Spark's own RPC); a peer that cannot answer the driver's challenge with it (or show it to the {@link LocalHub})
 * is refused before any round. The socket exchange is not encrypted: {@link Exchanges} does not choose it when
 * Spark's network encryption is on; the in-JVM one never leaves the process.
 *
 * <p>Faults: a task that fails closes its connection, an executor that dies resets it, a task that hangs runs past
 * the round timeout, and a stage that Spark aborts ends its job; in each case the driver closes the connections,
 * cancels the stage's job group (interrupting its tasks) and starts a new stage that repeats the unfinished round,
 * or, when the cluster has lost the slots a barrier stage needs (a dead executor not replaced), goes on with one
 * Spark job per round ({@link JobExchange}, the same bits).
 * The driver holds the whole training state, so the restarted run is bit for bit the undisturbed one; lost cached
 * blocks are recomputed from lineage. After {@code maxAttempts} stages the run fails with the last cause.
 */
public final class StreamExchange implements RoundExchange {
  /**
   * Where the driver listens and how patient it is.
   *
   * @param host the address tasks connect to ({@code spark.driver.host})
   * @param bindHost the address the driver listens on ({@code spark.driver.bindAddress}, else {@code host})
   * @param port the port, 0 for any free one ({@code --exchange-port}, {@value #PORT})
   * @param timeoutMillis the longest a round (or the stage's start) may take ({@value #TIMEOUT}, default 10min)
   * @param maxAttempts stages started before giving up ({@value #MAX_ATTEMPTS}, else {@code spark.task.maxFailures},
   *     else 4)
   * @param spinNanos how long a task polls for the next round before it blocks ({@value #SPIN}, default 1000)
   * @param transport {@code auto} (in the driver's JVM in local mode, else sockets) or {@code socket} (always
   *     sockets) ({@value #TRANSPORT})
   */
  public record Settings(String host, String bindHost, int port, long timeoutMillis, int maxAttempts,
      long spinNanos, String transport) {
    /** The port setting. */
    public static final String PORT = "spark.gradiente.exchange.port";
    /** The round timeout setting. */
    public static final String TIMEOUT = "spark.gradiente.exchange.timeout";
    /** The stage attempts setting. */
    public static final String MAX_ATTEMPTS = "spark.gradiente.exchange.maxAttempts";
    /** The tasks' polling time setting. */
    public static final String SPIN = "spark.gradiente.exchange.spinMicros";
    /** The transport setting. */
    public static final String TRANSPORT = "spark.gradiente.exchange.transport";

    /** Checks the transport. */
    public Settings {
      if (!transport.equals("auto") && !transport.equals("socket")) {
        throw new BadInputException(TRANSPORT + " must be auto or socket, not '" + transport + "'");
      }
    }

    /** The settings of a Spark application; {@code port} > 0 overrides {@value #PORT}. */
    public static Settings of(SparkConf conf, int port) {
      String host = conf.get("spark.driver.host", "127.0.0.1");
      return new Settings(host, conf.get("spark.driver.bindAddress", host),
          port > 0 ? port : conf.getInt(PORT, 0), conf.getTimeAsMs(TIMEOUT, "10min"),
          conf.getInt(MAX_ATTEMPTS, conf.getInt("spark.task.maxFailures", 4)),
          conf.getLong(SPIN, 1000) * 1000, conf.get(TRANSPORT, "auto"));
    }

    /** The same settings with another transport. */
    public Settings withTransport(String other) {
      return new Settings(host, bindHost, port, timeoutMillis, maxAttempts, spinNanos, other);
    }

    /** Whether the tasks of {@code sc} link to the driver in its own JVM: {@code auto} in local mode. */
    public boolean inJvm(SparkContext sc) {
      return transport.equals("auto") && sc.isLocal();
    }
  }

  private static final ClassTag<Object> OBJECT = ClassTag$.MODULE$.apply(Object.class);
  private static final long WATCH_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
  /**
   * How long the driver may take to read a failed task's own report after Spark ended the stage, before the
   * watchdog closes the links (closing a socket drops what it has not read). One second was too short on a
   * machine with 25 runnable threads per core.
   */
  private static final long GRACE_NANOS = TimeUnit.SECONDS.toNanos(5);
  /** How long a broken round looks for a failed task's own report on the other links. */
  private static final long REPORT_WAIT_NANOS = TimeUnit.SECONDS.toNanos(2);

  private final Blocks source;
  private final JavaRDD<InstanceBlock> blocks;
  private final SparkContext sc;
  private final RoundKernel kernel;
  private final int depth;
  private final Settings settings;
  private final Consumer<String> log;
  private final int partitions;
  private final byte[] secret = new byte[32];
  private final SecureRandom random = new SecureRandom();
  private final ServerSocketChannel server;
  private final LocalHub hub;
  private final String group = "gradiente-stream-" + UUID.randomUUID();
  /** Per number of steps in a round: one result per partition that socket links read into. */
  private final Map<Integer, RoundResult[]> results = new HashMap<>();
  /** The round's results as the links return them, in partition order. */
  private final RoundResult[] received;
  private final Thread watchdog;

  private volatile TaskLink[] links;
  private volatile JavaFutureAction<Long> stage;
  private volatile long deadline = Long.MAX_VALUE;
  private volatile boolean closed;
  private volatile boolean timedOut;
  private JobExchange fallback;
  private int attempt;
  private int started;
  private int refused;

  /**
   * Listens for the tasks of a resident stage over {@code blocks}; the stage starts with the first round.
   *
   * @param log where one-line notices go (a stage restarted, a peer refused)
   * @throws UncheckedIOException when the port cannot be bound
   */
  public StreamExchange(Blocks blocks, RoundKernel kernel, int depth, Settings settings, Consumer<String> log) {
    this.source = blocks;
    this.blocks = blocks.rdd();
    this.sc = this.blocks.context();
    this.kernel = kernel;
    this.depth = depth;
    this.settings = settings;
    this.log = log;
    this.partitions = this.blocks.getNumPartitions();
    this.received = new RoundResult[partitions];
    random.nextBytes(secret);
    if (settings.inJvm(sc)) {
      hub = LocalHub.open(group, secret);
      server = null;
    } else {
      hub = null;
      server = listen(settings, partitions);
    }
    watchdog = new Thread(this::watch, "gradiente-exchange-watchdog");
    watchdog.setDaemon(true);
    watchdog.start();
  }

  private static ServerSocketChannel listen(Settings settings, int backlog) {
    try {
      ServerSocketChannel s = ServerSocketChannel.open();
      s.bind(new InetSocketAddress(settings.bindHost(), settings.port()), backlog);
      return s;
    } catch (IOException e) {
      throw new UncheckedIOException("stream exchange: cannot listen on " + settings.bindHost() + ":"
          + settings.port() + " (" + e.getMessage() + "); choose another port with --exchange-port", e);
    }
  }

  /** {@code stream}, or {@code stream, then job} once a restart found too few task slots. */
  @Override
  public String name() {
    return fallback == null ? "stream" : "stream, then job";
  }

  @Override
  public RoundKernel kernel() {
    return kernel;
  }

  /** The port the driver listens on, or -1 when its tasks link to it in its own JVM. */
  public int port() {
    return server == null ? -1 : server.socket().getLocalPort();
  }

  /** Whether the tasks link to the driver in its own JVM rather than by socket. */
  public boolean inJvm() {
    return hub != null;
  }

  /** Connections refused so far for a wrong secret or a malformed handshake. */
  public int refused() {
    return hub == null ? refused : hub.refused();
  }

  /** Stages started so far, restarts included. */
  public int stages() {
    return started;
  }

  /** The address tasks connect to. */
  public InetSocketAddress address() {
    return new InetSocketAddress(settings.host(), port());
  }

  @Override
  public RoundResult run(Round round, double[] params) {
    if (closed) {
      throw new IllegalStateException("the stream exchange is closed");
    }
    if (fallback != null) {
      return fallback.run(round.withAttempt(attempt + 1), params);
    }
    while (true) {
      try {
        if (links == null) {
          startStage();
        }
        return exchange(round.withAttempt(attempt), params);
      } catch (IOException e) {
        String cause = stageFailure(e);
        stopStage();
        if (attempt + 1 >= settings.maxAttempts()) {
          throw new IllegalStateException(String.format(Locale.ROOT, "the resident training stage failed %d times "
              + "(%s=%d); the last failure, in epoch %d at step %d: %s", settings.maxAttempts(),
              Settings.MAX_ATTEMPTS, settings.maxAttempts(), round.epoch() + 1, round.first() + 1, cause), e);
        }
        // A dead executor resets its connections at about the moment the driver learns that it is lost: give the
        // scheduler a moment before counting the slots a new stage would need.
        LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(1));
        String obstacle = Exchanges.obstacle(sc, partitions);
        if (obstacle != null) {
          fallback = new JobExchange(source, kernel, depth);
          log.accept(String.format(Locale.ROOT, "stream exchange: the resident stage failed in epoch %d at step %d "
              + "(%s) and cannot start again (%s); continuing with one Spark job per round", round.epoch() + 1,
              round.first() + 1, cause, obstacle));
          return fallback.run(round.withAttempt(attempt + 1), params);
        }
        attempt++;
        log.accept(String.format(Locale.ROOT, "stream exchange: the resident stage failed in epoch %d at step %d "
            + "(%s); restarting it from that round (stage %d of at most %d)", round.epoch() + 1, round.first() + 1,
            cause, attempt + 1, settings.maxAttempts()));
      }
    }
  }

  /** One round over the open links. */
  private RoundResult exchange(Round round, double[] params) throws IOException {
    TaskLink[] open = links;
    RoundResult[] rs = results.computeIfAbsent(round.steps(), h -> {
      RoundResult[] a = new RoundResult[partitions];
      for (int p = 0; p < partitions; p++) {
        a[p] = new RoundResult(kernel.sums(h), h);
      }
      return a;
    });
    RoundResult[] got = received;
    deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(settings.timeoutMillis());
    try {
      for (TaskLink link : open) {
        link.send(round, params);
      }
      for (int p = 0; p < partitions; p++) {
        got[p] = open[p].receive(rs[p]);
      }
    } catch (TaskLink.TaskFailure e) {
      throw e;
    } catch (IOException e) {
      // When a task fails, Spark ends the stage and the other tasks' links break, maybe before the driver has read
      // the failed task's own report on a later link: look for it before blaming the broken link.
      TaskLink.TaskFailure reported = reportedFailure(open);
      if (reported != null) {
        reported.addSuppressed(e);
        throw reported;
      }
      throw e;
    } finally {
      deadline = Long.MAX_VALUE;
    }
    return PartitionResults.combineInOrder(Arrays.asList(got), depth, RoundResult::add);
  }

  /** A task's own report of its failure on any link, waiting up to {@link #REPORT_WAIT_NANOS}, or null. */
  private static TaskLink.TaskFailure reportedFailure(TaskLink[] open) {
    long until = System.nanoTime() + REPORT_WAIT_NANOS;
    do {
      for (TaskLink link : open) {
        String reported = link.reportedFailure();
        if (reported != null) {
          return new TaskLink.TaskFailure(reported);
        }
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
    } while (System.nanoTime() < until);
    return null;
  }

  /** Submits the barrier stage and waits until every partition's task has linked and proved the secret. */
  private void startStage() throws IOException {
    int free = Exchanges.slots(sc);
    if (free < partitions) {
      // Spark would not fail such a stage but retry its submission for minutes, and no job group can cancel that.
      throw new IOException("a stage needs " + partitions + " task slots and the cluster has " + free);
    }
    if (hub != null) {
      hub.startStage(attempt, partitions);
    }
    ResidentTask task = new ResidentTask(kernel, hub == null ? null : group, settings.host(), port(), secret,
        attempt, settings.spinNanos());
    String[] keys = {"spark.jobGroup.id", "spark.job.description", "spark.job.interruptOnCancel"};
    String[] saved = new String[keys.length];
    for (int i = 0; i < keys.length; i++) {
      saved[i] = sc.getLocalProperty(keys[i]);
    }
    try {
      sc.setJobGroup(group, "gradiente: resident training stage " + (attempt + 1), true);
      RDD<Object> stageRdd = blocks.rdd().barrier().mapPartitions(task, false, OBJECT);
      stage = new JavaRDD<>(stageRdd, OBJECT).countAsync();
      started++;
    } finally {
      for (int i = 0; i < keys.length; i++) {
        sc.setLocalProperty(keys[i], saved[i]);
      }
    }
    Waiting waiting = new Waiting();
    links = hub != null ? awaitMailboxes(waiting) : acceptSockets(waiting);
  }

  /** The checks made while a new stage's tasks link up: the stage still runs, has its slots, is not late. */
  private final class Waiting {
    private final long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(settings.timeoutMillis());
    private long slotsChecked = System.nanoTime();

    void check() throws IOException {
      if (stage.isDone()) {
        throw new IOException("the stage ended before its tasks connected");
      }
      if (System.nanoTime() - slotsChecked > TimeUnit.SECONDS.toNanos(1)) {
        slotsChecked = System.nanoTime();
        int slots = Exchanges.slots(sc);
        if (slots < partitions) {
          throw new IOException("the stage waits for " + partitions + " task slots and the cluster has " + slots);
        }
      }
      if (System.nanoTime() > until) {
        throw new IOException("its tasks did not connect within " + settings.timeoutMillis() + " ms");
      }
    }
  }

  private TaskLink[] awaitMailboxes(Waiting waiting) throws IOException {
    try {
      while (true) {
        waiting.check();
        Mailbox[] boxes = hub.await(TimeUnit.MILLISECONDS.toNanos(100));
        if (boxes != null) {
          return boxes;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while the resident stage started");
    }
  }

  private TaskLink[] acceptSockets(Waiting waiting) throws IOException {
    TaskLink[] conns = new TaskLink[partitions];
    int connected = 0;
    server.socket().setSoTimeout(100);
    try {
      while (connected < partitions) {
        waiting.check();
        Socket s;
        try {
          s = server.socket().accept();
        } catch (SocketTimeoutException e) {
          continue;
        }
        SocketChannel ch = s.getChannel();
        int partition = handshake(s, conns);
        if (partition < 0) {
          refused++;
          log.accept("stream exchange: refused a connection from " + s.getRemoteSocketAddress()
              + " that did not prove the run's secret");
          ch.close();
          continue;
        }
        conns[partition] = new SocketLinks.ToTask(ch, partition, kernel.size());
        connected++;
      }
    } catch (IOException e) {
      closeAll(conns);
      throw e;
    }
    return conns;
  }

  /** The partition a new connection proves it serves, or -1 for a wrong answer (or a partition already served). */
  private int handshake(Socket s, TaskLink[] conns) throws IOException {
    byte[] nonce = new byte[Wire.NONCE];
    random.nextBytes(nonce);
    ByteBuffer hello = Wire.buffer(4 + Wire.NONCE);
    hello.putInt(Wire.MAGIC).put(nonce).flip();
    try {
      s.setSoTimeout(10_000);
      Wire.writeFully(s.getChannel(), hello);
      InputStream in = s.getInputStream();
      byte[] answer = new byte[Wire.HELLO];
      new DataInputStream(in).readFully(answer);
      s.setSoTimeout(0);
      ByteBuffer a = ByteBuffer.wrap(answer).order(hello.order());
      int partition = a.getInt();
      int stageAttempt = a.getInt();
      byte[] mac = Arrays.copyOfRange(answer, 8, 8 + Wire.MAC);
      boolean ok = stageAttempt == attempt && partition >= 0 && partition < partitions && conns[partition] == null
          && Wire.sameMac(mac, Wire.mac(secret, nonce, partition, stageAttempt));
      return ok ? partition : -1;
    } catch (IOException e) {
      return -1;
    }
  }

  /**
   * What ended the stage: a round past its timeout (the watchdog closed the connections, and the tasks' failures
   * that follow are not the cause), else the task's own report, else Spark's reason for aborting it, else the
   * exchange's error.
   */
  private String stageFailure(IOException e) {
    if (timedOut) {
      return "a round ran past " + Settings.TIMEOUT + "=" + settings.timeoutMillis() + " ms";
    }
    if (e instanceof TaskLink.TaskFailure) {
      return firstLine(e.getMessage());
    }
    JavaFutureAction<Long> f = stage;
    if (f != null) {
      try {
        f.get(2, TimeUnit.SECONDS);
      } catch (ExecutionException failed) {
        Throwable t = failed.getCause() != null ? failed.getCause() : failed;
        return firstLine(t.getMessage());
      } catch (Exception notYet) {
        // Still running or cancelled: the exchange's own error says what happened.
      }
    }
    return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + firstLine(e.getMessage()));
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "no message";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  /** Ends the current stage: closes its connections, cancels its job group and waits for its job to end. */
  private void stopStage() {
    boolean connected = links != null;
    closeAll(links);
    links = null;
    JavaFutureAction<Long> f = stage;
    if (f != null) {
      if (!f.isDone()) {
        sc.cancelJobGroup(group); // Spark 4 warns when a group has no active job left to cancel
      }
      try {
        // Tasks that connected end as soon as their connection closes or they are interrupted; a stage whose tasks
        // never started (waiting for slots) may not be cancellable at all, so it gets a short wait only.
        f.get(connected ? 60 : 5, TimeUnit.SECONDS);
      } catch (Exception ended) {
        // Cancelled or failed: either way its tasks are gone.
      }
    }
    stage = null;
    timedOut = false;
  }

  private static void closeAll(TaskLink[] open) {
    if (open != null) {
      for (TaskLink link : open) {
        if (link != null) {
          link.close();
        }
      }
    }
  }

  /**
   * Closes the links of a round that runs past its deadline or whose stage ended more than {@link #GRACE_NANOS}
   * ago (a task that fails closes its own connection after reporting why, which the driver should read first).
   */
  private void watch() {
    long endedAt = 0;
    while (!closed) {
      LockSupport.parkNanos(WATCH_NANOS);
      long d = deadline;
      JavaFutureAction<Long> f = stage;
      long now = System.nanoTime();
      boolean ended = f != null && f.isDone();
      endedAt = !ended ? 0 : endedAt == 0 ? now : endedAt;
      boolean late = now > d;
      if (d != Long.MAX_VALUE && (late || ended && now - endedAt > GRACE_NANOS)) {
        timedOut |= late;
        closeAll(links);
      }
    }
  }

  /** Tells the tasks to stop, waits for the stage to end and stops listening. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    TaskLink[] open = links;
    if (open != null) {
      try {
        for (TaskLink link : open) {
          link.stop();
        }
        stage.get(settings.timeoutMillis(), TimeUnit.MILLISECONDS);
      } catch (Exception e) {
        log.accept("stream exchange: the resident stage did not end cleanly (" + firstLine(String.valueOf(e))
            + "); cancelling it");
      }
      stopStage();
    }
    closed = true;
    if (hub != null) {
      hub.close();
    } else {
      try {
        server.close();
      } catch (IOException ignored) {
        // Nothing listens any more either way.
      }
    }
    LockSupport.unpark(watchdog);
  }
}
