package io.gradiente.core.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gradiente.core.LocalSpark;
import io.gradiente.core.data.BadInputException;
import io.gradiente.core.data.Blocks;
import io.gradiente.core.data.LabeledRows;
import io.gradiente.core.loss.BinaryCrossEntropy;
import io.gradiente.core.loss.Loss;
import io.gradiente.core.loss.SoftmaxCrossEntropy;
import io.gradiente.core.loss.SquaredError;
import io.gradiente.core.model.LinearModel;
import io.gradiente.core.optim.NormClip;
import io.gradiente.core.train.Training;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.Success$;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Training that survives: a resumed run and a run whose task failed once are bit-identical to an uninterrupted
 * run; clipping bounds the step; extreme logits stay finite; divergence names where it happened.
 */
class ResilienceTest {
  private static final int EPOCHS = 3;
  private static final long BATCH = 50;
  private static SparkSession spark;
  private static Blocks blocks;
  private static final AtomicInteger FAILED_TASKS = new AtomicInteger();

  @BeforeAll
  static void setUp() {
    // local[2, 4]: two threads, and a task may fail up to 4 times before its job fails.
    spark = LocalSpark.start("resilience", "local[2,4]");
    spark.sparkContext().addSparkListener(new SparkListener() {
      @Override
      public void onTaskEnd(SparkListenerTaskEnd end) {
        if (end.reason() != Success$.MODULE$) {
          FAILED_TASKS.incrementAndGet();
        }
      }
    });
    blocks = Blocks.of(LocalSpark.threeClasses(spark, 5), 3, 3);
  }

  @AfterAll
  static void tearDown() {
    blocks.release();
    spark.stop();
  }

  private static TrainConfig config(double clipNorm) {
    return new TrainConfig(BATCH, 0.1, 0.9, EPOCHS, 42, true).withClipNorm(clipNorm);
  }

  private static TrainResult train(TrainConfig config, TrainState from, CheckpointPolicy policy) {
    return train(config, from, policy, UnaryOperator.identity());
  }

  /** Trains with the kernel that {@code fault} makes of the run's kernel. */
  private static TrainResult train(TrainConfig config, TrainState from, CheckpointPolicy policy,
      UnaryOperator<RoundKernel> fault) {
    Training training = new Training(config, SoftmaxCrossEntropy.INSTANCE);
    return training.train(new JobExchange(blocks, fault.apply(training.kernel(blocks, LinearModel.size(6, 3))), 1),
        from, policy);
  }

  private static TrainResult reference;

  /** The uninterrupted run, trained once. */
  private static synchronized TrainResult reference() {
    if (reference == null) {
      reference = train(config(0), start(), CheckpointPolicy.NEVER);
    }
    return reference;
  }

  private static TrainState start() {
    return TrainState.start(LinearModel.initial(6, 3, LinearModel.Init.NORMAL, 42).params(), 42,
        Map.of("--lr", "0.1"), blocks.fingerprint());
  }

  private static void assertSameRun(TrainResult expected, TrainResult actual) {
    assertArrayEquals(expected.params(), actual.params(), 0.0, "final weights");
    assertArrayEquals(expected.history().batchLosses(), actual.history().batchLosses(), 0.0, "batch losses");
    assertArrayEquals(expected.history().trainLosses(), actual.history().trainLosses(), 0.0, "train losses");
    assertArrayEquals(expected.history().stepEpochs(), actual.history().stepEpochs(), "epochs of the steps");
  }

