package io.gradiente.core.report;

import io.gradiente.core.data.BadInputException;
import io.gradiente.core.fs.StagedWrite;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
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
 * ({@link StagedWrite}) and is renamed into place at the end, so a failed or killed run leaves no half-written
 * report; an existing run folder is replaced only when asked, and only after the new one is complete.
 */
public final class RunReport {
  private static final String READY = ".new";
  private static final String OLD = ".old";
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

  /** The folder a run's report goes to. */
  public static Path runPath(String output, String runId) {
    return new Path(output, runId);
  }

  /**
   * Finishes or undoes a report swap that a killed or failed run left halfway (see {@link #publish}), deletes the
   * hidden temporary folders of writes killed midway, then fails when the run folder exists and overwriting was not
   * asked for; call it before doing any work.
   *
   * @throws BadInputException naming the folder
   */
  public static void checkTarget(Configuration conf, String output, String runId, boolean overwrite) {
    recover(conf, output, runId);
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
   * Brings the run's report back to a state where it is visible under {@code <output>/<run-id>/}: finishes the swap
   * of an overwrite that stopped after the new report was complete ({@code .<run-id>.new} present), puts back an
   * old report that a swap had moved aside ({@code .<run-id>.old}, or {@code .<run-id>.old-<uuid>} of earlier
   * versions) when no report is visible, and deletes the rest: the old report once the new one is visible and the
   * hidden temporary folders ({@code .<run-id>.tmp-*}) of writes killed midway. Call it only when no other process
   * writes this run.
   */
  public static void recover(Configuration conf, String output, String runId) {
    Path target = runPath(output, runId);
    Path ready = new Path(output, "." + checkRunId(runId) + READY);
    Path old = new Path(output, "." + runId + OLD);
    try {
      FileSystem fs = target.getFileSystem(conf);
      if (fs.exists(ready)) {
        swap(fs, ready, target, old);
      }
      Path asidePattern = new Path(output, "." + runId + "{" + OLD + "," + OLD + "-" + StagedWrite.UUID_GLOB + "}");
      for (Path aside : StagedWrite.matching(fs, asidePattern)) {
        if (fs.exists(target)) {
          fs.delete(aside, true);
        } else {
          StagedWrite.rename(fs, aside, target);
        }
      }
      StagedWrite.deleteLeftovers(fs, new Path(output), runId);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot recover the report " + target + " of an interrupted write", e);
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
    try {
      FileSystem fs = target.getFileSystem(conf);
      Path tmp = StagedWrite.stage(fs, target, folder -> {
        for (Map.Entry<String, Table> e : tables.entrySet()) {
          spark.createDataFrame(e.getValue().rows, e.getValue().schema).coalesce(1)
              .write().mode(SaveMode.ErrorIfExists).parquet(new Path(folder, e.getKey()).toString());
        }
        for (Map.Entry<String, byte[]> e : files.entrySet()) {
          try (OutputStream out = fs.create(new Path(folder, e.getKey()), false)) {
            out.write(e.getValue());
          }
        }
      });
      return publish(conf, output, runId, tmp);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the report to " + target, e);
    }
  }

  /**
   * Puts a complete report folder {@code tmp} in place as {@code <output>/<run-id>/}, replacing the folder there.
   * Three renames, each atomic on HDFS and local file systems: {@code tmp} to {@code .<run-id>.new} (from now on
   * the new report counts as written), the old report aside to {@code .<run-id>.old}, {@code .<run-id>.new} onto
   * the run folder; then the old one is deleted. A kill or a failed rename at any point leaves either the old or
   * the new report under the run id, or {@code .<run-id>.new} complete with no report under the run id, which
   * {@link #recover} (run by {@link #checkTarget} and by a resumed run before anything else) moves into place.
   * Call it after {@link #checkTarget}.
   *
   * @return the run folder, fully qualified
   */
  public static Path publish(Configuration conf, String output, String runId, Path tmp) throws IOException {
    Path target = runPath(output, runId);
    Path ready = new Path(output, "." + runId + READY);
    FileSystem fs = target.getFileSystem(conf);
    if (fs.exists(ready)) {
      throw new IOException(fs.makeQualified(ready) + " exists: another write of run " + runId + " is under way");
    }
    StagedWrite.rename(fs, tmp, ready);
    swap(fs, ready, target, new Path(output, "." + runId + OLD));
    return fs.makeQualified(target);
  }

  /**
   * Moves the complete report {@code ready} onto {@code target}, the report there (if any) aside, then deletes that;
   * when the second rename fails, the old report goes back (and {@code ready} stays for {@link #recover}).
   */
  private static void swap(FileSystem fs, Path ready, Path target, Path old) throws IOException {
    boolean aside = fs.exists(target);
    if (aside) {
      if (fs.exists(old)) {
        fs.delete(old, true);
      }
      StagedWrite.rename(fs, target, old);
    }
    try {
      StagedWrite.rename(fs, ready, target);
    } catch (IOException e) {
      if (aside) {
        fs.rename(old, target);
      }
      throw e;
    }
    fs.delete(old, true);
  }

  private record Table(StructType schema, List<Row> rows) {}
}
