package io.gradiente.core.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

/**
 * A labelled data set as it leaves a source: the canonical table ({@link Columns}) plus what is known about it.
 *
 * @param source where the rows come from, as a user would name it (a path, "bundled breast cancer"); error
 *     messages and the run report use it
 * @param frame the table with columns {@code index}, {@code features}, {@code label}
 * @param features the length of every feature vector
 * @param rows the number of rows; indices run from 0 to {@code rows - 1}
 * @param skippedRows malformed rows the source skipped ({@code --on-bad-row skip}); they are not in the table
 * @param skippedExamples the errors (naming file and line) of the first {@value #SKIPPED_EXAMPLES} skipped rows
 */
public record LabeledRows(String source, Dataset<Row> frame, int features, long rows, long skippedRows,
    List<String> skippedExamples) {
  /** How many skipped rows a source describes. */
  public static final int SKIPPED_EXAMPLES = 3;

  /** Checks the shape facts that every consumer relies on. */
  public LabeledRows {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(frame, "frame");
    skippedExamples = List.copyOf(skippedExamples);
    if (features <= 0) {
      throw new BadInputException(source + ": no features");
    }
    if (rows <= 0) {
      throw new BadInputException(source + ": no rows" + (skippedRows > 0 ? " left after skipping " + skippedRows
          + " bad rows" : ""));
    }
  }

  /** Rows of a source that skipped nothing. */
  public LabeledRows(String source, Dataset<Row> frame, int features, long rows) {
    this(source, frame, features, rows, 0, List.of());
  }

  /**
   * Rows from arrays on the driver, indexed 0..n-1 in array order (for small data and tests; large data belongs in
   * files or a DataFrame).
   *
   * @param x {@code x[r][f]}, feature {@code f} of row {@code r}, every row as long as the first
   * @param y the label of every row
   * @throws BadInputException naming {@code source} and the row for a ragged row or a count that differs
   */
  public static LabeledRows of(SparkSession spark, String source, double[][] x, double[] y) {
    if (x.length != y.length) {
      throw new BadInputException(source + ": " + x.length + " feature rows but " + y.length + " labels");
    }
    if (x.length == 0) {
      throw new BadInputException(source + ": no rows");
    }
    List<Row> rows = new ArrayList<>(x.length);
    for (int r = 0; r < x.length; r++) {
      if (x[r].length != x[0].length) {
        throw new BadInputException(source + ": row " + r + ": expected " + x[0].length + " features, got "
            + x[r].length);
      }
      rows.add(RowFactory.create((long) r, Vectors.dense(x[r].clone()), y[r]));
    }
    return new LabeledRows(source, spark.createDataFrame(rows, Columns.SCHEMA), x[0].length, x.length);
  }

  /**
   * Rows from any table with a numeric label column: the features are a vector column {@code features} (as Spark
   * ML makes), else an array column {@code features}, else every other numeric column in schema order. Rows are
   * indexed in the order Spark reads them; one Spark job checks every value.
   *
   * @param source how error messages and reports name the table
   * @param labelColumn the label's column
   * @param partitions contiguous index ranges of the result; {@code <= 0} keeps the table's partitions
   * @throws BadInputException for a missing or non-numeric column, or a null or non-finite value (naming the row
   *     index and the column)
   */
  public static LabeledRows of(Dataset<Row> frame, String source, String labelColumn, int partitions) {
    return FrameRows.read(frame, source, labelColumn, partitions);
  }

  /** The same rows with another table (for example after scaling); the shape must not change. */
  public LabeledRows withFrame(Dataset<Row> newFrame) {
    return new LabeledRows(source, newFrame, features, rows, skippedRows, skippedExamples);
  }
}