  @Test
  void resumingFromAnyCheckpointIsBitIdentical(@TempDir Path dir) {
    TrainResult reference = reference();
    Checkpoints store = new Checkpoints(new Configuration(), dir.toString(), "run-1", 100);
    List<String> saved = new ArrayList<>();
    // Every 5 steps with 9 steps per epoch: checkpoints in the middle of epochs and at their ends.
    TrainResult checkpointed = train(config(0), start(), CheckpointPolicy.every(1, 5, EPOCHS, store, saved::add));
    assertSameRun(reference, checkpointed);
    List<org.apache.hadoop.fs.Path> files = store.list();
    assertEquals(saved.size(), files.size());
    assertTrue(files.size() >= 6, "checkpoints " + files);
    // Resume from a mid-epoch checkpoint (step 5 of epoch 0), an epoch end (epoch 1 done) and the final state.
    TrainState midEpoch = store.read(files.get(0));
    assertEquals(0, midEpoch.epoch());
    assertEquals(5, midEpoch.step());
    TrainState epochEnd = store.read(files.get(1));
    assertEquals(1, epochEnd.epoch());
    assertEquals(0, epochEnd.step());
    for (TrainState state : List.of(midEpoch, epochEnd, store.newest(line -> { }))) {
      assertSameRun(reference, train(config(0), state, CheckpointPolicy.NEVER));
    }
    TrainState last = store.newest(line -> { });
    assertEquals(EPOCHS, last.epoch());
    assertEquals(0, last.step());
    assertEquals(27, last.stepsDone());
  }

  @Test
  void keepsTheNewestCheckpointsAndRefusesAnotherConfigurationOrData(@TempDir Path dir) {
    Checkpoints store = new Checkpoints(new Configuration(), dir.toString(), "run-2", 2);
    train(config(0), start(), CheckpointPolicy.every(1, 0, EPOCHS, store, line -> { }));
    assertEquals(List.of("step-000000000018.ckpt", "step-000000000027.ckpt"),
        store.list().stream().map(org.apache.hadoop.fs.Path::getName).toList());
    assertEquals(27, store.resume(Map.of("--lr", "0.1"), blocks.fingerprint(), line -> { }).stepsDone());
    BadInputException config = assertThrows(BadInputException.class,
        () -> store.resume(Map.of("--lr", "0.2"), blocks.fingerprint(), line -> { }));
    assertEquals("cannot resume run run-2: the configuration differs from its checkpoint: --lr was 0.1, now 0.2",
        config.getMessage());
    BadInputException data = assertThrows(BadInputException.class,
        () -> store.resume(Map.of("--lr", "0.1"), "[1,2] rows per partition", line -> { }));
    assertTrue(data.getMessage().startsWith("cannot resume run run-2: the data differ from its checkpoint: was [135,"
        + "134,134] rows per partition, 6 features, hash "), data.getMessage());
    BadInputException unknown = assertThrows(BadInputException.class,
        () -> new Checkpoints(new Configuration(), dir.toString(), "nope", 2).newest(line -> { }));
    assertTrue(unknown.getMessage().startsWith("no checkpoint of run nope in file:"), unknown.getMessage());
  }

