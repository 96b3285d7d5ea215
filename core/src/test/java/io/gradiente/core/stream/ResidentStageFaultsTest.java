package io.gradiente.core.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gradiente.core.LocalSpark;
import io.gradiente.core.data.Blocks;
import io.gradiente.core.loss.SoftmaxCrossEntropy;
import io.gradiente.core.model.LinearModel;
import io.gradiente.core.train.FaultyKernel;
import io.gradiente.core.train.JobExchange;
import io.gradiente.core.train.ProgressListener;
import io.gradiente.core.train.RoundExchange;
import io.gradiente.core.train.RoundKernel;
import io.gradiente.core.train.TrainConfig;
import io.gradiente.core.train.TrainResult;
import io.gradiente.core.train.Training;
import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The resident stage's failure matrix in local mode: a task that fails, a task that stalls past the round timeout,
 * the driver's connection to a task dropped mid-run, and a failure on every stage. Each ends with the weights and
 * history of an undisturbed run, or with one clear error, and leaves no task thread, exchange thread or socket of the
 * exchange behind. (An executor cannot be killed in local mode: {@code StandaloneClusterIT} kills a worker; the
 * driver killed and resumed with the resident stage is in {@code KillResumeTest}.)
 */
class ResidentStageFaultsTest {
  private static final int SIZE = LinearModel.size(6, 3);
  private static final TrainConfig CONFIG = new TrainConfig(50, 0.1, 0.9, 3, 42, true);
  private static SparkSession spark;
  private static Blocks blocks;
  private static TrainResult undisturbed;

  @BeforeAll
  static void setUp() {
    spark = LocalSpark.start("resident-stage-faults", "local[3,4]");
    blocks = Blocks.of(LocalSpark.threeClasses(spark, 3), 3, 3);
    undisturbed = train(new StreamExchange.Settings("127.0.0.1", "127.0.0.1", 0, 60_000, 4, 100_000, "socket"),
        (kernel, settings) -> new JobExchange(blocks, kernel, 1), ProgressListener.NONE);
  }

  @AfterAll
  static void tearDown() {
    blocks.release();
    spark.stop();
  }

  private static TrainResult train(StreamExchange.Settings settings,
      BiFunction<RoundKernel, StreamExchange.Settings, RoundExchange> open, ProgressListener progress) {
    Training training = new Training(CONFIG, SoftmaxCrossEntropy.INSTANCE).withProgress(progress);
    double[] init = LinearModel.initial(6, 3, LinearModel.Init.NORMAL, 42).params();
    try (RoundExchange exchange = open.apply(training.kernel(blocks, SIZE), settings)) {
      return training.train(exchange, init);
    }
  }

  /**
   * A run through the resident stage ({@code transport} {@code auto}: in the JVM, or {@code socket}) with the
   * kernel that {@code fault} makes of the run's kernel; checks that nothing of the exchange stays behind.
   */
  private TrainResult faulty(String transport, UnaryOperator<RoundKernel> fault, long timeoutMillis,
      int maxAttempts, List<String> log, DropAt drop) throws Exception {
    StreamExchange[] opened = new StreamExchange[1];
    int[] port = {-1};
    try {
      return train(new StreamExchange.Settings("127.0.0.1", "127.0.0.1", 0, timeoutMillis, maxAttempts, 100_000,
          transport),
          (kernel, settings) -> {
            opened[0] = new StreamExchange(blocks, fault.apply(kernel), 1, settings, log::add);
            port[0] = opened[0].port();
            return opened[0];
          }, drop == null ? ProgressListener.NONE : drop.on(() -> opened[0]));
    } finally {
      assertNothingLeft(port[0]);
    }
  }

