package io.gradiente.datasets;

import io.gradiente.core.data.BadInputException;
import io.gradiente.core.data.LabeledRows;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

/**
 * MNIST-shaped data in IDX files (MNIST itself, Fashion-MNIST, the bundled 10,000 digits): 28x28 pixels 0..255 as
 * 784 features, the digit 0..9 as label.
 */
public final class Mnist {
  /** Rows of the bundled set. */
  public static final int BUNDLED_ROWS = 10_000;
  /** The bundled set's first this many rows are the train split, the rest the test split. */
  public static final int BUNDLED_TRAIN_ROWS = 8_000;

  private static final String IMAGES_SUFFIX = "-images-idx3-ubyte";
  private static final String LABELS_SUFFIX = "-labels-idx1-ubyte";
  private static final String BUNDLED = "mnist-10k/";

  private Mnist() {}

  /**
   * Reads a folder holding the four standard files {@code train-images-idx3-ubyte}, {@code train-labels-idx1-ubyte},
   * {@code t10k-images-idx3-ubyte} and {@code t10k-labels-idx1-ubyte}, each optionally ending in {@code .gz} (when
   * both forms are present, the uncompressed one is read).
   *
   * @param folder any Hadoop path
   * @param partitions contiguous row ranges per part, at least 1
   */
  public static Split read(SparkSession spark, String folder, int partitions) {
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    HadoopFiles.status(conf, folder);
    String base = folder.endsWith("/") ? folder : folder + "/";
    LabeledRows train =
        Idx.read(
            spark,
            find(conf, base + "train" + IMAGES_SUFFIX),
            find(conf, base + "train" + LABELS_SUFFIX),
            partitions);
    LabeledRows test =
        Idx.read(
            spark,
            find(conf, base + "t10k" + IMAGES_SUFFIX),
            find(conf, base + "t10k" + LABELS_SUFFIX),
            partitions);
    return new Split(train, test);
  }

  /**
   * Reads one images file and its labels.
   *
   * @param path an images file {@code X-images-idx3-ubyte[.gz]} whose labels lie beside it as
   *     {@code X-labels-idx1-ubyte[.gz]}, or a folder holding exactly one images file and one labels file (names
   *     containing {@code images-idx3-ubyte} and {@code labels-idx1-ubyte})
   * @param partitions contiguous row ranges, at least 1
   */
  public static LabeledRows readPair(SparkSession spark, String path, int partitions) {
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    FileStatus st = HadoopFiles.status(conf, path);
    if (st.isDirectory()) {
      return readFolderPair(spark, conf, st, path, partitions);
    }
    String name = stripGz(st.getPath().getName());
    if (!name.endsWith(IMAGES_SUFFIX)) {
      throw new BadInputException(
          path + ": not an IDX images file (expected a name X" + IMAGES_SUFFIX + " or X" + IMAGES_SUFFIX + ".gz)");
    }
    String stem = stripGz(path);
    String labels = find(conf, stem.substring(0, stem.length() - IMAGES_SUFFIX.length()) + LABELS_SUFFIX);
    return Idx.read(spark, path, labels, partitions);
  }

  /**
   * The bundled 10,000 real digits (see {@code NOTICE.md}): rows 0-7,999 train, rows 8,000-9,999 test (indexed
   * again from 0). The files live inside the jar, so the driver decodes them and sends each partition's bytes to
   * its task: acceptable for 7.8 MB of pixels, not a pattern for real data.
   */
  public static Split bundled(SparkSession spark, int partitions) {
    if (partitions < 1) {
      throw new BadInputException("partitions must be at least 1, got " + partitions);
    }
    Idx.Decoded d;
    String images = BUNDLED + "images-idx3-ubyte.gz";
    String labels = BUNDLED + "labels-idx1-ubyte.gz";
    try (InputStream i = HadoopFiles.maybeGunzip(resource(images));
        InputStream l = HadoopFiles.maybeGunzip(resource(labels))) {
      d = Idx.decode(i, images, l, labels);
    } catch (IOException e) {
      throw new UncheckedIOException("bundled MNIST cannot be read", e);
    }
    if (d.count() != BUNDLED_ROWS) {
      throw new IllegalStateException("bundled MNIST has " + d.count() + " rows, expected " + BUNDLED_ROWS);
    }
    int n = d.count();
    int testRows = n - BUNDLED_TRAIN_ROWS;
    LabeledRows train =
        new LabeledRows(
            "bundled mnist-10k (train)",
            Frames.frame(spark, Idx.rowsFromDriver(spark, d, 0, BUNDLED_TRAIN_ROWS, partitions)),
            d.rowBytes(),
            BUNDLED_TRAIN_ROWS);
    LabeledRows test =
        new LabeledRows(
            "bundled mnist-10k (test)",
            Frames.frame(spark, Idx.rowsFromDriver(spark, d, BUNDLED_TRAIN_ROWS, n, partitions)),
            d.rowBytes(),
            testRows);
    return new Split(train, test);
  }

  static InputStream resource(String name) {
    InputStream in = Mnist.class.getResourceAsStream(name);
    if (in == null) {
      throw new IllegalStateException("resource missing from the jar: io/gradiente/datasets/" + name);
    }
    return in;
  }

  private static LabeledRows readFolderPair(
      SparkSession spark, Configuration conf, FileStatus folder, String path, int partitions) {
    List<String> images = new ArrayList<>();
    List<String> labels = new ArrayList<>();
    List<String> all = new ArrayList<>();
    String prefix = path.endsWith("/") ? path : path + "/";
    try {
      for (FileStatus c : folder.getPath().getFileSystem(conf).listStatus(folder.getPath())) {
        String name = c.getPath().getName();
        if (!c.isFile() || !HadoopFiles.isDataName(name)) {
          continue;
        }
        all.add(name);
        String stem = stripGz(name);
        if (stem.endsWith(IMAGES_SUFFIX.substring(1))) {
          images.add(prefix + name);
        } else if (stem.endsWith(LABELS_SUFFIX.substring(1))) {
          labels.add(prefix + name);
        }
      }
    } catch (IOException e) {
      throw new BadInputException(path + ": cannot list folder: " + e.getMessage(), e);
    }
    if (images.size() != 1 || labels.size() != 1) {
      all.sort(null);
      throw new BadInputException(
          path
              + ": expected exactly one *images-idx3-ubyte[.gz] and one *labels-idx1-ubyte[.gz] file, found "
              + all);
    }
    return Idx.read(spark, images.get(0), labels.get(0), partitions);
  }

  /** {@code stem} itself when it exists, else {@code stem.gz}, else bad input naming both. */
  private static String find(Configuration conf, String stem) {
    if (HadoopFiles.exists(conf, stem)) {
      return stem;
    }
    if (HadoopFiles.exists(conf, stem + ".gz")) {
      return stem + ".gz";
    }
    throw new BadInputException("no such file or directory: " + stem + " (nor " + new Path(stem).getName() + ".gz)");
  }

  private static String stripGz(String name) {
    return name.endsWith(".gz") ? name.substring(0, name.length() - 3) : name;
  }
}
