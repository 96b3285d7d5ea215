package io.gradiente.datasets;

import io.gradiente.core.data.BadInputException;
import io.gradiente.core.data.IndexRanges;
import io.gradiente.core.data.LabeledRows;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.zip.ZipException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.Path;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.SerializableConfiguration;

/**
 * The IDX format of MNIST: an images file (magic {@code 0x00000803}: unsigned bytes, {@code n x rows x cols}) and a
 * labels file (magic {@code 0x00000801}: unsigned bytes, {@code n}), each gzip-compressed or raw (told by the gzip
 * magic bytes, not the file name), on any Hadoop file system.
 *
 * <p>The driver reads and checks only the two headers; Spark tasks read the pixels. The rows are cut into contiguous
 * ranges, one per partition, and each task opens both files, skips to its first row and decodes its range. A raw file
 * is skipped by seeking; a gzip file cannot seek, so each task inflates and discards the bytes before its range.
 * Features are the raw pixel values 0..255 as doubles (scaling is a separate step), the label is the class byte.
 */
public final class Idx {
  /** Magic number of an IDX images file: unsigned bytes, three dimensions. */
  public static final int IMAGES_MAGIC = 0x00000803;
  /** Magic number of an IDX labels file: unsigned bytes, one dimension. */
  public static final int LABELS_MAGIC = 0x00000801;

  private static final int IMAGES_HEADER_BYTES = 16;
  private static final int LABELS_HEADER_BYTES = 8;

  private Idx() {}

  /**
   * Reads an images file and its labels file into the canonical table, decoding the pixels in Spark tasks.
   *
   * @param imagesPath any Hadoop path to an IDX images file, gzip or raw
   * @param labelsPath any Hadoop path to the matching IDX labels file, gzip or raw
   * @param partitions number of contiguous row ranges (one task each), at least 1
   * @throws BadInputException for a missing file, a wrong magic number, counts that differ, a truncated file
   */
  public static LabeledRows read(SparkSession spark, String imagesPath, String labelsPath, int partitions) {
    if (partitions < 1) {
      throw new BadInputException("partitions must be at least 1, got " + partitions);
    }
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    long imagesLength = HadoopFiles.status(conf, imagesPath).getLen();
    long labelsLength = HadoopFiles.status(conf, labelsPath).getLen();
    boolean imagesGzip = HadoopFiles.isGzip(conf, imagesPath);
    boolean labelsGzip = HadoopFiles.isGzip(conf, labelsPath);
    Header images;
    Header labels;
    try (InputStream in = HadoopFiles.openMaybeGzip(conf, imagesPath)) {
      images = Header.images(in, imagesPath);
    } catch (IOException e) {
      throw new BadInputException(imagesPath + ": cannot read: " + e.getMessage(), e);
    }
    try (InputStream in = HadoopFiles.openMaybeGzip(conf, labelsPath)) {
      labels = Header.labels(in, labelsPath);
    } catch (IOException e) {
      throw new BadInputException(labelsPath + ": cannot read: " + e.getMessage(), e);
    }
    checkCounts(images, imagesPath, labels, labelsPath);
    if (!imagesGzip) {
      checkLength(imagesPath, imagesLength, IMAGES_HEADER_BYTES, images.count(), images.rowBytes());
    }
    if (!labelsGzip) {
      checkLength(labelsPath, labelsLength, LABELS_HEADER_BYTES, labels.count(), 1);
    }

    long n = images.count();
    int parts = (int) Math.min(partitions, Math.max(1, n));
    List<long[]> ranges = new ArrayList<>(parts);
    for (int p = 0; p < parts; p++) {
      ranges.add(new long[] {new IndexRanges(n, parts).start(p), new IndexRanges(n, parts).start(p + 1)});
    }
    RangeReader reader =
        new RangeReader(
            HadoopFiles.broadcastConf(spark),
            imagesPath,
            imagesGzip,
            labelsPath,
            labelsGzip,
            images.rowBytes(),
            n);
    JavaRDD<Row> rows =
        JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(ranges, parts).flatMap(reader);
    return new LabeledRows(imagesPath, Frames.frame(spark, rows), images.rowBytes(), n);
  }

  /** Fails unless both headers announce the same number of rows. */
  static void checkCounts(Header images, String imagesName, Header labels, String labelsName) {
    if (images.count() != labels.count()) {
      throw new BadInputException(
          "image/label count mismatch: "
              + imagesName
              + " has "
              + images.count()
              + " images, "
              + labelsName
              + " has "
              + labels.count()
              + " labels");
    }
  }

