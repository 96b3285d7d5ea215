package io.gradiente.datasets;

import static org.apache.spark.sql.functions.col;

import io.gradiente.core.data.BadInputException;
import io.gradiente.core.data.IndexRanges;
import io.gradiente.core.data.LabeledRows;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Line-oriented text sources (CSV, LibSVM) read by Spark's splittable file sources, so a large file is read by many
 * tasks, one per split of {@code spark.sql.files.maxPartitionBytes}. Every record carries its file and split
 * ({@code _metadata}), and Spark reads a split's records in line order, so (file order, split start, place in the
 * split) is file order, then line order. Two passes over the same read partitions: a scan that parses every record
 * and returns, per split, its rows, widest row and malformed records (errors surface here, before training), then
 * the rows with global indices in that order. An error names {@code file:line}; the line of a malformed record is
 * found afterwards by a targeted pass ({@link Lines}).
 */
final class TextFiles {
  /** The columns every record starts with: file (a URI), split start and split length. */
  static final Column[] SPLIT_COLUMNS = {
    col("_metadata.file_path"), col("_metadata.file_block_start"), col("_metadata.file_block_length")
  };
  /** The position of a record's first column of its own, after {@link #SPLIT_COLUMNS}. */
  static final int FIRST_FIELD = SPLIT_COLUMNS.length;

  private TextFiles() {}

  /** How a source's records become rows. */
  interface RecordFormat extends Lines.RecordFilter {
    /**
     * Parses a record.
     *
     * @param features the final feature count (0 while scanning, when it may still be unknown)
     * @return the row, or {@code null} for a record that holds none (a comment)
     * @throws BadRecord for a malformed record
     */
    Parsed parse(Row record, int features);

    /** Whether every file starts with a header record, checked by {@link #checkHeader} and never a row. */
    default boolean hasHeader() {
      return false;
    }

    /**
     * Checks a file's header record.
     *
     * @throws BadRecord when it differs from the expected one
     */
    default void checkHeader(Row record) {}

    /** The reason a record is malformed, told on the driver once its line is known. */
    default String explain(SparkSession spark, String reason, String line) {
      return reason;
    }
  }

