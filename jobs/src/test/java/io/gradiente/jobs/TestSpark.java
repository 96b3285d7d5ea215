package io.gradiente.jobs;

import org.apache.spark.sql.SparkSession;

/** One local Spark session per test class. */
final class TestSpark {
  private TestSpark() {}

  /** A {@code local[2]} session without UI. */
  static SparkSession start(String name) {
    return SparkSession.builder().master("local[2]").appName(name)
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .getOrCreate();
  }
}
