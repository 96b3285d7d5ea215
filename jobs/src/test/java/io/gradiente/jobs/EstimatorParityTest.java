package io.gradiente.jobs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gradiente.core.LocalSpark;
import io.gradiente.core.model.LinearModel;
import io.gradiente.core.report.Reports;
import io.gradiente.ml.SgdClassifier;
import io.gradiente.ml.SgdRegressor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Spark ML estimators and {@code gradiente train} on the same Parquet rows with the same settings learn the
 * same weights, bit for bit: the estimator's model against the report's {@code model} table.
 */
class EstimatorParityTest {
  @TempDir
  static Path dir;
  private static SparkSession spark;

  @BeforeAll
  static void setUp() {
    spark = LocalSpark.start("estimator-parity");
  }

  @AfterAll
  static void tearDown() {
    spark.stop();
  }

  @Test
  void softmaxClassifierEqualsTheCommandLine() {
    String data = parquet("three.parquet", 9, (x, random) -> x[0] + x[1] > 0.5 ? 2.0 : x[2] > 0 ? 1.0 : 0.0);
    double[] cli = train("softmax", data, "--batch-size", "20", "--lr", "0.1", "--epochs", "6", "--seed", "7",
        "--partitions", "2");
    SgdClassifier classifier = new SgdClassifier().setBatchSize(20).setLearningRate(0.1).setEpochs(6).setSeed(7)
        .setPartitions(2);
    assertArrayEquals(cli, classifier.fit(spark.read().parquet(data)).weights(), "bit for bit");
  }

  @Test
  void logisticClassifierInFloatWithLocalSgdEqualsTheCommandLine() {
    String data = parquet("two.parquet", 10, (x, random) -> x[0] - x[3] > 0 ? 1.0 : 0.0);
    double[] cli = train("logistic", data, "--batch-size", "12", "--lr", "0.3", "--momentum", "0.5", "--epochs", "4",
        "--seed", "3", "--partitions", "3", "--sync-every", "2", "--precision", "float", "--init", "normal",
        "--exchange", "job");
    SgdClassifier classifier = new SgdClassifier().setBatchSize(12).setLearningRate(0.3).setMomentum(0.5)
        .setEpochs(4).setSeed(3).setPartitions(3).setSyncEvery(2).setPrecision("float").setInit("normal");
    assertArrayEquals(cli, classifier.fit(spark.read().parquet(data)).weights(), "bit for bit");
  }

  @Test
  void regressorEqualsTheCommandLine() {
    String data = parquet("line.parquet", 11, (x, random) -> 3 * x[0] - x[1] + 0.1 * random.nextGaussian());
    double[] cli = train("linear", data, "--batch-size", "full", "--lr", "0.2", "--epochs", "30", "--seed", "5",
        "--no-shuffle", "--aggregation-depth", "2", "--partitions", "4", "--exchange", "job");
    SgdRegressor regressor = new SgdRegressor().setBatchSize(Long.MAX_VALUE).setLearningRate(0.2).setEpochs(30)
        .setSeed(5).setShuffle(false).setAggregationDepth(2).setPartitions(4).setExchange("job");
    assertArrayEquals(cli, regressor.fit(spark.read().parquet(data)).weights(), "bit for bit");
  }

  /** How a row's label follows from its features (and, for noise, the generator). */
  private interface Labeler {
    double label(double[] x, Random random);
  }

  /** 96 rows of four standard normal features and a label, drawn from {@code new Random(seed)}, as Parquet. */
  private static String parquet(String name, long seed, Labeler labeler) {
    Random random = new Random(seed);
    List<Row> rows = new ArrayList<>();
    for (int r = 0; r < 96; r++) {
      double[] x = new double[4];
      for (int f = 0; f < x.length; f++) {
        x[f] = random.nextGaussian();
      }
      rows.add(RowFactory.create(Vectors.dense(x), labeler.label(x, random)));
    }
    StructType schema = new StructType().add("features", SQLDataTypes.VectorType())
        .add("label", DataTypes.DoubleType);
    String path = dir.resolve(name).toString();
    spark.createDataFrame(rows, schema).coalesce(1).write().parquet(path);
    return path;
  }

  /** Runs {@code gradiente train} on {@code data} (train and test) unscaled and returns the report's weights. */
  private static double[] train(String model, String data, String... options) {
    String runId = "cli-" + model;
    List<String> args = new ArrayList<>(List.of("train", "--model", model, "--format", "parquet", "--train", data,
        "--test", data, "--scale", "none", "--output", dir.resolve("reports").toString(), "--run-id", runId));
    args.addAll(List.of(options));
    assertEquals(0, Main.run(args.toArray(String[]::new)), "gradiente train " + args);
    List<Row> table = Reports.table(spark, dir.resolve("reports").toString(), "model")
        .where("run_id = '" + runId + "'").collectAsList();
    int outputs = 1 + table.stream().mapToInt(r -> r.<Integer>getAs("output")).max().orElseThrow();
    int features = table.size() / outputs - 1;
    double[] params = new double[LinearModel.size(features, outputs)];
    for (Row r : table) {
      int k = r.getAs("output");
      int f = r.getAs("feature_index");
      params[(f < 0 ? features : f) * outputs + k] = r.getAs("weight");
    }
    return params;
  }
}
