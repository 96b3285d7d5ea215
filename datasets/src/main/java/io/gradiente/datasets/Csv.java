package io.gradiente.datasets;

import io.gradiente.core.data.BadInputException;
import io.gradiente.core.data.IndexRanges;
import io.gradiente.core.data.LabeledRows;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.SerializableConfiguration;

/**
 * A numeric CSV source: one file, or a folder of files read in file-name order (names starting with {@code _} or
 * {@code .} are skipped). The first line of every file is the same header of column names; the label column is
 * chosen by name and every other column is a feature, in header order. Fields are separated by commas, with no
 * quoting; blank lines are skipped. One Spark task reads each file, so an error names {@code file:line}.
 */
public final class Csv {
  /** The label column used when none is named. */
  public static final String DEFAULT_LABEL = "label";

  private Csv() {}

  /**
   * Reads the rows of a CSV file or folder.
   *
   * @param path any Hadoop path to a file or a folder of files
   * @param labelColumn the label's column name, {@code null} for {@value #DEFAULT_LABEL}
   * @param partitions contiguous index ranges of the result; {@code <= 0} keeps one partition per file
   * @throws BadInputException naming {@code file:line}, the column and the value for any malformed input
   */
  public static LabeledRows read(SparkSession spark, String path, String labelColumn, int partitions) {
    return read(spark, path, labelColumn, partitions, OnBadRow.FAIL);
  }

  /**
   * Reads the rows of a CSV file or folder, failing on or skipping malformed data rows.
   *
   * @see #read(SparkSession, String, String, int)
   */
  public static LabeledRows read(
      SparkSession spark, String path, String labelColumn, int partitions, OnBadRow onBadRow) {
    String label = labelColumn == null ? DEFAULT_LABEL : labelColumn;
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    List<HadoopFiles.Entry> files = HadoopFiles.dataFiles(conf, path);
    HadoopFiles.Entry first = files.get(0);
    List<String> header = header(conf, first);
    Set<String> seen = new HashSet<>();
    for (String name : header) {
      if (!seen.add(name)) {
        throw new BadInputException(first.display() + ":1: duplicate column name '" + name + "' in header " + header);
      }
    }
    int labelAt = header.indexOf(label);
    if (labelAt < 0) {
      throw new BadInputException(first.display() + ":1: no label column '" + label + "' in header " + header);
    }
    if (header.size() < 2) {
      throw new BadInputException(first.display() + ":1: no feature columns besides the label '" + label + "'");
    }
    TextFiles.LineFormat format = new Format(header, first.display(), labelAt);
    if (onBadRow == OnBadRow.SKIP) {
      format = TextFiles.skippingBadRows(format);
    }
    Broadcast<SerializableConfiguration> bc = HadoopFiles.broadcastConf(spark);
    List<TextFiles.Scan> scans = TextFiles.scan(spark, bc, files, format);
    long rows = scans.stream().mapToLong(TextFiles.Scan::rows).sum();
    long skipped = scans.stream().mapToLong(TextFiles.Scan::skipped).sum();
    int features = header.size() - 1;
    return new LabeledRows(
        path,
        Frames.frame(
            spark, IndexRanges.layout(TextFiles.rows(spark, bc, files, scans, format, features), rows, partitions)),
        features,
        rows,
        skipped,
        TextFiles.skippedExamples(scans));
  }

  private static List<String> header(Configuration conf, HadoopFiles.Entry file) {
    try (BufferedReader in =
        new BufferedReader(new InputStreamReader(HadoopFiles.open(conf, file.path()), StandardCharsets.UTF_8))) {
      String line = in.readLine();
      if (line == null) {
        throw emptyFile(file.display());
      }
      return fields(line);
    } catch (IOException e) {
      throw new BadInputException(file.display() + ": cannot read: " + e.getMessage(), e);
    }
  }

  private static BadInputException emptyFile(String file) {
    return new BadInputException(file + ": empty file, expected a header line");
  }

  private static List<String> fields(String line) {
    String[] f = line.split(",", -1);
    List<String> out = new ArrayList<>(f.length);
    for (String s : f) {
      out.add(s.trim());
    }
    return out;
  }

  /** Checks each file's header against the first file's and parses the data lines. */
  private static final class Format implements TextFiles.LineFormat {
    private static final long serialVersionUID = 1L;
    private final List<String> header;
    private final String firstFile;
    private final int labelAt;

    Format(List<String> header, String firstFile, int labelAt) {
      this.header = new ArrayList<>(header);
      this.firstFile = firstFile;
      this.labelAt = labelAt;
    }

    @Override
    public TextFiles.Parsed parse(String file, long number, String line, int features) {
      if (number == 1) {
        List<String> h = fields(line);
        if (!h.equals(header)) {
          throw new BadInputException(
              file + ":1: header " + h + " differs from the header of " + firstFile + " " + header);
        }
        return null;
      }
      if (line.isBlank()) {
        return null;
      }
      String[] f = line.split(",", -1);
      if (f.length != header.size()) {
        throw new BadInputException(
            file + ":" + number + ": expected " + header.size() + " fields as in the header, found " + f.length);
      }
      double[] x = new double[f.length - 1];
      double y = 0;
      for (int c = 0, j = 0; c < f.length; c++) {
        double v = number(file, number, c, f[c]);
        if (c == labelAt) {
          y = v;
        } else {
          x[j++] = v;
        }
      }
      return new TextFiles.Parsed(y, null, x);
    }

    @Override
    public boolean isHeader(long number) {
      return number == 1;
    }

    @Override
    public void end(String file, long lines) {
      if (lines == 0) {
        throw emptyFile(file);
      }
    }

    private double number(String file, long line, int column, String text) {
      String t = text.trim();
      double v;
      try {
        v = Double.parseDouble(t);
      } catch (NumberFormatException e) {
        throw new BadInputException(where(file, line, column) + "'" + t + "' is not a number");
      }
      if (!Double.isFinite(v)) {
        throw new BadInputException(where(file, line, column) + "'" + t + "' is not a finite number");
      }
      return v;
    }

    private String where(String file, long line, int column) {
      return file + ":" + line + ": column '" + header.get(column) + "' (" + (column + 1) + "): ";
    }
  }
}
