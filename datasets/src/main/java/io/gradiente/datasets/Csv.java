package io.gradiente.datasets;

import io.gradiente.core.data.BadInputException;
import io.gradiente.core.data.LabeledRows;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * A numeric CSV source: one file, or a folder of files read in file-name order (names starting with {@code _} or
 * {@code .} are skipped). The first line of every file (blank lines aside) is the same header of column names; the
 * label column is chosen by name and every other column is a feature, in header order. Read by Spark's {@code csv}
 * source, so a large file is split among many tasks and fields may be quoted ({@code "1,5"} is one field); blank
 * lines are skipped, and values are trimmed before they are parsed as numbers. Rows keep file order, then line
 * order. An error names {@code file:line}, the column and the value.
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
   * @param partitions contiguous index ranges of the result; {@code <= 0} keeps the partitions Spark read (one or
   *     more splits of the files)
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
    Lines.Line headerLine = headerLine(conf, first);
    List<String> header = fields(spark, headerLine.text());
    String at = first.display() + ":" + headerLine.number() + ": ";
    Set<String> seen = new HashSet<>();
    for (String name : header) {
      if (!seen.add(name)) {
        throw new BadInputException(at + "duplicate column name '" + name + "' in header " + header);
      }
    }
    int labelAt = header.indexOf(label);
    if (labelAt < 0) {
      throw new BadInputException(at + "no label column '" + label + "' in header " + header);
    }
    if (header.size() < 2) {
      throw new BadInputException(at + "no feature columns besides the label '" + label + "'");
    }
    for (HadoopFiles.Entry f : files) {
      if (f.length() == 0) {
        throw emptyFile(f.display());
      }
    }
    Format format = new Format(header, first.display(), labelAt);
    return TextFiles.read(spark, path, records(spark, files, header.size()), files, format, header.size() - 1,
        onBadRow).labeled(spark, partitions);
  }

  /**
   * The files' lines as Spark's {@code csv} source reads them: {@link TextFiles#SPLIT_COLUMNS}, one text column per
   * header column and the whole line when its field count differs from the header's.
   */
  private static Dataset<Row> records(SparkSession spark, List<HadoopFiles.Entry> files, int columns) {
    StructType schema = new StructType();
    List<Column> select = new ArrayList<>(List.of(TextFiles.SPLIT_COLUMNS));
    for (int c = 0; c < columns; c++) {
      schema = schema.add("c" + c, DataTypes.StringType);
      select.add(functions.col("c" + c));
    }
    schema = schema.add(Format.RAGGED_LINE, DataTypes.StringType);
    select.add(functions.col(Format.RAGGED_LINE));
    return spark.read()
        .schema(schema)
        .option("header", "false")
        .option("mode", "PERMISSIVE")
        .option("columnNameOfCorruptRecord", Format.RAGGED_LINE)
        .csv(HadoopFiles.sparkPaths(files))
        .select(select.toArray(new Column[0]));
  }

  /** The first non-blank line of a file, which holds its header. */
  private static Lines.Line headerLine(Configuration conf, HadoopFiles.Entry file) {
    Lines.Line line;
    try {
      line = Lines.first(conf, file.path(), file.length(), Format::nonBlank);
    } catch (IOException e) {
      throw new BadInputException(file.display() + ": cannot read: " + e.getMessage(), e);
    }
    if (line == null) {
      throw emptyFile(file.display());
    }
    return line;
  }

  private static BadInputException emptyFile(String file) {
    return new BadInputException(file + ": empty file, expected a header line");
  }

  /** A line's fields as Spark's CSV parser splits them (quotes removed), trimmed; an empty field is {@code ""}. */
  private static List<String> fields(SparkSession spark, String line) {
    Row r = spark.read().option("header", "false").csv(spark.createDataset(List.of(line), Encoders.STRING())).first();
    List<String> out = new ArrayList<>(r.length());
    for (int i = 0; i < r.length(); i++) {
      out.add(r.isNullAt(i) ? "" : r.getString(i).trim());
    }
    return out;
  }

  /** Checks each file's header against the first file's and parses the data records. */
  private static final class Format implements TextFiles.RecordFormat {
    private static final long serialVersionUID = 1L;
    /** The column where Spark puts a line whose field count differs from the header's. */
    static final String RAGGED_LINE = "_ragged_line";
    private static final String RAGGED = "ragged";
    private static final String HEADER = "header";
    private final List<String> header;
    private final String firstFile;
    private final int labelAt;

    Format(List<String> header, String firstFile, int labelAt) {
      this.header = new ArrayList<>(header);
      this.firstFile = firstFile;
      this.labelAt = labelAt;
    }

    /** Spark's CSV source skips lines that are empty once trimmed. */
    static boolean nonBlank(String line) {
      return !line.trim().isEmpty();
    }

    @Override
    public boolean isRecord(String line) {
      return nonBlank(line);
    }

    @Override
    public boolean hasHeader() {
      return true;
    }

    @Override
    public void checkHeader(Row record) {
      if (!record.isNullAt(TextFiles.FIRST_FIELD + header.size())) {
        throw new TextFiles.BadRecord(HEADER);
      }
      for (int c = 0; c < header.size(); c++) {
        if (!header.get(c).equals(field(record, c))) {
          throw new TextFiles.BadRecord(HEADER);
        }
      }
    }

    @Override
    public TextFiles.Parsed parse(Row record, int features) {
      if (!record.isNullAt(TextFiles.FIRST_FIELD + header.size())) {
        throw new TextFiles.BadRecord(RAGGED);
      }
      double[] x = new double[header.size() - 1];
      double y = 0;
      for (int c = 0, j = 0; c < header.size(); c++) {
        double v = number(c, field(record, c));
        if (c == labelAt) {
          y = v;
        } else {
          x[j++] = v;
        }
      }
      return new TextFiles.Parsed(y, null, x);
    }

    @Override
    public String explain(SparkSession spark, String reason, String line) {
      switch (reason) {
        case HEADER:
          return "header " + fields(spark, line) + " differs from the header of " + firstFile + " " + header;
        case RAGGED:
          return "expected " + header.size() + " fields as in the header, found " + fields(spark, line).size();
        default:
          return reason;
      }
    }

    private static String field(Row record, int column) {
      String s = record.getString(TextFiles.FIRST_FIELD + column);
      return s == null ? "" : s.trim();
    }

    private double number(int column, String text) {
      double v;
      try {
        v = Double.parseDouble(text);
      } catch (NumberFormatException e) {
        throw new TextFiles.BadRecord(where(column) + "'" + text + "' is not a number");
      }
      if (!Double.isFinite(v)) {
        throw new TextFiles.BadRecord(where(column) + "'" + text + "' is not a finite number");
      }
      return v;
    }

    private String where(int column) {
      return "column '" + header.get(column) + "' (" + (column + 1) + "): ";
    }
  }
}