  /** A malformed record: what is wrong with it, but not where (the driver finds its line). */
  static final class BadRecord extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BadRecord(String reason) {
      super(reason, null, false, false);
    }
  }

  /**
   * One parsed row: a label and either dense values ({@code indices == null}) or sparse 0-based ascending indices
   * with their values.
   */
  record Parsed(double label, int[] indices, double[] values) {
    /** The row's width: its values, or its largest index plus one. */
    int width() {
      if (indices == null) {
        return values.length;
      }
      return indices.length == 0 ? 0 : indices[indices.length - 1] + 1;
    }

    /** The values as a dense array of {@code features}. */
    double[] dense(int features) {
      if (indices == null) {
        return values;
      }
      double[] x = new double[features];
      for (int k = 0; k < indices.length; k++) {
        x[indices[k]] = values[k];
      }
      return x;
    }
  }

  /** A malformed record of a split: its place in the split, the reason, and whether it is a file's header. */
  record Bad(long ordinal, String reason, boolean header) implements Serializable {}

  /**
   * What the scan learnt about one split: records read, rows, widest row, malformed data records and the first
   * {@value LabeledRows#SKIPPED_EXAMPLES} of them (plus a bad header).
   */
  record SplitScan(String file, long start, long length, long records, long rows, int width, long bad,
      List<Bad> examples) implements Serializable {}

  /** The rows of a source with what the scan counted; {@code rows} are not yet in index order. */
  record Result(String source, JavaRDD<Row> rows, long count, int width, long skipped, List<String> examples) {
    /** The labelled rows, laid out in {@code partitions} contiguous index ranges ({@code <= 0}: as read). */
    LabeledRows labeled(SparkSession spark, int partitions) {
      return new LabeledRows(source, Frames.frame(spark, IndexRanges.layout(rows, count, partitions)), width, count,
          skipped, examples);
    }
  }

  /**
   * Scans and then reads the records of {@code files}.
   *
   * @param records the source's records: {@link #SPLIT_COLUMNS}, then the format's columns
   * @param features the feature count; {@code <= 0} for the widest row
   * @throws BadInputException naming {@code file:line} for the first malformed record in file and line order
   *     ({@link OnBadRow#FAIL}), for a bad header or for a file without one
   */
  static Result read(SparkSession spark, String source, Dataset<Row> records, List<HadoopFiles.Entry> files,
      RecordFormat format, int features, OnBadRow onBadRow) {
    // One RDD for both passes: its read partitions (the splits) are fixed once, so both see the same splits.
    JavaRDD<Row> rdd = records.javaRDD();
    List<SplitScan> scans = new ArrayList<>(rdd.mapPartitions(it -> scan(it, format)).collect());
    Map<Path, Integer> order = new HashMap<>();
    for (int f = 0; f < files.size(); f++) {
      order.put(new Path(files.get(f).path()), f);
    }
    scans.sort(Comparator.<SplitScan>comparingInt(s -> fileOf(order, s)).thenComparingLong(SplitScan::start));
    if (format.hasHeader()) {
      checkHeaders(spark, files, scans, order, format);
    }
    long skipped = scans.stream().mapToLong(SplitScan::bad).sum();
    List<String> examples = describe(spark, files, scans, order, format,
        onBadRow == OnBadRow.FAIL ? 1 : LabeledRows.SKIPPED_EXAMPLES);
    if (skipped > 0 && onBadRow == OnBadRow.FAIL) {
      throw new BadInputException(examples.get(0));
    }
    HashMap<String, Long> offsets = new HashMap<>();
    long count = 0;
    int widest = 0;
    for (SplitScan s : scans) {
      offsets.put(key(s.file(), s.start()), count);
      count += s.rows();
      widest = Math.max(widest, s.width());
    }
    int width = features > 0 ? features : widest;
    Broadcast<HashMap<String, Long>> first = JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(offsets);
    JavaRDD<Row> rows = rdd.mapPartitions(it -> rows(it, format, first.value(), width));
    return new Result(source, rows, count, width, skipped, examples);
  }

  private static int fileOf(Map<Path, Integer> order, SplitScan s) {
    Integer f = order.get(Lines.sparkPath(s.file()));
    if (f == null) {
      throw new IllegalStateException("Spark read " + s.file() + ", which is not among the listed files "
          + order.keySet());
    }
    return f;
  }

  private static String key(String file, long start) {
    return start + "@" + file;
  }

  /** Every file has a header record that the format accepts, checked in file order. */
  private static void checkHeaders(SparkSession spark, List<HadoopFiles.Entry> files, List<SplitScan> scans,
      Map<Path, Integer> order, RecordFormat format) {
    SplitScan[] firstSplits = new SplitScan[files.size()];
    for (SplitScan s : scans) {
      if (s.start() == 0) {
        firstSplits[fileOf(order, s)] = s;
      }
    }
    for (int f = 0; f < files.size(); f++) {
      SplitScan s = firstSplits[f];
      if (s == null || s.records() == 0) {
        throw new BadInputException(files.get(f).display() + ": empty file, expected a header line");
      }
      for (Bad b : s.examples()) {
        if (b.header()) {
          throw new BadInputException(where(spark, files.get(f), s, b, format));
        }
      }
    }
  }

  /** The errors of the first {@code limit} malformed data records in file and line order, naming file and line. */
  private static List<String> describe(SparkSession spark, List<HadoopFiles.Entry> files, List<SplitScan> scans,
      Map<Path, Integer> order, RecordFormat format, int limit) {
    List<String> out = new ArrayList<>();
    for (SplitScan s : scans) {
      for (Bad b : s.examples()) {
        if (!b.header() && out.size() < limit) {
          out.add(where(spark, files.get(fileOf(order, s)), s, b, format));
        }
      }
    }
    return out;
  }

  /** {@code file:line: reason} for a malformed record, after finding its line. */
  private static String where(SparkSession spark, HadoopFiles.Entry file, SplitScan s, Bad b, RecordFormat format) {
    Lines.Line line = Lines.locate(spark, new Lines.Position(s.file(), s.start(), s.length(), b.ordinal()), format);
    return file.display() + ":" + line.number() + ": " + format.explain(spark, b.reason(), line.text());
  }

  /** The first pass over one read partition: a summary of each split in it. */
  private static Iterator<SplitScan> scan(Iterator<Row> in, RecordFormat format) {
    List<SplitScan> out = new ArrayList<>();
    Records it = new Records(in, format, 0);
    Record r = it.hasNext() ? it.next() : null;
    while (r != null) {
      Record split = r;
      long records = 0;
      long rows = 0;
      long bad = 0;
      int width = 0;
      List<Bad> examples = new ArrayList<>();
      for (; r != null && r.sameSplit(split); r = it.hasNext() ? it.next() : null) {
        records++;
        if (r.bad() != null) {
          if (r.header() || examples.size() < LabeledRows.SKIPPED_EXAMPLES) {
            examples.add(new Bad(r.ordinal(), r.bad(), r.header()));
          }
          bad += r.header() ? 0 : 1;
        } else if (r.row() != null) {
          rows++;
          width = Math.max(width, r.row().width());
        }
      }
      out.add(new SplitScan(split.file(), split.start(), split.length(), records, rows, width, bad, examples));
    }
    return out.iterator();
  }

  /** The second pass over one read partition: its rows, indexed from each split's first index. */
  private static Iterator<Row> rows(Iterator<Row> records, RecordFormat format, Map<String, Long> first,
      int features) {
    Records it = new Records(records, format, features);
    return new Frames.ClosingIterator<>() {
      private Record split;
      private long next;

      @Override
      Row compute() {
        while (it.hasNext()) {
          Record r = it.next();
          if (split == null || !r.sameSplit(split)) {
            split = r;
            Long f = first.get(key(r.file(), r.start()));
            if (f == null) {
              throw new IllegalStateException("split " + key(r.file(), r.start()) + " was not scanned");
            }
            next = f;
          }
          if (r.row() != null && r.bad() == null) {
            return Frames.row(next++, r.row().dense(features), r.row().label());
          }
        }
        return null;
      }

      @Override
      void close() {}
    };
  }

  /**
   * A parsed record: its split, its place in the split, and a row, a reason it is malformed, or neither (a header
   * or a comment).
   */
  private record Record(String file, long start, long length, long ordinal, boolean header, Parsed row,
      String bad) {
    boolean sameSplit(Record o) {
      return start == o.start && file.equals(o.file);
    }
  }

  /** A read partition's records, parsed one at a time. */
  private static final class Records implements Iterator<Record> {
    private final Iterator<Row> in;
    private final RecordFormat format;
    private final int features;
    private String file;
    private long start = -1;
    private long ordinal;

    Records(Iterator<Row> in, RecordFormat format, int features) {
      this.in = in;
      this.format = format;
      this.features = features;
    }

    @Override
    public boolean hasNext() {
      return in.hasNext();
    }

    @Override
    public Record next() {
      Row r = in.next();
      String f = r.getString(0);
      long s = r.getLong(1);
      if (s != start || !f.equals(file)) {
        file = f;
        start = s;
        ordinal = 0;
      }
      long at = ordinal++;
      boolean header = format.hasHeader() && s == 0 && at == 0;
      try {
        if (header) {
          format.checkHeader(r);
          return new Record(f, s, r.getLong(2), at, true, null, null);
        }
        return new Record(f, s, r.getLong(2), at, false, format.parse(r, features), null);
      } catch (BadRecord e) {
        return new Record(f, s, r.getLong(2), at, header, null, e.getMessage());
      }
    }
  }
}
