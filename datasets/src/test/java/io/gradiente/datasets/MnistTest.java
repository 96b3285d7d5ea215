package io.gradiente.datasets;

import static io.gradiente.datasets.SparkTests.badInput;
import static io.gradiente.datasets.SparkTests.features;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gradiente.core.LocalSpark;
import io.gradiente.core.data.LabeledRows;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MnistTest {
  private static SparkSession spark;
  @TempDir Path dir;

  @BeforeAll
  static void start() {
    spark = LocalSpark.start("MnistTest");
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  /** The bundled files decoded independently of the code under test: {pixels as unsigned ints, labels}. */
  private static int[][] reference() throws IOException {
    int[] pixels;
    int[] labels;
    try (DataInputStream in = new DataInputStream(new GZIPInputStream(resource("images-idx3-ubyte.gz")))) {
      assertEquals(0x803, in.readInt());
      assertEquals(10_000, in.readInt());
      assertEquals(28, in.readInt());
      assertEquals(28, in.readInt());
      pixels = new int[10_000 * 784];
      for (int k = 0; k < pixels.length; k++) {
        pixels[k] = in.readUnsignedByte();
      }
    }
    try (DataInputStream in = new DataInputStream(new GZIPInputStream(resource("labels-idx1-ubyte.gz")))) {
      assertEquals(0x801, in.readInt());
      assertEquals(10_000, in.readInt());
      labels = new int[10_000];
      for (int k = 0; k < labels.length; k++) {
        labels[k] = in.readUnsignedByte();
      }
    }
    return new int[][] {pixels, labels};
  }

  private static InputStream resource(String name) {
    return MnistTest.class.getResourceAsStream("/io/gradiente/datasets/mnist-10k/" + name);
  }

  private static void assertRow(int[][] ref, int sourceRow, Row row) {
    double[] expected = new double[784];
    for (int j = 0; j < 784; j++) {
      expected[j] = ref[0][sourceRow * 784 + j];
    }
    assertArrayEquals(expected, features(row), "pixels of source row " + sourceRow);
    assertEquals(ref[1][sourceRow], row.getDouble(2), "label of source row " + sourceRow);
  }

  @Test
  void bundledSplitsTheTenThousandRealDigits() throws IOException {
    int[][] ref = reference();
    Split split = Mnist.bundled(spark, 3);
    assertEquals(8_000, split.train().rows());
    assertEquals(2_000, split.test().rows());
    assertEquals(784, split.train().features());
    assertEquals(3, split.train().frame().rdd().getNumPartitions());
    List<Row> train = SparkTests.rows(split.train());
    List<Row> test = SparkTests.rows(split.test());
    for (int r : new int[] {0, 1, 4_321, 7_999}) {
      assertRow(ref, r, train.get(r));
    }
    for (int r : new int[] {0, 1, 1_999}) {
      assertRow(ref, 8_000 + r, test.get(r));
    }
    // real digits: every class appears in both parts, pixels span 0..255
    assertEquals(10, split.train().frame().select("label").distinct().count());
    assertEquals(10, split.test().frame().select("label").distinct().count());
    double max =
        train.stream().flatMapToDouble(r -> java.util.Arrays.stream(features(r))).max().orElseThrow();
    assertEquals(255.0, max);
    assertTrue(ref[1][0] >= 0 && ref[1][0] <= 9);
  }

  private void writePair(Path folder, String stem, int n, boolean gzip) throws IOException {
    byte[] images = IdxTest.images(n, 2, 2);
    byte[] labels = IdxTest.labels(n);
    String suffix = gzip ? ".gz" : "";
    Files.write(folder.resolve(stem + "-images-idx3-ubyte" + suffix), gzip ? IdxTest.gzip(images) : images);
    Files.write(folder.resolve(stem + "-labels-idx1-ubyte" + suffix), gzip ? IdxTest.gzip(labels) : labels);
  }

  @Test
  void readsTheFourStandardFiles() throws IOException {
    writePair(dir, "train", 9, true);
    writePair(dir, "t10k", 4, false);
    Split split = Mnist.read(spark, dir.toString(), 2);
    assertEquals(9, split.train().rows());
    assertEquals(4, split.test().rows());
    assertEquals(4, split.test().features());
    List<Row> test = SparkTests.rows(split.test());
    assertEquals((3 * 3) % 10, test.get(3).getDouble(2));
    assertEquals(IdxTest.pixel(3, 1), features(test.get(3))[1]);
  }

  @Test
  void readsAPairFromAnImagesFileOrAFolder() throws IOException {
    Path a = Files.createDirectory(dir.resolve("a"));
    writePair(a, "fashion", 5, true);
    LabeledRows fromFile = Mnist.readPair(spark, a.resolve("fashion-images-idx3-ubyte.gz").toString(), 2);
    assertEquals(5, fromFile.rows());
    LabeledRows fromFolder = Mnist.readPair(spark, a.toString(), 2);
    assertEquals(SparkTests.rows(fromFile), SparkTests.rows(fromFolder));
  }

  @Test
  void missingOrAmbiguousFilesAreNamed() throws IOException {
    writePair(dir, "train", 3, false);
    String m = badInput(() -> Mnist.read(spark, dir.toString(), 2));
    assertEquals(
        "no such file or directory: " + dir + "/t10k-images-idx3-ubyte (nor t10k-images-idx3-ubyte.gz)", m);
    writePair(dir, "t10k", 3, false);
    m = badInput(() -> Mnist.readPair(spark, dir.toString(), 2));
    assertTrue(m.startsWith(dir + ": expected exactly one *images-idx3-ubyte[.gz] and one"), m);
    assertTrue(m.endsWith("found [t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte, train-images-idx3-ubyte, "
        + "train-labels-idx1-ubyte]"), m);
  }
}
