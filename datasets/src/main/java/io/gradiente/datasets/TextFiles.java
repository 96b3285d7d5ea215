package io.gradiente.datasets;

import io.gradiente.core.data.BadInputException;
import io.gradiente.core.data.LabeledRows;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.SerializableConfiguration;

/**
 * Line-oriented text sources (CSV, LibSVM) read by one Spark task per file, line by line with line numbers, so
 * every error can name {@code file:line}. Two jobs: a scan that parses everything and returns each file's row count
 * and widest row (errors surface here, at read time), then the rows themselves with global indices that follow file
 * order, then line order.
 */
final class TextFiles {
  private TextFiles() {}

  /** How one file's lines become rows. */
  interface LineFormat extends Serializable {
    /**
     * Parses line {@code number} (1-based) of {@code file}.
     *
     * @param features the final feature count (0 while scanning, when it may still be unknown)
     * @return the row, or {@code null} for a line that holds none (header, blank line, comment)
     */
    Parsed parse(String file, long number, String line, int features);

    /** Called after the last line of a file with the number of lines it had. */
    default void end(String file, long lines) {}

    /** Whether line {@code number} is a header, whose errors are never skipped. */
    default boolean isHeader(long number) {
      return false;
    }
  }

  /** A format that turns a malformed data line into a {@link Parsed#skipped} row instead of failing. */
  static LineFormat skippingBadRows(LineFormat format) {
    return new LineFormat() {
      private static final long serialVersionUID = 1L;

      @Override
      public Parsed parse(String file, long number, String line, int features) {
        if (format.isHeader(number)) {
          return format.parse(file, number, line, features);
        }
        try {
          return format.parse(file, number, line, features);
        } catch (BadInputException e) {
          return Parsed.skipped(e.getMessage());
        }
      }

      @Override
      public void end(String file, long lines) {
        format.end(file, lines);
      }
    };
  }

  /**
   * One parsed row: a label and either dense values ({@code indices == null}) or sparse 0-based ascending indices
   * with their values.
   */
  record Parsed(double label, int[] indices, double[] values, String skipReason) {
    /** A row. */
    Parsed(double label, int[] indices, double[] values) {
      this(label, indices, values, null);
    }

    /** A malformed line that was skipped, with the error that names its file and line. */
    static Parsed skipped(String why) {
      return new Parsed(Double.NaN, null, new double[0], why);
    }

    /** Whether this is a skipped line rather than a row. */
    boolean isSkipped() {
      return skipReason != null;
    }

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

  /**
   * What the scan learnt about one file: rows, widest row, malformed rows skipped and the errors of the first
   * {@value LabeledRows#SKIPPED_EXAMPLES} of them.
   */
  record Scan(long rows, int width, long skipped, List<String> skippedExamples) implements Serializable {}

  /** The errors of the first {@value LabeledRows#SKIPPED_EXAMPLES} skipped lines of all files, in file order. */
  static List<String> skippedExamples(List<Scan> scans) {
    return scans.stream().flatMap(s -> s.skippedExamples().stream()).limit(LabeledRows.SKIPPED_EXAMPLES).toList();
  }

  /** Parses every file in a task of its own and returns, in file order, each file's row count and widest row. */
  static List<Scan> scan(
      SparkSession spark,
      Broadcast<SerializableConfiguration> conf,
      List<HadoopFiles.Entry> files,
      LineFormat format) {
    return JavaSparkContext.fromSparkContext(spark.sparkContext())
        .parallelize(files, files.size())
        .map(
            file -> {
              long rows = 0;
              int width = 0;
              long skipped = 0;
              List<String> examples = new ArrayList<>();
              Iterator<Parsed> it = lines(conf.value().value(), file, format, 0);
              while (it.hasNext()) {
                Parsed p = it.next();
                if (p.isSkipped()) {
                  if (skipped++ < LabeledRows.SKIPPED_EXAMPLES) {
                    examples.add(p.skipReason());
                  }
                  continue;
                }
                width = Math.max(width, p.width());
                rows++;
              }
              return new Scan(rows, width, skipped, examples);
            })
        .collect();
  }

  /** The canonical rows of all files, file {@code f}'s rows indexed from the sum of the earlier files' rows. */
  static JavaRDD<Row> rows(
      SparkSession spark,
      Broadcast<SerializableConfiguration> conf,
      List<HadoopFiles.Entry> files,
      List<Scan> scans,
      LineFormat format,
      int features) {
    List<Object[]> work = new ArrayList<>(files.size());
    long offset = 0;
    for (int f = 0; f < files.size(); f++) {
      work.add(new Object[] {files.get(f), offset});
      offset += scans.get(f).rows();
    }
    return JavaSparkContext.fromSparkContext(spark.sparkContext())
        .parallelize(work, files.size())
        .flatMap(
            w -> {
              long first = (Long) w[1];
              Iterator<Parsed> it = lines(conf.value().value(), (HadoopFiles.Entry) w[0], format, features);
              return new Frames.ClosingIterator<Row>() {
                private long i = first;

                @Override
                Row compute() {
                  while (it.hasNext()) {
                    Parsed p = it.next();
                    if (!p.isSkipped()) {
                      return Frames.row(i++, p.dense(features), p.label());
                    }
                  }
                  return null;
                }

                @Override
                void close() {}
              };
            });
  }

  /** The parsed rows of one file, read lazily; the file closes at its end or when the task ends. */
  private static Iterator<Parsed> lines(
      Configuration conf, HadoopFiles.Entry file, LineFormat format, int features) throws IOException {
    BufferedReader in =
        new BufferedReader(
            new InputStreamReader(HadoopFiles.open(conf, file.path()), StandardCharsets.UTF_8), 1 << 16);
    TaskContext tc = TaskContext.get();
    if (tc != null) {
      tc.addTaskCompletionListener(
          (TaskContext t) -> {
            try {
              in.close();
            } catch (IOException e) {
              // nothing left to do with a reader that cannot close
            }
          });
    }
    return new Frames.ClosingIterator<>() {
      private long number;

      @Override
      Parsed compute() throws IOException {
        String line;
        while ((line = in.readLine()) != null) {
          number++;
          Parsed p = format.parse(file.display(), number, line, features);
          if (p != null) {
            return p;
          }
        }
        format.end(file.display(), number);
        return null;
      }

      @Override
      void close() throws IOException {
        in.close();
      }
    };
  }
}
