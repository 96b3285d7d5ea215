package io.gradiente.core.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Format 2 stays readable: {@code checkpoints/step-000000000005.ckpt} was written before the format had a class of
 * its own; it still resumes, field for field, and the same state is still written to the same bytes.
 */
class CheckpointFormatTest {
  private static final String FINGERPRINT = "train [3,2] rows per partition, 2 features, hash 1234abcd";
  private static final Map<String, String> CONFIG = Map.of("--lr", "0.1", "--model", "softmax", "--batch-size", "2");

  /** The state saved in the resource file. */
  private static TrainState saved() {
    History h = History.of(new int[] {0, 0, 0, 1, 1}, new double[] {2.5, 1.75, Double.NaN, 0.625, -0.0},
        new double[] {Double.NaN, 2.0, Double.NaN, 0.75, Double.NaN}, new double[] {1.5});
    return new TrainState(new double[] {0.1, -2.0, Math.PI, 1e-300},
        new double[] {0.0, -0.5, 3.0, Double.MIN_VALUE}, 1, 2, 42L, CONFIG, FINGERPRINT, h);
  }

  private static byte[] resource() throws IOException {
    try (InputStream in = CheckpointFormatTest.class.getResourceAsStream("/checkpoints/step-000000000005.ckpt")) {
      return in.readAllBytes();
    }
  }

  @Test
  void theSameStateIsWrittenToTheSameBytes() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    CheckpointFormat.write(out, saved());
    assertArrayEquals(resource(), out.toByteArray());
  }

  @Test
  void aCheckpointOfFormat2StillResumes(@TempDir Path dir) throws IOException {
    Checkpoints store = new Checkpoints(new Configuration(), dir.toString(), "golden", 2);
    Path folder = Files.createDirectories(Path.of(store.folder().toUri()));
    Files.write(folder.resolve("step-000000000005.ckpt"), resource());
    TrainState s = store.resume(CONFIG, FINGERPRINT, line -> { });
    TrainState expected = saved();
    assertEquals(List.of(1, 2, 42L, 5L), List.of(s.epoch(), s.step(), s.seed(), s.stepsDone()));
    assertEquals(CONFIG, s.config());
    assertEquals(FINGERPRINT, s.dataFingerprint());
    assertArrayEquals(new double[] {0.1, -2.0, Math.PI, 1e-300}, s.params(), 0.0);
    assertArrayEquals(expected.optimizerState(), s.optimizerState(), 0.0);
    assertArrayEquals(new int[] {0, 0, 0, 1, 1}, s.history().stepEpochs());
    assertArrayEquals(new long[] {bits(2.5), bits(1.75), bits(Double.NaN), bits(0.625), bits(-0.0)},
        bitsOf(s.history().batchLosses()));
    assertArrayEquals(bitsOf(expected.history().stepTrainLosses()), bitsOf(s.history().stepTrainLosses()));
    assertArrayEquals(new double[] {1.5}, s.history().trainLosses(), 0.0);
  }

  private static long bits(double v) {
    return Double.doubleToRawLongBits(v);
  }

  private static long[] bitsOf(double[] values) {
    long[] out = new long[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = bits(values[i]);
    }
    return out;
  }
}
