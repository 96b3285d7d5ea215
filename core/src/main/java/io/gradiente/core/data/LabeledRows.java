package io.gradiente.core.data;

import java.util.List;
import java.util.Objects;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

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

  /** The same rows with another table (for example after scaling); the shape must not change. */
  public LabeledRows withFrame(Dataset<Row> newFrame) {
    return new LabeledRows(source, newFrame, features, rows, skippedRows, skippedExamples);
  }
}