  /**
   * A seeded fuzz of real checkpoints: the newest of a run's checkpoints gets bits flipped, is truncated, or has four
   * bytes (a length, often) overwritten, with or without the local file system's stale {@code .crc} beside it. Every
   * case is read as "checkpoint ... is damaged", and a resume falls back to the checkpoint before, which trains on to
   * the same weights as an uninterrupted run; never an out-of-memory error, never a state that was not saved.
   */
  @Test
  void damagedCheckpointsAreRefusedByNameOrSkippedNeverTrusted(@TempDir Path dir) throws IOException {
    Configuration conf = new Configuration();
    Checkpoints real = new Checkpoints(conf, dir.toString(), "real", 100);
    train(config(0), start(), CheckpointPolicy.every(1, 0, EPOCHS, real, line -> { }));
    List<org.apache.hadoop.fs.Path> files = real.list();
    TrainState previous = real.read(files.get(1));
    Path realFolder = Path.of(real.folder().toUri());
    byte[] newest = Files.readAllBytes(realFolder.resolve(files.get(2).getName()));
    Random random = new Random(15);
    for (int c = 0; c < 300; c++) {
      byte[] bad = newest.clone();
      String what;
      if (c % 3 == 0) {
        int bits = 1 + random.nextInt(3);
        for (int b = 0; b < bits; b++) {
          int at = random.nextInt(bad.length * 8);
          bad[at / 8] ^= (byte) (1 << (at % 8));
        }
        what = bits + " bits flipped";
      } else if (c % 3 == 1) {
        bad = Arrays.copyOf(newest, random.nextInt(newest.length));
        what = "truncated to " + bad.length + " bytes";
      } else {
        int at = random.nextInt(bad.length - 3);
        ByteBuffer.wrap(bad, at, 4).putInt(random.nextBoolean() ? Integer.MAX_VALUE : random.nextInt());
        what = "4 bytes at " + at + " overwritten";
      }
      boolean staleCrc = random.nextBoolean();
      Checkpoints store = new Checkpoints(conf, dir.resolve("fuzz").toString(), "case-" + c, 100);
      Path folder = Files.createDirectories(Path.of(store.folder().toUri()));
      for (int i = 1; i <= 2; i++) {
        String name = files.get(i).getName();
        Files.copy(realFolder.resolve(name), folder.resolve(name));
        if (staleCrc) {
          Files.copy(realFolder.resolve("." + name + ".crc"), folder.resolve("." + name + ".crc"));
        }
      }
      Files.write(folder.resolve(files.get(2).getName()), bad);
      String context = "case " + c + ": " + what + (staleCrc ? ", stale .crc" : "");
      if (Arrays.equals(bad, newest)) {
        assertSameState(real.read(files.get(2)), store.read(store.list().get(1)), context);
        continue;
      }
      BadInputException e = assertThrows(BadInputException.class, () -> store.read(store.list().get(1)), context);
      assertTrue(e.getMessage().startsWith("checkpoint " + store.list().get(1) + " is damaged: "),
          context + ": " + e.getMessage());
      List<String> warnings = new ArrayList<>();
      TrainState from = store.resume(Map.of("--lr", "0.1"), blocks.fingerprint(), warnings::add);
      assertSameState(previous, from, context);
      assertEquals(List.of(e.getMessage() + "; resuming from the one before"), warnings, context);
      if (c == 0) {
        assertSameRun(reference(), train(config(0), from, CheckpointPolicy.NEVER));
        Files.write(folder.resolve(files.get(1).getName()), new byte[] {1, 2, 3});
        BadInputException all = assertThrows(BadInputException.class, () -> store.newest(line -> { }));
        assertTrue(all.getMessage().startsWith("cannot resume run case-0: every checkpoint in " + store.folder()
            + " is damaged; the newest: checkpoint "), all.getMessage());
      }
    }
  }

  private static void assertSameState(TrainState expected, TrainState actual, String context) {
    assertArrayEquals(expected.params(), actual.params(), 0.0, context);
    assertArrayEquals(expected.optimizerState(), actual.optimizerState(), 0.0, context);
    assertEquals(List.of(expected.epoch(), expected.step(), expected.seed()),
        List.of(actual.epoch(), actual.step(), actual.seed()), context);
    assertEquals(expected.config(), actual.config(), context);
    assertEquals(expected.dataFingerprint(), actual.dataFingerprint(), context);
    assertArrayEquals(expected.history().batchLosses(), actual.history().batchLosses(), 0.0, context);
    assertArrayEquals(expected.history().stepTrainLosses(), actual.history().stepTrainLosses(), 0.0, context);
    assertArrayEquals(expected.history().trainLosses(), actual.history().trainLosses(), 0.0, context);
    assertArrayEquals(expected.history().stepEpochs(), actual.history().stepEpochs(), context);
  }

  @Test
  void aTaskThatFailsOnceIsRetriedWithTheSameResult() throws Exception {
    TrainResult reference = reference();
    int before = FAILED_TASKS.get();
    TrainResult faulty = train(config(0), start(), CheckpointPolicy.NEVER, k -> FaultyKernel.failing(k, 7, 1));
    spark.sparkContext().listenerBus().waitUntilEmpty();
    assertEquals(1, FAILED_TASKS.get() - before, "the injected failure happened once and was retried");
    assertSameRun(reference, faulty);
  }