  /** A task that fails (its first attempt), and a task that stalls past a round timeout of 3 s. */
  @ParameterizedTest(name = "{0}: {1} at step {2}, partition {3}")
  @CsvSource({
      "socket, fail, 13, 2, 60000, injected failure",
      "socket, stall, 13, 1, 3000, a round ran past spark.gradiente.exchange.timeout=3000 ms",
      "auto, fail, 13, 2, 60000, injected failure",
      "auto, stall, 13, 1, 3000, a round ran past spark.gradiente.exchange.timeout=3000 ms"})
  void aFailedOrStalledTaskIsRepairedBitForBit(String transport, String fault, long step, int partition,
      long timeoutMillis, String cause) throws Exception {
    List<String> log = new ArrayList<>();
    TrainResult r = faulty(transport, k -> fault.equals("fail") ? FaultyKernel.failing(k, step, partition)
        : FaultyKernel.stalling(k, step, partition), timeoutMillis, 4, log, null);
    assertSameRun(r);
    assertEquals(1, log.size(), log.toString());
    assertTrue(log.get(0).contains("failed in epoch 2 at step 5") && log.get(0).contains(cause), log.get(0));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"socket, 7", "auto, 0"})
  void aDroppedConnectionIsRepairedBitForBit(String transport, int socketsWhileRunning) throws Exception {
    List<String> log = new ArrayList<>();
    List<String> sockets = new ArrayList<>();
    TrainResult r = faulty(transport, UnaryOperator.identity(), 60_000, 4, log, new DropAt(10, 0, sockets));
    assertSameRun(r);
    // What the check for sockets left behind sees while the stage runs: the listening one and both ends of each
    // task's connection, or none when the tasks link to the driver in its JVM.
    assertEquals(socketsWhileRunning, sockets.size(), sockets.toString());
    assertEquals(1, log.size(), log.toString());
    assertTrue(log.get(0).contains("restarting it from that round"), log.get(0));
  }

  @Test
  void aFailureOnEveryStageEndsWithOneClearError() throws Exception {
    List<String> log = new ArrayList<>();
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> faulty("auto", k -> FaultyKernel.failing(k, 4, 0), 60_000, 1, log, null));
    assertTrue(e.getMessage().startsWith("the resident training stage failed 1 times (spark.gradiente.exchange."
        + "maxAttempts=1); the last failure, in epoch 1 at step 5: "), e.getMessage());
    assertTrue(e.getMessage().contains("injected failure"), e.getMessage());
  }

  private static void assertSameRun(TrainResult r) {
    assertArrayEquals(undisturbed.params(), r.params(), 0.0, "weights");
    assertArrayEquals(undisturbed.history().batchLosses(), r.history().batchLosses(), 0.0, "batch losses");
    assertArrayEquals(undisturbed.history().trainLosses(), r.history().trainLosses(), 0.0, "epoch losses");
  }

  /** No task inside a stage, no thread of the exchange and no open socket on its port (waiting up to 10 s). */
  private static void assertNothingLeft(int port) throws IOException, InterruptedException {
    long until = System.currentTimeMillis() + 10_000;
    while (true) {
      List<String> threads = Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive)
          .map(Thread::getName).filter(n -> n.startsWith("gradiente-exchange")).toList();
      List<String> sockets = openSockets(port);
      int tasks = ResidentTask.RUNNING.get();
      if (threads.isEmpty() && sockets.isEmpty() && tasks == 0) {
        return;
      }
      if (System.currentTimeMillis() > until) {
        throw new AssertionError("left behind: " + tasks + " tasks, threads " + threads + ", sockets " + sockets);
      }
      Thread.sleep(100);
    }
  }

  /**
   * The TCP sockets on {@code port} that a process still holds: listening, established, or closed by the peer but
   * not here (CLOSE_WAIT); states the kernel keeps alone after a close (TIME_WAIT, FIN_WAIT) are not.
   */
  private static List<String> openSockets(int port) throws IOException {
    String hex = String.format(Locale.ROOT, ":%04X", port);
    List<String> open = new ArrayList<>();
    for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
      List<String> lines = Files.readAllLines(Path.of(table));
      for (String line : lines.subList(1, lines.size())) {
        String[] c = line.trim().split("\\s+");
        boolean ours = c[1].endsWith(hex) || c[2].endsWith(hex);
        if (ours && List.of("01", "08", "0A").contains(c[3])) {
          open.add(c[1] + " " + c[2] + " state " + c[3]);
        }
      }
    }
    return open;
  }

  /**
   * Closes the driver's link to one task after a given step, as a network failure would: the driver's next write
   * or read on it fails.
   */
  private record DropAt(int step, int partition, List<String> socketsBefore) {
    ProgressListener on(Supplier<StreamExchange> exchange) {
      int[] steps = {0};
      return new ProgressListener() {
        @Override
        public void onStep(int epoch, int epochs, int s, int stepsPerEpoch, double batchLoss) {
          if (++steps[0] == step) {
            try {
              socketsBefore.addAll(openSockets(exchange.get().port()));
              Field f = StreamExchange.class.getDeclaredField("links");
              f.setAccessible(true);
              ((TaskLink[]) f.get(exchange.get()))[partition].close();
            } catch (ReflectiveOperationException | IOException e) {
              throw new IllegalStateException(e);
            }
          }
        }
      };
    }
  }
}
