package io.gradiente.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.gradiente.core.data.BadInputException;
import io.gradiente.core.data.Columns;
import io.gradiente.core.data.LabeledRows;
import java.util.List;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.function.Executable;

/** Helpers shared by the Spark tests: one local session per class, rows in index order, error messages. */
final class SparkTests {
  private SparkTests() {}

  /** A local session with two threads and no UI. */
  static SparkSession start(String name) {
    return SparkSession.builder()
        .master("local[2]")
        .appName(name)
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .getOrCreate();
  }

  /** The rows of a source sorted by index, after checking the canonical columns and the dense index range. */
  static List<Row> rows(LabeledRows data) {
    assertEquals(
        List.of(Columns.INDEX, Columns.FEATURES, Columns.LABEL), List.of(data.frame().columns()), "columns");
    List<Row> rows = data.frame().orderBy(Columns.INDEX).collectAsList();
    assertEquals(data.rows(), rows.size(), "row count");
    for (int i = 0; i < rows.size(); i++) {
      assertEquals(i, rows.get(i).getLong(0), "index of row " + i);
      Vector v = (Vector) rows.get(i).get(1);
      assertEquals(data.features(), v.size(), "features of row " + i);
    }
    return rows;
  }

  /** Row {@code r}'s features as an array. */
  static double[] features(Row r) {
    return ((Vector) r.get(1)).toArray();
  }

  /** Runs {@code body}, which must fail with bad input, and returns the one-line message. */
  static String badInput(Executable body) {
    Throwable t = assertThrows(Throwable.class, body);
    String m = BadInputException.findMessage(t);
    assertNotNull(m, () -> "not a bad-input failure: " + t);
    return m;
  }
}
