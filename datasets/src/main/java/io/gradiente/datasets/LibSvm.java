package io.gradiente.datasets;

import io.gradiente.core.data.BadInputException;
import io.gradiente.core.data.LabeledRows;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * The LibSVM text format: one row per line, {@code label index:value ...} with 1-based, strictly ascending
 * indices; absent indices are 0. Tokens are separated by spaces or tabs, text after {@code #} is a comment, blank
 * lines are skipped. A file or a folder of files, read like {@link Csv} by Spark's splittable {@code text} source,
 * so a large file is read by many tasks; rows keep file order, then line order; errors name {@code file:line} and
 * the token. Spark's {@code libsvm} source reads lines with the same reader, but its parser splits on single spaces
 * only (a tab or a comment after the values fails), cannot skip a bad line and names no line.
 */
public final class LibSvm {
  private LibSvm() {}

  /**
   * Reads the rows of a LibSVM file or folder into dense feature vectors.
   *
   * @param path any Hadoop path to a file or a folder of files
   * @param features the feature count; {@code <= 0} for the largest index found in the data
   * @param partitions contiguous index ranges of the result; {@code <= 0} keeps the partitions Spark read (one or
   *     more splits of the files)
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
    List<HadoopFiles.Entry> files = HadoopFiles.dataFiles(spark.sparkContext().hadoopConfiguration(), path);
    List<Column> select = new ArrayList<>(List.of(TextFiles.SPLIT_COLUMNS));
    select.add(functions.col("value"));
    Dataset<Row> lines = spark.read()
        .text(HadoopFiles.sparkPaths(files))
        .select(select.toArray(new Column[0]));
    TextFiles.Result result =
        TextFiles.read(spark, path, lines, files, new Format(Math.max(features, 0)), features, onBadRow);
    if (result.width() == 0) {
      throw new BadInputException(path + ": no features (no index:value token in any row)");
    }
    return result.labeled(spark, partitions);
  }

  /** Parses one line; {@code limit > 0} is a feature count given by the caller that indices must not pass. */
  private record Format(int limit) implements TextFiles.RecordFormat {
    @Override
    public boolean isRecord(String line) {
      return true;
    }

    @Override
    public TextFiles.Parsed parse(Row record, int features) {
      String line = record.getString(TextFiles.FIRST_FIELD);
      int hash = line.indexOf('#');
      String body = (hash >= 0 ? line.substring(0, hash) : line).trim();
      if (body.isEmpty()) {
        return null;
      }
      String[] tokens = body.split("\\s+");
      double label;
      try {
        label = Double.parseDouble(tokens[0]);
      } catch (NumberFormatException e) {
        throw new TextFiles.BadRecord("label '" + tokens[0] + "' is not a number");
      }
      if (!Double.isFinite(label)) {
        throw new TextFiles.BadRecord("label '" + tokens[0] + "' is not a finite number");
      }
      int[] indices = new int[tokens.length - 1];
      double[] values = new double[tokens.length - 1];
      int previous = 0;
      for (int k = 1; k < tokens.length; k++) {
        String t = tokens[k];
        String where = "token '" + t + "': ";
        int colon = t.indexOf(':');
        if (colon < 0) {
          throw new TextFiles.BadRecord(where + "expected index:value");
        }
        String is = t.substring(0, colon);
        String vs = t.substring(colon + 1);
        int index;
        try {
          index = Integer.parseInt(is);
        } catch (NumberFormatException e) {
          throw new TextFiles.BadRecord(where + "index '" + is + "' is not an integer");
        }
        if (index < 1) {
          throw new TextFiles.BadRecord(where + "index " + index + " is below 1 (indices are 1-based)");
        }
        if (index <= previous) {
          throw new TextFiles.BadRecord(where + "index " + index + " is not above the previous index " + previous);
        }
        if (limit > 0 && index > limit) {
          throw new TextFiles.BadRecord(where + "index " + index + " is beyond the " + limit + " features");
        }
        double v;
        try {
          v = Double.parseDouble(vs);
        } catch (NumberFormatException e) {
          throw new TextFiles.BadRecord(where + "'" + vs + "' is not a number");
        }
        if (!Double.isFinite(v)) {
          throw new TextFiles.BadRecord(where + "'" + vs + "' is not a finite number");
        }
        indices[k - 1] = index - 1;
        values[k - 1] = v;
        previous = index;
      }
      return new TextFiles.Parsed(label, indices, values);
    }
  }
}