  @Test
  void clippingBoundsEveryUpdateAndALargeBoundChangesNothing() {
    double[] g = {3, 4};
    assertEquals(5.0, NormClip.clip(g, 1.0), 0.0);
    assertArrayEquals(new double[] {0.6, 0.8}, g, 1e-15);
    assertEquals(1.0, NormClip.clip(g, 10.0), 1e-15);
    assertArrayEquals(new double[] {0.6, 0.8}, g, 1e-15);
    assertSameRun(reference(), train(config(1e6), start(), CheckpointPolicy.NEVER));
    // Without momentum, each update moves the weights by lr * min(|g|, c).
    TrainConfig clipped = new TrainConfig(BATCH, 0.1, 0.0, 1, 42, true).withClipNorm(0.01);
    TrainState from = start();
    for (int s = 0; s < 3; s++) {
      TrainState[] next = new TrainState[1];
      train(clipped, from, new CheckpointPolicy() {
        @Override
        public boolean due(int epoch, int step, long stepsDone) {
          return next[0] == null;
        }

        @Override
        public void save(TrainState state) {
          next[0] = state;
        }
      });
      double moved = 0;
      double[] before = from.params();
      for (int i = 0; i < before.length; i++) {
        moved += (next[0].params()[i] - before[i]) * (next[0].params()[i] - before[i]);
      }
      assertEquals(0.1 * 0.01, Math.sqrt(moved), 1e-12, "step " + s + " moved by lr * c");
      from = next[0];
    }
  }

  @Test
  void extremeLogitsStayFinite() {
    // Features of +-1000 (and +-500) with weight 1 on the first feature for output 0 (-1 for output 1 of
    // softmax): margins of |z| = 1000, where exp(z) overflows; a quarter of the rows are wrong by that much.
    int n = 40;
    double[][] x = new double[n][2];
    double[] y = new double[n];
    for (int r = 0; r < n; r++) {
      x[r][0] = r % 2 == 0 ? 1000 : -1000;
      x[r][1] = r % 3 == 0 ? 500 : -500;
      y[r] = r % 4 == 0 ? 1 : 0;
    }
    LabeledRows rows = LabeledRows.of(spark, "extreme", x, y);
    for (Loss loss : new Loss[] {BinaryCrossEntropy.INSTANCE, SoftmaxCrossEntropy.INSTANCE}) {
      Blocks b = Blocks.of(rows, 2, 2);
      try {
        int outputs = loss.outputs(2);
        int size = LinearModel.size(2, outputs);
        double[] init = new double[size];
        init[0] = 1;
        if (outputs == 2) {
          init[1] = -1;
        }
        TrainResult r = new Training(new TrainConfig(10, 0.01, 0.9, 3, 7, true), loss).train(b, init);
        double[] losses = r.history().batchLosses();
        assertTrue(losses[0] >= 100, loss.name() + ": the first margins are extreme, loss " + losses[0]);
        for (double v : losses) {
          assertTrue(Double.isFinite(v), loss.name() + ": batch loss " + v);
        }
        for (double v : r.params()) {
          assertTrue(Double.isFinite(v), loss.name() + ": weight " + v);
        }
      } finally {
        b.release();
      }
    }
  }

  @Test
  void divergenceNamesEpochStepLearningRateAndLargestGradient() {
    double[][] x = new double[20][1];
    double[] y = new double[20];
    for (int r = 0; r < 20; r++) {
      x[r][0] = r;
      y[r] = 3 * r + 1;
    }
    Blocks b = Blocks.of(LabeledRows.of(spark, "line", x, y), 2, 0);
    try {
      Loss loss = SquaredError.INSTANCE;
      Training training = new Training(new TrainConfig(5, 1e6, 0.0, 50, 1, false), loss);
      TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
          () -> training.train(b, new double[2]));
      assertTrue(e.getMessage().matches("training diverged at epoch \\d+, step \\d \\(learning rate 1000000.0\\): "
          + "batch loss \\S+, largest gradient entry \\S+ at parameter \\d; try a smaller --lr"), e.getMessage());
    } finally {
      b.release();
    }
  }
}
