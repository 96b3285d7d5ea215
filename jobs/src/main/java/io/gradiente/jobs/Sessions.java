package io.gradiente.jobs;

import io.gradiente.core.linalg.BlasKernel;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * The Spark session of a command: the given master, else the one spark-submit set, else local mode; executors get
 * one BLAS thread per task and the driver's other BLAS variables ({@link BlasKernel#carried}).
 */
final class Sessions {
  private static final String PLAN_FIELDS = "spark.sql.debug.maxToStringFields";

  private Sessions() {}

  /** Starts (or joins) the session; local mode uses every core unless a master is given. */
  static SparkSession start(String master, String appName) {
    SparkConf conf = new SparkConf();
    SparkSession.Builder builder = SparkSession.builder().appName(appName);
    if (master != null) {
      builder.master(master);
    } else if (!conf.contains("spark.master")) {
      builder.master("local[*]");
    }
    // Executors run the driver's BLAS kernels: a YARN container or a pod does not inherit the environment that
    // picked them here (README, "Determinism"). A value the user set for an executor wins.
    BlasKernel.carried(System.getenv()).forEach((name, value) -> {
      if (!conf.contains("spark.executorEnv." + name)) {
        builder.config("spark.executorEnv." + name, value);
      }
    });
    if (!conf.contains("spark.executorEnv.OPENBLAS_NUM_THREADS")) {
      // One BLAS thread per task: OpenBLAS's own pool fights the task threads (3-5x slower, docs/BENCHMARKS.md).
      // Local mode runs in this JVM, so there the variable must be set before it starts (bin scripts do).
      builder.config("spark.executorEnv.OPENBLAS_NUM_THREADS", "1");
    }
    String effective = master != null ? master : conf.get("spark.master", "local[*]");
    if (effective.startsWith("local") && !conf.contains("spark.ui.enabled")) {
      builder.config("spark.ui.enabled", "false");
    }
    if (!conf.contains(PLAN_FIELDS)) {
      // The run table has more columns than Spark's default of 25 for a plan's description, and every write of it
      // would print a WARN that the description was truncated.
      builder.config(PLAN_FIELDS, "100");
    }
    return builder.getOrCreate();
  }
}