  private static void checkLength(String name, long length, int header, long count, int rowBytes) {
    long complete = (length - header) / rowBytes;
    if (complete < count) {
      throw truncated(name, complete, count, rowBytes);
    }
  }

  /** A compressed file that ends early or is damaged, found while inflating row {@code row}. */
  private static BadInputException corrupt(String name, long row, IOException e) {
    return new BadInputException("truncated or corrupt gzip file " + name + ": row " + row + " cannot be read ("
        + e.getMessage() + ")", e);
  }

  private static BadInputException truncated(String name, long row, long count, int rowBytes) {
    String what = rowBytes == 1 ? "label of row " + row + " is missing" : "row " + row + " is incomplete";
    return new BadInputException(
        "truncated file " + name + ": " + what + " (the header announces " + count + " rows of " + rowBytes
            + (rowBytes == 1 ? " byte)" : " bytes)"));
  }

  /**
   * Decodes a whole images stream and labels stream (already inflated) in memory, for small data such as the
   * bundled digits.
   */
  static Decoded decode(InputStream images, String imagesName, InputStream labels, String labelsName)
      throws IOException {
    Header ih = Header.images(images, imagesName);
    Header lh = Header.labels(labels, labelsName);
    checkCounts(ih, imagesName, lh, labelsName);
    int n = Math.toIntExact(ih.count());
    byte[] pixels = new byte[Math.multiplyExact(n, ih.rowBytes())];
    byte[] classes = new byte[n];
    int got = images.readNBytes(pixels, 0, pixels.length);
    if (got < pixels.length) {
      throw truncated(imagesName, got / ih.rowBytes(), n, ih.rowBytes());
    }
    got = labels.readNBytes(classes, 0, n);
    if (got < n) {
      throw truncated(labelsName, got, n, 1);
    }
    return new Decoded(n, ih.rowBytes(), pixels, classes);
  }

  /**
   * The rows {@code [from, to)} of a decoded set as canonical rows indexed from 0, cut into {@code partitions}
   * contiguous ranges. The bytes of each range travel from the driver to its task (use for small data only).
   */
  static JavaRDD<Row> rowsFromDriver(SparkSession spark, Decoded d, int from, int to, int partitions) {
    int n = to - from;
    int parts = Math.max(1, Math.min(partitions, n));
    List<Chunk> chunks = new ArrayList<>(parts);
    for (int p = 0; p < parts; p++) {
      int a = from + (int) new IndexRanges(n, parts).start(p);
      int b = from + (int) new IndexRanges(n, parts).start(p + 1);
      byte[] pixels = java.util.Arrays.copyOfRange(d.pixels(), a * d.rowBytes(), b * d.rowBytes());
      byte[] labels = java.util.Arrays.copyOfRange(d.labels(), a, b);
      chunks.add(new Chunk(a - from, d.rowBytes(), pixels, labels));
    }
    return JavaSparkContext.fromSparkContext(spark.sparkContext())
        .parallelize(chunks, parts)
        .flatMap(Chunk::rows);
  }

  /** Header facts: the row count and the bytes per row. */
  record Header(long count, int rowBytes) {
    static Header images(InputStream raw, String name) throws IOException {
      DataInputStream in = new DataInputStream(raw);
      try {
        checkMagic(name, in.readInt(), IMAGES_MAGIC, "images");
        long n = Integer.toUnsignedLong(in.readInt());
        int rows = in.readInt();
        int cols = in.readInt();
        if (rows <= 0 || cols <= 0 || (long) rows * cols > Integer.MAX_VALUE) {
          throw new BadInputException(name + ": bad image size " + rows + " x " + cols + " in the header");
        }
        return new Header(n, rows * cols);
      } catch (EOFException e) {
        throw new BadInputException("truncated file " + name + ": the header is incomplete", e);
      }
    }

    static Header labels(InputStream raw, String name) throws IOException {
      DataInputStream in = new DataInputStream(raw);
      try {
        checkMagic(name, in.readInt(), LABELS_MAGIC, "labels");
        return new Header(Integer.toUnsignedLong(in.readInt()), 1);
      } catch (EOFException e) {
        throw new BadInputException("truncated file " + name + ": the header is incomplete", e);
      }
    }

    private static void checkMagic(String name, int found, int expected, String what) {
      if (found != expected) {
        throw new BadInputException(
            String.format(
                "%s: wrong magic number 0x%08x, expected 0x%08x (IDX %s, unsigned bytes)",
                name, found, expected, what));
      }
    }
  }

