package io.gradiente.datasets;

import io.gradiente.core.data.BadInputException;
import io.gradiente.core.data.IndexRanges;
import io.gradiente.core.data.LabeledRows;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.SerializableConfiguration;

/**
 * The LibSVM text format: one row per line, {@code label index:value ...} with 1-based, strictly ascending
 * indices; absent indices are 0. Text after {@code #} is a comment; blank lines are skipped. A file or a folder of
 * files, read like {@link Csv}: one Spark task per file, errors name {@code file:line} and the token.
 */
public final class LibSvm {
  private LibSvm() {}

  /**
   * Reads the rows of a LibSVM file or folder into dense feature vectors.
   *
   * @param path any Hadoop path to a file or a folder of files
   * @param features the feature count; {@code <= 0} for the largest index found in the data
   * @param partitions contiguous index ranges of the result; {@code <= 0} keeps one partition per file
   * @throws BadInputException naming {@code file:line} and the token for any malformed input
   */
  public static LabeledRows read(SparkSession spark, String path, int features, int partitions) {
    return read(spark, path, features, partitions, OnBadRow.FAIL);
  }

  /**
   * Reads the rows of a LibSVM file or folder, failing on or skipping malformed lines.
   *
   * @see #read(SparkSession, String, int, int)
   */
  public static LabeledRows read(SparkSession spark, String path, int features, int partitions, OnBadRow onBadRow) {
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    List<HadoopFiles.Entry> files = HadoopFiles.dataFiles(conf, path);
    Broadcast<SerializableConfiguration> bc = HadoopFiles.broadcastConf(spark);
    TextFiles.LineFormat format = new Format(Math.max(features, 0));
    if (onBadRow == OnBadRow.SKIP) {
      format = TextFiles.skippingBadRows(format);
    }
    List<TextFiles.Scan> scans = TextFiles.scan(spark, bc, files, format);
    long rows = scans.stream().mapToLong(TextFiles.Scan::rows).sum();
    long skipped = scans.stream().mapToLong(TextFiles.Scan::skipped).sum();
    int width = features > 0 ? features : scans.stream().mapToInt(TextFiles.Scan::width).max().orElse(0);
    if (width == 0) {
      throw new BadInputException(path + ": no features (no index:value token in any row)");
    }
    return new LabeledRows(
        path,
        Frames.frame(
            spark, IndexRanges.layout(TextFiles.rows(spark, bc, files, scans, format, width), rows, partitions)),
        width,
        rows,
        skipped,
        TextFiles.skippedExamples(scans));
  }

  /** Parses one line; {@code limit > 0} is a feature count given by the caller that indices must not pass. */
  private record Format(int limit) implements TextFiles.LineFormat {
    @Override
    public TextFiles.Parsed parse(String file, long number, String line, int features) {
      int hash = line.indexOf('#');
      String body = (hash >= 0 ? line.substring(0, hash) : line).trim();
      if (body.isEmpty()) {
        return null;
      }
      String at = file + ":" + number + ": ";
      String[] tokens = body.split("\\s+");
      double label;
      try {
        label = Double.parseDouble(tokens[0]);
      } catch (NumberFormatException e) {
        throw new BadInputException(at + "label '" + tokens[0] + "' is not a number");
      }
      if (!Double.isFinite(label)) {
        throw new BadInputException(at + "label '" + tokens[0] + "' is not a finite number");
      }
      int[] indices = new int[tokens.length - 1];
      double[] values = new double[tokens.length - 1];
      int previous = 0;
      for (int k = 1; k < tokens.length; k++) {
        String t = tokens[k];
        String where = at + "token '" + t + "': ";
        int colon = t.indexOf(':');
        if (colon < 0) {
          throw new BadInputException(where + "expected index:value");
        }
        String is = t.substring(0, colon);
        String vs = t.substring(colon + 1);
        int index;
        try {
          index = Integer.parseInt(is);
        } catch (NumberFormatException e) {
          throw new BadInputException(where + "index '" + is + "' is not an integer");
        }
        if (index < 1) {
          throw new BadInputException(where + "index " + index + " is below 1 (indices are 1-based)");
        }
        if (index <= previous) {
          throw new BadInputException(where + "index " + index + " is not above the previous index " + previous);
        }
        if (limit > 0 && index > limit) {
          throw new BadInputException(where + "index " + index + " is beyond the " + limit + " features");
        }
        double v;
        try {
          v = Double.parseDouble(vs);
        } catch (NumberFormatException e) {
          throw new BadInputException(where + "'" + vs + "' is not a number");
        }
        if (!Double.isFinite(v)) {
          throw new BadInputException(where + "'" + vs + "' is not a finite number");
        }
        indices[k - 1] = index - 1;
        values[k - 1] = v;
        previous = index;
      }
      return new TextFiles.Parsed(label, indices, values);
    }
  }
}
