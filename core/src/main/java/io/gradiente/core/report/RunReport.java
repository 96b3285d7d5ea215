package io.gradiente.core.report;

import io.gradiente.core.data.BadInputException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * The reports of one run: Parquet tables (schemas in {@link Tables}) and files such as PNG plots, written under
 * {@code <output>/<run-id>/} all or nothing. Everything goes to a hidden temporary folder beside the target first
 * and is renamed into place at the end, so a failed or killed run leaves no half-written report; an existing run
 * folder is replaced only when asked, and only after the new one is complete.
 */
public final class RunReport {
  private final String runId;
  private final Map<String, Table> tables = new LinkedHashMap<>();
  private final Map<String, byte[]> files = new LinkedHashMap<>();

  /** An empty report for a run id. */
  public RunReport(String runId) {
    this.runId = checkRunId(runId);
  }

  /** Checks that a run id is a plain folder name; returns it. */
  public static String checkRunId(String runId) {
    if (runId == null || !runId.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
      throw new BadInputException("--run-id must be letters, digits, '.', '_' or '-' (not starting with one of "
          + "the last three), got '" + runId + "'");
    }
    return runId;
  }

  /** The run id. */
  public String runId() {
    return runId;
  }

  /** Adds a row to table {@code name} of the given schema; {@code run_id} is prepended to the values. */
  public RunReport add(String name, StructType schema, Object... values) {
    Table t = tables.computeIfAbsent(name, n -> new Table(schema, new ArrayList<>()));
    if (!t.schema.equals(schema)) {
      throw new IllegalArgumentException("table " + name + " already has another schema");
    }
    Object[] row = new Object[values.length + 1];
    row[0] = runId;
    System.arraycopy(values, 0, row, 1, values.length);
    if (row.length != schema.size()) {
      throw new IllegalArgumentException("table " + name + " has " + schema.size() + " columns, got " + row.length);
    }
    t.rows.add(RowFactory.create(row));
    return this;
  }

  /** Declares table {@code name} so that it is written even when it gets no rows. */
  public RunReport declare(String name, StructType schema) {
    tables.computeIfAbsent(name, n -> new Table(schema, new ArrayList<>()));
    return this;
  }

  /** Adds a file (for example a PNG plot) written beside the tables. */
  public RunReport file(String name, byte[] bytes) {
    files.put(name, bytes.clone());
    return this;
  }

  /** Names of the tables added so far. */
  public List<String> tableNames() {
    return List.copyOf(tables.keySet());
  }

  /** The folder a run's report goes to. */
  public static Path runPath(String output, String runId) {
    return new Path(output, runId);
  }

  /**
   * Fails when the run folder exists and overwriting was not asked for; call it before doing any work.
   *
   * @throws BadInputException naming the folder
   */
  public static void checkTarget(Configuration conf, String output, String runId, boolean overwrite) {
    Path target = runPath(output, runId);
    try {
      FileSystem fs = target.getFileSystem(conf);
      if (!overwrite && fs.exists(target)) {
        throw new BadInputException("report " + fs.makeQualified(target) + " already exists; pass --overwrite to "
            + "replace it or choose another --run-id");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot check " + target, e);
    }
  }

  /**
   * Deletes the hidden temporary folders ({@code <output>/.<run-id>.tmp-*}) that a report write killed midway
   * leaves behind; call it only when no other process writes this run.
   *
   * @return how many were deleted
   */
  public static int removeLeftovers(Configuration conf, String output, String runId) {
    Path pattern = new Path(output, "." + checkRunId(runId) + ".tmp-*");
    try {
      FileSystem fs = pattern.getFileSystem(conf);
      FileStatus[] found = fs.globStatus(pattern);
      int n = 0;
      for (FileStatus st : found == null ? new FileStatus[0] : found) {
        n += fs.delete(st.getPath(), true) ? 1 : 0;
      }
      return n;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot clean up " + pattern, e);
    }
  }

  /**
   * Writes every table and file under {@code <output>/<run-id>/}, all or nothing.
   *
   * @return the run folder, fully qualified
   */
  public Path write(SparkSession spark, String output, boolean overwrite) {
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    checkTarget(conf, output, runId, overwrite);
    Path target = runPath(output, runId);
    Path tmp = new Path(output, "." + runId + ".tmp-" + UUID.randomUUID());
    try {
      FileSystem fs = target.getFileSystem(conf);
      try {
        for (Map.Entry<String, Table> e : tables.entrySet()) {
          spark.createDataFrame(e.getValue().rows, e.getValue().schema).coalesce(1)
              .write().mode(SaveMode.ErrorIfExists).parquet(new Path(tmp, e.getKey()).toString());
        }
        for (Map.Entry<String, byte[]> e : files.entrySet()) {
          try (OutputStream out = fs.create(new Path(tmp, e.getKey()), false)) {
            out.write(e.getValue());
          }
        }
        Path old = null;
        if (fs.exists(target)) {
          old = new Path(output, "." + runId + ".old-" + UUID.randomUUID());
          rename(fs, target, old);
        }
        rename(fs, tmp, target);
        if (old != null) {
          fs.delete(old, true);
        }
        return fs.makeQualified(target);
      } catch (RuntimeException | IOException e) {
        fs.delete(tmp, true);
        throw e;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the report to " + target, e);
    }
  }

  private static void rename(FileSystem fs, Path from, Path to) throws IOException {
    if (!fs.rename(from, to)) {
      throw new IOException("cannot rename " + from + " to " + to);
    }
  }

  private record Table(StructType schema, List<Row> rows) {}
}
