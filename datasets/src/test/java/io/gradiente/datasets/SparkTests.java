package io.gradiente.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.gradiente.core.LocalSpark;
import io.gradiente.core.data.BadInputException;
import io.gradiente.core.data.Columns;
import io.gradiente.core.data.LabeledRows;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.function.Executable;

/** Helpers shared by the Spark tests: one local session per class, rows in index order, error messages. */
final class SparkTests {
  private SparkTests() {}

  /**
   * One local session for a test class, started before its first test and stopped after its last:
   * {@code @RegisterExtension static final SparkTests.Session spark = new SparkTests.Session();}.
   */
  static final class Session implements BeforeAllCallback, AfterAllCallback, Supplier<SparkSession> {
    private SparkSession spark;

    @Override
    public void beforeAll(ExtensionContext context) {
      spark = LocalSpark.start(context.getRequiredTestClass().getSimpleName());
    }

    @Override
    public void afterAll(ExtensionContext context) {
      spark.stop();
    }

    /** The running session. */
    @Override
    public SparkSession get() {
      return spark;
    }

    /** Runs {@code body} with a SQL setting changed, then puts the setting back. */
    <T> T withConf(String key, String value, Supplier<T> body) {
      String before = spark.conf().get(key);
      spark.conf().set(key, value);
      try {
        return body.get();
      } finally {
        spark.conf().set(key, before);
      }
    }
  }

  /** Writes {@code text} to {@code dir/name}, creating folders, and returns the file. */
  static Path write(Path dir, String name, String text) throws IOException {
    Path p = dir.resolve(name);
    Files.createDirectories(p.getParent());
    Files.writeString(p, text);
    return p;
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
