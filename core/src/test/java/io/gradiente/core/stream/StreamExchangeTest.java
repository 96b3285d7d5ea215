package io.gradiente.core.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gradiente.core.LocalSpark;
import io.gradiente.core.LogCapture;
import io.gradiente.core.data.BadInputException;
import io.gradiente.core.data.Blocks;
import io.gradiente.core.data.LabeledRows;
import io.gradiente.core.loss.Loss;
import io.gradiente.core.loss.SoftmaxCrossEntropy;
import io.gradiente.core.model.LinearModel;
import io.gradiente.core.train.FaultyKernel;
import io.gradiente.core.train.JobExchange;
import io.gradiente.core.train.RoundExchange;
import io.gradiente.core.train.RoundKernel;
import io.gradiente.core.train.TrainConfig;
import io.gradiente.core.train.TrainResult;
import io.gradiente.core.train.Training;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.logging.log4j.Level;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The resident stage against one job per round: the same bits for any partitioning and {@code --sync-every}, a
 * task failure mid-stage repaired without a trace in the result, strangers refused, and nothing left running.
 */
class StreamExchangeTest {
  private static final Loss LOSS = SoftmaxCrossEntropy.INSTANCE;
  private static final int SIZE = LinearModel.size(6, 3);
  private static SparkSession spark;
  private static LabeledRows data;

  @BeforeAll
  static void setUp() {
    // Three task slots, so three partitions fit in one barrier stage; a task may fail up to 4 times.
    spark = LocalSpark.start("stream-exchange", "local[3,4]");
    data = LocalSpark.threeClasses(spark, 3);
  }

  @AfterAll
  static void tearDown() {
    spark.stop();
  }

  private static TrainResult train(Blocks blocks, TrainConfig config, Function<RoundKernel, RoundExchange> open) {
    Training training = new Training(config, LOSS);
    double[] init = LinearModel.initial(6, 3, LinearModel.Init.NORMAL, 42).params();
    try (RoundExchange exchange = open.apply(training.kernel(blocks, SIZE))) {
      return training.train(exchange, init);
    }
  }

  /** A resident stage whose tasks link to the driver by {@code transport}: {@code auto} (in the JVM) or socket. */
  private static StreamExchange stream(Blocks blocks, RoundKernel kernel, int depth, List<String> log,
      String transport) {
    StreamExchange exchange = new StreamExchange(blocks, kernel, depth,
        StreamExchange.Settings.of(spark.sparkContext().getConf(), 0).withTransport(transport), log::add);
    assertEquals(transport.equals("auto"), exchange.inJvm(), transport);
    return exchange;
  }

  private static void assertSameRun(TrainResult expected, TrainResult actual, String what) {
    assertArrayEquals(expected.params(), actual.params(), 0.0, what + ": weights");
    assertArrayEquals(expected.history().batchLosses(), actual.history().batchLosses(), 0.0, what + ": batch losses");
    assertArrayEquals(expected.history().trainLosses(), actual.history().trainLosses(), 0.0, what + ": epoch losses");
    assertArrayEquals(expected.history().stepTrainLosses(), actual.history().stepTrainLosses(), 0.0,
        what + ": per-step training losses");
  }

