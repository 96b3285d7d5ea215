package io.gradiente.datasets;

import static io.gradiente.datasets.SparkTests.badInput;
import static io.gradiente.datasets.SparkTests.features;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.gradiente.core.LocalSpark;
import io.gradiente.core.data.LabeledRows;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxTest {
  private static SparkSession spark;
  @TempDir Path dir;

  static final int N = 7;
  static final int H = 2;
  static final int W = 3;

  @BeforeAll
  static void start() {
    spark = LocalSpark.start("IdxTest");
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  /** Pixel j of image i: distinct values that use the full unsigned byte range. */
  static int pixel(int i, int j) {
    return (i * 37 + j * 41 + 200) % 256;
  }

  static byte[] images(int n, int h, int w) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeInt(0x803);
    out.writeInt(n);
    out.writeInt(h);
    out.writeInt(w);
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < h * w; j++) {
        out.writeByte(pixel(i, j));
      }
    }
    return bytes.toByteArray();
  }

  static byte[] labels(int n) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeInt(0x801);
    out.writeInt(n);
    for (int i = 0; i < n; i++) {
      out.writeByte((i * 3) % 10);
    }
    return bytes.toByteArray();
  }

  static byte[] gzip(byte[] b) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
      out.write(b);
    }
    return bytes.toByteArray();
  }

  static Path write(Path dir, String name, byte[] b) throws IOException {
    Path p = dir.resolve(name);
    Files.write(p, b);
    return p;
  }

  private static void assertDecoded(LabeledRows data) {
    assertEquals(N, data.rows());
    assertEquals(H * W, data.features());
    List<Row> rows = SparkTests.rows(data);
    for (int i = 0; i < N; i++) {
      double[] expected = new double[H * W];
      for (int j = 0; j < expected.length; j++) {
        expected[j] = pixel(i, j);
      }
      assertArrayEquals(expected, features(rows.get(i)), "pixels of row " + i);
      assertEquals((i * 3) % 10, rows.get(i).getDouble(2), "label of row " + i);
    }
  }

  @Test
  void readsRawFilesInAnyNumberOfPartitions() throws IOException {
    Path images = write(dir, "a-images-idx3-ubyte", images(N, H, W));
    Path labels = write(dir, "a-labels-idx1-ubyte", labels(N));
    for (int partitions : new int[] {1, 3, 10}) {
      LabeledRows data = Idx.read(spark, images.toString(), labels.toString(), partitions);
      assertEquals(Math.min(partitions, N), data.frame().rdd().getNumPartitions());
      assertDecoded(data);
    }
  }

  @Test
  void detectsGzipByMagicBytesNotByName() throws IOException {
    // gzip content without a .gz name, raw content with a file:// URI
    Path images = write(dir, "b-images-idx3-ubyte", gzip(images(N, H, W)));
    Path labels = write(dir, "b-labels-idx1-ubyte.bin", labels(N));
    assertDecoded(Idx.read(spark, images.toString(), labels.toUri().toString(), 3));
    Path gzLabels = write(dir, "c-labels-idx1-ubyte.gz", gzip(labels(N)));
    Path rawImages = write(dir, "c-images-idx3-ubyte.gz", images(N, H, W));
    assertDecoded(Idx.read(spark, rawImages.toString(), gzLabels.toString(), 2));
  }

  @Test
  void wrongMagicNamesTheFileAndBothNumbers() throws IOException {
    Path labels = write(dir, "l-labels-idx1-ubyte", labels(N));
    String m = badInput(() -> Idx.read(spark, labels.toString(), labels.toString(), 2));
    assertEquals(
        labels + ": wrong magic number 0x00000801, expected 0x00000803 (IDX images, unsigned bytes)", m);
  }

  @Test
  void countMismatchNamesBothFilesAndCounts() throws IOException {
    Path images = write(dir, "m-images-idx3-ubyte", images(N, H, W));
    Path labels = write(dir, "m-labels-idx1-ubyte", labels(N - 1));
    String m = badInput(() -> Idx.read(spark, images.toString(), labels.toString(), 2));
    assertEquals(
        "image/label count mismatch: " + images + " has 7 images, " + labels + " has 6 labels", m);
  }

  @Test
  void truncatedRawFileIsFoundByTheDriver() throws IOException {
    byte[] full = images(N, H, W);
    Path images = write(dir, "t-images-idx3-ubyte", Arrays.copyOf(full, full.length - 4));
    Path labels = write(dir, "t-labels-idx1-ubyte", labels(N));
    String m = badInput(() -> Idx.read(spark, images.toString(), labels.toString(), 2));
    assertEquals(
        "truncated file " + images + ": row 6 is incomplete (the header announces 7 rows of 6 bytes)", m);
  }

  @Test
  void truncatedGzipFileIsFoundByTheTaskReadingTheRow() throws IOException {
    // Two partitions (rows 0-3 and 4-6) so that exactly one task meets the truncation at row 4.
    byte[] full = images(N, H, W);
    Path images = write(dir, "g-images-idx3-ubyte.gz", gzip(Arrays.copyOf(full, 16 + 4 * H * W + 2)));
    byte[] fullLabels = labels(N);
    Path labels = write(dir, "g-labels-idx1-ubyte.gz", gzip(fullLabels));
    String m = badInput(() -> Idx.read(spark, images.toString(), labels.toString(), 2).frame().collectAsList());
    assertEquals(
        "truncated file " + images + ": row 4 is incomplete (the header announces 7 rows of 6 bytes)", m);
    Path images2 = write(dir, "h-images-idx3-ubyte.gz", gzip(full));
    Path labels2 = write(dir, "h-labels-idx1-ubyte.gz", gzip(Arrays.copyOf(fullLabels, 8 + 5)));
    m = badInput(() -> Idx.read(spark, images2.toString(), labels2.toString(), 2).frame().collectAsList());
    assertEquals(
        "truncated file " + labels2 + ": label of row 5 is missing (the header announces 7 rows of 1 byte)", m);
  }

  /** A task that cannot open its labels file (gone since the headers were read) closes the images file it opened. */
  @Test
  void aTaskThatCannotOpenItsLabelsLeavesNoFileOpen() throws IOException {
    Path images = write(dir, "i-images-idx3-ubyte", images(N, H, W));
    Path labels = write(dir, "i-labels-idx1-ubyte", labels(N));
    LabeledRows rows = Idx.read(spark, images.toString(), labels.toString(), 2);
    Files.delete(labels);
    for (int attempt = 0; attempt < 3; attempt++) {
      assertThrows(Exception.class, () -> rows.frame().collectAsList());
    }
    List<Path> open = new ArrayList<>();
    try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc/self/fd"))) {
      for (Path fd : fds) {
        try {
          Path target = Files.readSymbolicLink(fd);
          if (target.startsWith(dir)) {
            open.add(target);
          }
        } catch (IOException e) {
          // closed while listing
        }
      }
    }
    assertFalse(open.contains(images), "files of this test still open: " + open);
  }

  @Test
  void missingFileIsNamed() throws IOException {
    Path labels = write(dir, "x-labels-idx1-ubyte", labels(N));
    String missing = dir.resolve("nothing-images-idx3-ubyte").toString();
    assertEquals(
        "no such file or directory: " + missing,
        badInput(() -> Idx.read(spark, missing, labels.toString(), 2)));
  }
}
