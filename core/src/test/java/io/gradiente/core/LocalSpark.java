package io.gradiente.core;

import io.gradiente.core.data.LabeledRows;
import org.apache.spark.sql.SparkSession;

/** One local Spark session per test class, and a small table to train on. */
public final class LocalSpark {
  private LocalSpark() {}

  /** A {@code local[2]} session without UI. */
  public static SparkSession start(String name) {
    return start(name, "local[2]");
  }

  /**
   * A session on {@code master} without UI, e.g. {@code local[3,4]}: three task slots (a resident stage of three
   * partitions fits) and four attempts per task.
   */
  public static SparkSession start(String name, String master) {
    return SparkSession.builder().master(master).appName(name)
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .getOrCreate();
  }

  /**
   * 403 rows of 6 standard normal features and 3 classes ({@code [x0 + x1 > 0] + [x2 > 0.5]}), drawn from
   * {@code new Random(seed)}: a small problem that softmax can learn, for trainer tests.
   */
  public static LabeledRows threeClasses(SparkSession spark, long seed) {
    java.util.Random random = new java.util.Random(seed);
    int n = 403;
    double[][] x = new double[n][6];
    double[] y = new double[n];
    for (int r = 0; r < n; r++) {
      for (int f = 0; f < 6; f++) {
        x[r][f] = random.nextGaussian();
      }
      y[r] = (x[r][0] + x[r][1] > 0 ? 1 : 0) + (x[r][2] > 0.5 ? 1 : 0);
    }
    return LabeledRows.of(spark, "random", x, y);
  }

  /** The lesson's 100 points {@code y = 3x + (u - 0.5)} of {@code reference/linear.json}, one feature a row. */
  public static LabeledRows lessonLine(SparkSession spark) {
    ReferenceJson ref = ReferenceJson.load("linear.json");
    double[] x = ref.doubles("/x");
    double[][] rows = new double[x.length][];
    for (int i = 0; i < x.length; i++) {
      rows[i] = new double[] {x[i]};
    }
    return LabeledRows.of(spark, "linear.json", rows, ref.doubles("/y"));
  }
}