  @ParameterizedTest(name = "{0} partitions, --sync-every {1}, aggregation depth {2}")
  @CsvSource({"1, 1, 1", "2, 1, 1", "3, 1, 1", "1, 4, 1", "2, 4, 1", "3, 4, 1", "3, 1, 2", "3, 4, 2"})
  void streamIsTheJobPathBitForBit(int partitions, int syncEvery, int depth) {
    Blocks blocks = Blocks.of(data, partitions, 3);
    try {
      TrainConfig config = new TrainConfig(50, 0.1, 0.9, 3, 42, true).withAggregationDepth(depth)
          .withSyncEvery(syncEvery).withStepLossEvery(3);
      TrainResult job = train(blocks, config, k -> new JobExchange(blocks, k, depth));
      for (String transport : List.of("auto", "socket")) {
        List<String> log = new ArrayList<>();
        TrainResult stream = train(blocks, config, k -> stream(blocks, k, depth, log, transport));
        assertSameRun(job, stream, partitions + " partitions, " + transport);
        assertEquals(List.of(), log, "nothing to report");
        assertEquals(27, stream.history().steps());
        // Every third step, at rounds' first steps: 9 steps per epoch, so steps 0, 9 and 18 in any case.
        double[] before = stream.history().stepTrainLosses();
        for (int s = 0; s < before.length; s++) {
          assertEquals(s % 9 == 0 || syncEvery == 1 && s % 3 == 0, Double.isFinite(before[s]), "step " + s);
        }
      }
    } finally {
      blocks.release();
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"auto", "socket"})
  void aTaskFailingMidStageLeavesNoTraceInTheResult(String transport) {
    Blocks blocks = Blocks.of(data, 2, 3);
    try {
      TrainConfig config = new TrainConfig(50, 0.1, 0.9, 3, 42, true);
      TrainResult undisturbed = train(blocks, config, k -> new JobExchange(blocks, k, 1));
      List<String> log = new ArrayList<>();
      StreamExchange[] opened = new StreamExchange[1];
      TrainResult repaired = train(blocks, config,
          k -> opened[0] = stream(blocks, FaultyKernel.failing(k, 13, 1), 1, log, transport));
      assertSameRun(undisturbed, repaired, "after a restart");
      assertEquals(2, opened[0].stages(), "one restart: " + log);
      assertEquals(1, log.size(), log.toString());
      assertTrue(log.get(0).contains("failed in epoch 2 at step 5") && log.get(0).contains("injected failure"),
          log.get(0));
      assertEquals(0, ResidentTask.RUNNING.get(), "no task left inside the stage");
    } finally {
      blocks.release();
    }
  }

  @Test
  void aPeerWithoutTheSecretIsRefused() throws Exception {
    Blocks blocks = Blocks.of(data, 2, 3);
    try {
      TrainConfig config = new TrainConfig(50, 0.1, 0.9, 2, 42, true);
      TrainResult expected = train(blocks, config, k -> new JobExchange(blocks, k, 1));
      List<String> log = new ArrayList<>();
      Training training = new Training(config, LOSS);
      double[] init = LinearModel.initial(6, 3, LinearModel.Init.NORMAL, 42).params();
      try (StreamExchange exchange = stream(blocks, training.kernel(blocks, SIZE), 1, log, "socket");
          SocketChannel stranger = SocketChannel.open(exchange.address())) {
        // Waiting in the backlog, the stranger is the first to be answered once the stage starts.
        Thread impostor = new Thread(() -> impersonate(stranger));
        impostor.start();
        TrainResult r = training.train(exchange, init);
        impostor.join(10_000);
        assertSameRun(expected, r, "with a stranger knocking");
        assertEquals(1, exchange.refused(), log.toString());
        assertTrue(log.get(0).contains("did not prove the run's secret"), log.get(0));
        ByteBuffer any = ByteBuffer.allocate(1);
        assertEquals(-1, stranger.read(any), "the driver closed the stranger's connection");
      }
    } finally {
      blocks.release();
    }
  }

  @Test
  void aTaskInTheJvmWithoutTheSecretIsRefused() throws Exception {
    byte[] secret = new byte[32];
    secret[0] = 7;
    try (LocalHub hub = LocalHub.open("test-hub", secret)) {
      hub.startStage(1, 2);
      IOException wrong = assertThrows(IOException.class, () -> LocalHub.attach("test-hub", new byte[32], 0, 1, 4, 0));
      assertEquals("the resident stage refused partition 0 of attempt 1", wrong.getMessage());
      assertThrows(IOException.class, () -> LocalHub.attach("test-hub", secret, 0, 0, 4, 0), "an earlier attempt");
      assertThrows(IOException.class, () -> LocalHub.attach("test-hub", secret, 2, 1, 4, 0), "no such partition");
      assertEquals(3, hub.refused());
      assertNull(hub.await(1_000_000), "nobody linked yet");
      LocalHub.attach("test-hub", secret, 0, 1, 4, 0);
      assertThrows(IOException.class, () -> LocalHub.attach("test-hub", secret, 0, 1, 4, 0), "taken twice");
      LocalHub.attach("test-hub", secret, 1, 1, 4, 0);
      assertEquals(2, hub.await(0).length, "both partitions linked");
    }
    IOException gone = assertThrows(IOException.class, () -> LocalHub.attach("test-hub", secret, 0, 1, 4, 0));
    assertTrue(gone.getMessage().startsWith("no resident stage test-hub in this JVM"), gone.getMessage());
  }

