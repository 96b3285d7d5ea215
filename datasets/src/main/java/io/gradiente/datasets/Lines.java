package io.gradiente.datasets;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.TaskAttemptID;
import org.apache.hadoop.mapreduce.lib.input.FileSplit;
import org.apache.hadoop.mapreduce.lib.input.LineRecordReader;
import org.apache.hadoop.mapreduce.task.TaskAttemptContextImpl;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.SerializableConfiguration;

/**
 * Line numbers for records that Spark's splittable text sources read without them: the targeted second pass that
 * turns "record {@code k} of the split starting at byte {@code B}" into "line {@code n}" for an error message.
 *
 * <p>Spark's {@code csv} and {@code text} sources read a split {@code [B, B + L)} of a file with Hadoop's {@link
 * LineRecordReader}, which owns exactly the lines that start in {@code (B, B + L]} (in {@code [0, L]} for the first
 * split): every line of a file belongs to one split, whatever the split size. Reading the split again with the same
 * reader finds the record; the lines before the split are counted by one Spark task per
 * {@code spark.sql.files.maxPartitionBytes} of the bytes before it, so the cost does not grow with the file on one
 * machine.
 */
final class Lines {
  private Lines() {}

  /** Which lines a source turns into records (CSV drops blank lines, the text source keeps all). */
  interface RecordFilter extends Serializable {
    /** Whether {@code line} is a record. */
    boolean isRecord(String line);
  }

  /**
   * Record {@code ordinal} (0-based) of a split, as the source read it.
   *
   * @param file the file as Spark names it ({@code _metadata.file_path}, a URI)
   * @param start the split's first byte
   * @param length the split's length in bytes
   */
  record Position(String file, long start, long length, long ordinal) implements Serializable {}

  /** A line: its 1-based number in the file and its text. */
  record Line(long number, String text) {}

  /**
   * The line at a position.
   *
   * @throws IllegalStateException when the split holds fewer records than the position says (the file changed
   *     since it was read)
   */
  static Line locate(SparkSession spark, Position p, RecordFilter filter) {
    Line inSplit = find(spark.sparkContext().hadoopConfiguration(), p, filter);
    long before = 0;
    if (p.start() > 0) {
      long chunk = Math.max(1, spark.sessionState().conf().filesMaxPartitionBytes());
      before = linesBefore(spark, HadoopFiles.broadcastConf(spark), p.file(), p.start(), chunk);
    }
    return new Line(before + inSplit.number(), inSplit.text());
  }

  /**
   * The first record of a whole file and its line number, or {@code null} when it has none.
   *
   * @param file the file as a Hadoop path
   */
  static Line first(Configuration conf, String file, long length, RecordFilter filter) throws IOException {
    return scan(conf, new Path(file), 0, length, filter, 0);
  }

  /** The record at {@code p}, numbered from the split's first line. */
  private static Line find(Configuration conf, Position p, RecordFilter filter) {
    Line line;
    try {
      line = scan(conf, sparkPath(p.file()), p.start(), p.length(), filter, p.ordinal());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + p.file() + " again to find a line: " + e.getMessage(), e);
    }
    if (line == null) {
      throw new IllegalStateException(p.file() + " changed while it was read: the split at byte " + p.start()
          + " no longer has record " + p.ordinal());
    }
    return line;
  }

  /** Record {@code ordinal} of a split, numbered from the split's first line, or {@code null}. */
  private static Line scan(Configuration conf, Path file, long start, long length, RecordFilter filter,
      long ordinal) throws IOException {
    LineRecordReader reader = open(conf, file, start, length);
    try {
      long number = 0;
      long records = 0;
      while (reader.nextKeyValue()) {
        number++;
        String text = text(reader.getCurrentValue());
        if (filter.isRecord(text) && records++ == ordinal) {
          return new Line(number, text);
        }
      }
      return null;
    } finally {
      reader.close();
    }
  }

  /** The lines that start before byte {@code end} of a file, counted by one task per {@code chunk} bytes. */
  private static long linesBefore(SparkSession spark, Broadcast<SerializableConfiguration> conf, String file, long end,
      long chunk) {
    List<long[]> ranges = new ArrayList<>();
    for (long s = 0; s < end; s += chunk) {
      ranges.add(new long[] {s, Math.min(chunk, end - s)});
    }
    return JavaSparkContext.fromSparkContext(spark.sparkContext())
        .parallelize(ranges, ranges.size())
        .map(r -> count(conf.value().value(), sparkPath(file), r[0], r[1]))
        .reduce(Long::sum);
  }

  /** The lines a split owns. */
  private static long count(Configuration conf, Path file, long start, long length) throws IOException {
    LineRecordReader reader = open(conf, file, start, length);
    try {
      long n = 0;
      while (reader.nextKeyValue()) {
        n++;
      }
      return n;
    } finally {
      reader.close();
    }
  }

  /** A file as Spark's {@code _metadata.file_path} names it (an encoded URI). */
  static Path sparkPath(String file) {
    return new Path(URI.create(file));
  }

  private static LineRecordReader open(Configuration conf, Path file, long start, long length) throws IOException {
    LineRecordReader reader = new LineRecordReader();
    reader.initialize(
        new FileSplit(file, start, length, (String[]) null),
        new TaskAttemptContextImpl(conf, new TaskAttemptID()));
    return reader;
  }

  /** A line's bytes as text, decoded as Spark's line readers decode them. */
  private static String text(Text line) {
    return new String(line.getBytes(), 0, line.getLength(), StandardCharsets.UTF_8);
  }
}
