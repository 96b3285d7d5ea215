package io.gradiente.core.report;

import io.gradiente.core.eval.ClassificationReport;
import io.gradiente.core.eval.ConfusionMatrix;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructType;

/**
 * Reads report tables back: the tables of every run under an output folder (one folder per run, as
 * {@code gradiente train}, {@code gradiente lesson}, the Airflow DAG and the Zeppelin notes write them), as data
 * frames and as Spark SQL views (the notes' charts query them), and a run's confusion matrix and classification report.
 */
public final class Reports {
  /** Every report table and its schema; the view of each has the table's name. */
  public static final Map<String, StructType> TABLES = tables();

  private Reports() {}

  private static Map<String, StructType> tables() {
    Map<String, StructType> t = new LinkedHashMap<>();
    t.put("run", Tables.RUN);
    t.put("history", Tables.HISTORY);
    t.put("metrics", Tables.METRICS);
    t.put("confusion", Tables.CONFUSION);
    t.put("class_report", Tables.CLASS_REPORT);
    t.put("model", Tables.MODEL);
    t.put("surface", Tables.SURFACE);
    t.put("gradient_check", Tables.GRADIENT_CHECK);
    t.put("activations", Tables.ACTIVATIONS);
    return Collections.unmodifiableMap(t);
  }

  /**
   * The run folders under {@code output}, sorted by name; hidden folders (a report being written) are skipped.
   * An output folder that does not exist has no runs.
   */
  public static List<String> runs(SparkSession spark, String output) {
    Path root = new Path(output);
    List<String> runs = new ArrayList<>();
    try {
      FileSystem fs = root.getFileSystem(spark.sparkContext().hadoopConfiguration());
      if (!fs.exists(root)) {
        return runs;
      }
      for (FileStatus s : fs.listStatus(root)) {
        String name = s.getPath().getName();
        if (s.isDirectory() && !name.startsWith(".") && !name.startsWith("_")) {
          runs.add(name);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the runs in " + output, e);
    }
    Collections.sort(runs);
    return runs;
  }

  /** Table {@code table} of every run under {@code output} that has it; empty, with the table's schema, if none. */
  public static Dataset<Row> table(SparkSession spark, String output, String table) {
    StructType schema = TABLES.get(table);
    if (schema == null) {
      throw new IllegalArgumentException("no report table " + table + "; the tables are " + TABLES.keySet());
    }
    List<String> paths = new ArrayList<>();
    try {
      for (String run : runs(spark, output)) {
        Path p = new Path(new Path(output, run), table);
        if (p.getFileSystem(spark.sparkContext().hadoopConfiguration()).exists(p)) {
          paths.add(p.toString());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the reports in " + output, e);
    }
    if (paths.isEmpty()) {
      return spark.createDataFrame(Collections.emptyList(), schema);
    }
    return spark.read().schema(schema).parquet(paths.toArray(String[]::new));
  }

  /**
   * Registers (or replaces) one temporary view per report table, named as the table ({@code run}, {@code history},
   * {@code metrics}, ...), over every run under {@code output}. Call it again after new runs: a view lists its
   * files when it is created.
   *
   * @return the number of runs found
   */
  public static int register(SparkSession spark, String output) {
    for (String t : TABLES.keySet()) {
      table(spark, output, t).createOrReplaceTempView(t);
    }
    return runs(spark, output).size();
  }

  /** The confusion matrix of one run and split, from its {@code confusion} table. */
  public static ConfusionMatrix confusion(SparkSession spark, String output, String runId, String split) {
    List<Row> rows = table(spark, output, "confusion")
        .where(functions.col("run_id").equalTo(runId).and(functions.col("split").equalTo(split)))
        .select("actual", "predicted", "count").collectAsList();
    if (rows.isEmpty()) {
      throw new IllegalArgumentException("no confusion matrix for run " + runId + " (" + split + ") in " + output);
    }
    int k = 0;
    for (Row r : rows) {
      k = Math.max(k, Math.max(r.getInt(0), r.getInt(1)) + 1);
    }
    long[][] counts = new long[k][k];
    for (Row r : rows) {
      counts[r.getInt(0)][r.getInt(1)] = r.getLong(2);
    }
    return ConfusionMatrix.fromCounts(counts);
  }

  /** scikit-learn's text classification report of one run and split, with class names or null for the labels. */
  public static String classificationReport(SparkSession spark, String output, String runId, String split,
      List<String> names) {
    ClassificationReport cr = ClassificationReport.of(confusion(spark, output, runId, split));
    return names == null ? cr.format(2) : cr.format(2, names.toArray(String[]::new));
  }

  /** {@link #classificationReport(SparkSession, String, String, String, List)} with the class labels. */
  public static String classificationReport(SparkSession spark, String output, String runId, String split) {
    return classificationReport(spark, output, runId, split, null);
  }
}