  /** Answers the driver's challenge as a task would, but with the wrong secret, for partition 0. */
  private static void impersonate(SocketChannel ch) {
    try {
      ByteBuffer hello = Wire.buffer(4 + Wire.NONCE);
      Wire.readFully(ch, hello);
      hello.flip();
      hello.getInt();
      byte[] nonce = new byte[Wire.NONCE];
      hello.get(nonce);
      ByteBuffer answer = Wire.buffer(Wire.HELLO);
      answer.putInt(0).putInt(0).put(Wire.mac(new byte[32], nonce, 0, 0)).flip();
      Wire.writeFully(ch, answer);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void autoFallsBackToJobsWhenThePartitionsOutnumberTheSlots() {
    Exchanges.Choice fits = Exchanges.choose(Exchanges.Mode.AUTO, spark.sparkContext(), 3);
    assertTrue(fits.stream());
    assertNull(fits.reason());
    Exchanges.Choice auto = Exchanges.choose(Exchanges.Mode.AUTO, spark.sparkContext(), 4);
    assertEquals("job", auto.name());
    assertEquals("4 partitions need 4 task slots at once and local[3,4] has 3", auto.reason());
    BadInputException e = assertThrows(BadInputException.class,
        () -> Exchanges.choose(Exchanges.Mode.STREAM, spark.sparkContext(), 4));
    assertTrue(e.getMessage().startsWith("--exchange stream cannot run here: 4 partitions need 4 task slots"),
        e.getMessage());
    assertEquals("job", Exchanges.choose(Exchanges.Mode.JOB, spark.sparkContext(), 1).name());
  }

  @Test
  void closingLeavesNoTaskThreadOrTimerBehind() {
    Blocks blocks = Blocks.of(data, 3, 3);
    try {
      train(blocks, new TrainConfig(50, 0.1, 0.9, 1, 42, true),
          k -> stream(blocks, k, 1, new ArrayList<>(), "auto"));
      assertEquals(0, ResidentTask.RUNNING.get(), "task threads inside the stage");
      assertEquals(0, LocalHub.registered(), "hubs still registered in the JVM");
      List<String> ours = Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive)
          .map(Thread::getName).filter(n -> n.startsWith("gradiente-exchange") || n.startsWith("Barrier task timer"))
          .toList();
      assertFalse(ours.stream().anyMatch(n -> n.startsWith("Barrier task timer")),
          "BarrierTaskContext's non-daemon timer was started: " + ours);
      long deadline = System.currentTimeMillis() + 2_000;
      while (!ours.isEmpty() && System.currentTimeMillis() < deadline) {
        ours = Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
            .filter(n -> n.startsWith("gradiente-exchange")).toList();
      }
      assertEquals(List.of(), ours, "threads of the exchange still alive");
    } finally {
      blocks.release();
    }
  }

  /**
   * A stage whose job has ended is not cancelled again when the exchange closes: Spark 4 answers that with a warning
   * ("Failed to cancel job group ... Cannot find active jobs") after every run. Spark logs each cancellation it is
   * asked for, so the test listens to the scheduler's log.
   */
  @Test
  void closingAfterTheStageEndedCancelsNothing() {
    Blocks blocks = Blocks.of(data, 3, 3);
    try (LogCapture scheduler = LogCapture.of("org.apache.spark.scheduler.DAGScheduler", Level.INFO)) {
      train(blocks, new TrainConfig(50, 0.1, 0.9, 1, 42, true),
          k -> stream(blocks, k, 1, new ArrayList<>(), "auto"));
      blocks.rdd().count(); // a job after the stage: the scheduler has handled every earlier event
      assertEquals(List.of(), scheduler.containing("cancel job group"));
    } finally {
      blocks.release();
    }
  }

}
