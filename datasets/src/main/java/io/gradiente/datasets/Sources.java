package io.gradiente.datasets;

import io.gradiente.core.data.BadInputException;
import io.gradiente.core.data.LabeledRows;
import java.util.Locale;
import org.apache.spark.sql.SparkSession;

/** The one door the command line uses to read a labelled data set from a path in a named format. */
public final class Sources {
  /** The file formats a path can hold. */
  public enum Format {
    /** IDX images and labels (MNIST); see {@link Mnist#readPair}. */
    IDX,
    /** Numeric CSV with a header; see {@link Csv}. */
    CSV,
    /** LibSVM text; see {@link LibSvm}. */
    LIBSVM,
    /** Parquet; see {@link ParquetSource}. */
    PARQUET;

    /** The format named in lower case ({@code idx}, {@code csv}, {@code libsvm}, {@code parquet}). */
    public static Format parse(String name) {
      for (Format f : values()) {
        if (f.lowerName().equals(name)) {
          return f;
        }
      }
      throw new BadInputException("unknown format '" + name + "', expected one of idx, csv, libsvm, parquet");
    }

    /** The lower-case name that {@link #parse} accepts. */
    public String lowerName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private Sources() {}

  /**
   * Reads {@code path} in {@code format}.
   *
   * @param labelColumn the label column for CSV and Parquet, {@code null} for {@code label}; ignored otherwise
   * @param partitions contiguous index ranges of the result; {@code <= 0} keeps the source's own layout (Spark's read
   *     partitions for CSV, LibSVM and Parquet, the default parallelism for IDX)
   * @throws BadInputException {@code no such file or directory: PATH} for a missing path, or the source's error
   */
  public static LabeledRows read(
      SparkSession spark, Format format, String path, String labelColumn, int partitions) {
    return read(spark, format, path, labelColumn, partitions, OnBadRow.FAIL);
  }

  /**
   * Reads {@code path} in {@code format}; CSV and LibSVM fail on or skip malformed rows as {@code onBadRow} says
   * (other formats always fail).
   *
   * @see #read(SparkSession, Format, String, String, int)
   */
  public static LabeledRows read(
      SparkSession spark, Format format, String path, String labelColumn, int partitions, OnBadRow onBadRow) {
    if (!HadoopFiles.exists(spark.sparkContext().hadoopConfiguration(), path)) {
      throw new BadInputException("no such file or directory: " + path);
    }
    switch (format) {
      case IDX:
        return Mnist.readPair(
            spark, path, partitions > 0 ? partitions : spark.sparkContext().defaultParallelism());
      case CSV:
        return Csv.read(spark, path, labelColumn, partitions, onBadRow);
      case LIBSVM:
        return LibSvm.read(spark, path, 0, partitions, onBadRow);
      case PARQUET:
        return ParquetSource.read(spark, path, labelColumn, partitions);
      default:
        throw new IllegalStateException("unhandled format " + format);
    }
  }
}
