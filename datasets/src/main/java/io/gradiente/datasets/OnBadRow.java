package io.gradiente.datasets;

import io.gradiente.core.data.BadInputException;
import java.util.Locale;

/**
 * What a text source (CSV, LibSVM) does with a malformed data row: a ragged row, a value that is not a finite
 * number, a bad LibSVM token. File-level problems (a missing or mismatched header, an empty file) always fail.
 */
public enum OnBadRow {
  /** Stop with an error naming the file, line and field (the default). */
  FAIL,
  /** Leave the row out and count it ({@link io.gradiente.core.data.LabeledRows#skippedRows}). */
  SKIP;

  /** {@code fail} or {@code skip}. */
  public static OnBadRow parse(String name) {
    for (OnBadRow o : values()) {
      if (o.name().equalsIgnoreCase(name)) {
        return o;
      }
    }
    throw new BadInputException("unknown --on-bad-row '" + name + "', expected fail or skip");
  }

  /** The lower-case name that {@link #parse} accepts. */
  public String lowerName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
