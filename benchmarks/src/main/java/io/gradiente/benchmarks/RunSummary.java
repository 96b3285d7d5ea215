package io.gradiente.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.example.GroupReadSupport;

/**
 * Prints one line, {@code train_seconds=... test_accuracy=... exchange=...}, for the run folder of a
 * {@code gradiente train} run given as the only argument: the {@code run} table's {@code train_seconds} and the
 * {@code metrics} table's test accuracy, read from the Parquet files directly (no Spark session), and the exchange
 * the run recorded ({@code -} when the run table has none). For {@code benchmarks/bin/lesson-softmax}.
 */
public final class RunSummary {
  private RunSummary() {}

  /** Reads the run folder {@code args[0]} and prints its line. */
  public static void main(String[] args) throws IOException {
    Path folder = new Path(args[0]);
    Group run = rows(folder, "run").get(0);
    double trainSeconds = run.getDouble("train_seconds", 0);
    String exchange = run.getType().containsField("exchange") ? run.getString("exchange", 0)
        : configExchange(run.getString("config", 0));
    double accuracy = Double.NaN;
    for (Group m : rows(folder, "metrics")) {
      if (m.getString("split", 0).equals("test") && m.getString("name", 0).equals("accuracy")) {
        accuracy = m.getDouble("value", 0);
      }
    }
    System.out.printf(Locale.ROOT, "train_seconds=%.3f test_accuracy=%.4f exchange=%s%n", trainSeconds, accuracy,
        exchange);
  }

  private static String configExchange(String config) throws IOException {
    JsonNode exchange = new ObjectMapper().readTree(config).get("exchange");
    return exchange == null || exchange.isNull() ? "-" : exchange.asText();
  }

  /** Every row of one table of the run folder (the Parquet part files of its subfolder). */
  private static List<Group> rows(Path folder, String table) throws IOException {
    Configuration conf = new Configuration();
    Path dir = new Path(folder, table);
    List<Group> rows = new ArrayList<>();
    for (FileStatus part : FileSystem.get(dir.toUri(), conf).listStatus(dir)) {
      if (!part.getPath().getName().endsWith(".parquet")) {
        continue;
      }
      try (ParquetReader<Group> reader = ParquetReader.builder(new GroupReadSupport(), part.getPath())
          .withConf(conf).build()) {
        for (Group g = reader.read(); g != null; g = reader.read()) {
          rows.add(g);
        }
      }
    }
    return rows;
  }
}
