package io.gradiente.datasets;

import io.gradiente.core.data.BadInputException;
import io.gradiente.core.data.LabeledRows;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * A Parquet source read with {@code spark.read().parquet(path)} and turned into the canonical table as any table is
 * ({@link LabeledRows#of(Dataset, String, String, int)}): the label column chosen by name, the features from a
 * vector column {@code features} when there is one, else from an array column {@code features}, else from all other
 * numeric columns in schema order; rows indexed in the order Spark reads them (stable for the same files).
 */
public final class ParquetSource {
  /** The label column used when none is named. */
  public static final String DEFAULT_LABEL = "label";

  private ParquetSource() {}

  /**
   * Reads a Parquet file or folder into the canonical table.
   *
   * @param path any Hadoop path Spark's Parquet reader accepts
   * @param labelColumn the label's column name, {@code null} for {@value #DEFAULT_LABEL}
   * @param partitions contiguous index ranges of the result; {@code <= 0} keeps Spark's read partitions
   * @throws BadInputException for a missing path or column, a non-numeric label, or a null or non-finite value
   *     (naming the path, the row index and the column)
   */
  public static LabeledRows read(SparkSession spark, String path, String labelColumn, int partitions) {
    HadoopFiles.status(spark.sparkContext().hadoopConfiguration(), path);
    Dataset<Row> df;
    try {
      df = spark.read().parquet(path);
    } catch (RuntimeException e) {
      throw new BadInputException(path + ": cannot read as Parquet: " + firstLine(e.getMessage()), e);
    }
    return LabeledRows.of(df, path, labelColumn == null ? DEFAULT_LABEL : labelColumn, partitions);
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    int eol = s.indexOf('\n');
    return eol < 0 ? s : s.substring(0, eol);
  }
}