  /** A whole IDX pair in memory. */
  record Decoded(int count, int rowBytes, byte[] pixels, byte[] labels) {}

  /** Rows of a pair travelling from the driver: the first row's index and the raw bytes. */
  record Chunk(long first, int rowBytes, byte[] pixels, byte[] labels) implements Serializable {
    Iterator<Row> rows() {
      return new Iterator<>() {
        private int r;

        @Override
        public boolean hasNext() {
          return r < labels.length;
        }

        @Override
        public Row next() {
          double[] x = new double[rowBytes];
          int base = r * rowBytes;
          for (int j = 0; j < rowBytes; j++) {
            x[j] = pixels[base + j] & 0xff;
          }
          Row row = Frames.row(first + r, x, labels[r] & 0xff);
          r++;
          return row;
        }
      };
    }
  }

  /** The task side: opens both files, skips to the range's first row and decodes its rows one by one. */
  private static final class RangeReader implements FlatMapFunction<long[], Row> {
    private static final long serialVersionUID = 1L;
    private final Broadcast<SerializableConfiguration> conf;
    private final String imagesPath;
    private final boolean imagesGzip;
    private final String labelsPath;
    private final boolean labelsGzip;
    private final int rowBytes;
    private final long count;

    RangeReader(
        Broadcast<SerializableConfiguration> conf,
        String imagesPath,
        boolean imagesGzip,
        String labelsPath,
        boolean labelsGzip,
        int rowBytes,
        long count) {
      this.conf = conf;
      this.imagesPath = imagesPath;
      this.imagesGzip = imagesGzip;
      this.labelsPath = labelsPath;
      this.labelsGzip = labelsGzip;
      this.rowBytes = rowBytes;
      this.count = count;
    }

    @Override
    public Iterator<Row> call(long[] range) throws Exception {
      long start = range[0];
      long end = range[1];
      Configuration c = conf.value().value();
      InputStream images = openAt(c, imagesPath, imagesGzip, IMAGES_HEADER_BYTES + start * rowBytes, start, rowBytes);
      InputStream labels;
      try {
        labels = openAt(c, labelsPath, labelsGzip, LABELS_HEADER_BYTES + start, start, 1);
      } catch (IOException | RuntimeException e) {
        try (images) {
          throw e;
        }
      }
      Frames.ClosingIterator<Row> it =
          new Frames.ClosingIterator<>() {
            private long i = start;
            private final byte[] buf = new byte[rowBytes];

            @Override
            Row compute() throws IOException {
              if (i >= end) {
                return null;
              }
              int got;
              int label;
              try {
                got = images.readNBytes(buf, 0, rowBytes);
              } catch (EOFException | ZipException e) {
                throw corrupt(imagesPath, i, e);
              }
              if (got < rowBytes) {
                throw truncated(imagesPath, i, count, rowBytes);
              }
              try {
                label = labels.read();
              } catch (EOFException | ZipException e) {
                throw corrupt(labelsPath, i, e);
              }
              if (label < 0) {
                throw truncated(labelsPath, i, count, 1);
              }
              double[] x = new double[rowBytes];
              for (int j = 0; j < rowBytes; j++) {
                x[j] = buf[j] & 0xff;
              }
              return Frames.row(i++, x, label);
            }

            @Override
            void close() throws IOException {
              try (images; labels) {
                // closes both streams
              }
            }
          };
      TaskContext tc = TaskContext.get();
      if (tc != null) {
        tc.addTaskCompletionListener(
            (TaskContext t) -> {
              try (images; labels) {
                // closes both streams even when the task stops early
              } catch (IOException e) {
                // nothing left to do with a stream that cannot close
              }
            });
      }
      return it;
    }

    private InputStream openAt(
        Configuration c, String path, boolean gzip, long offset, long row, int rowBytes) throws IOException {
      if (gzip) {
        InputStream in = HadoopFiles.openMaybeGzip(c, path);
        try {
          in.skipNBytes(offset);
        } catch (EOFException e) {
          in.close();
          throw truncated(path, row, count, rowBytes);
        }
        return in;
      }
      Path p = new Path(path);
      FSDataInputStream in = p.getFileSystem(c).open(p);
      try {
        in.seek(offset);
      } catch (EOFException e) {
        in.close();
        throw truncated(path, row, count, rowBytes);
      }
      return new java.io.BufferedInputStream(in, 1 << 16);
    }
  }
}
