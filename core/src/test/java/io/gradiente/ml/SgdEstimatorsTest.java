package io.gradiente.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gradiente.core.LocalSpark;
import io.gradiente.core.data.Blocks;
import io.gradiente.core.data.LabeledRows;
import io.gradiente.core.loss.Loss;
import io.gradiente.core.model.LinearModel;
import io.gradiente.core.model.ModelKind;
import io.gradiente.core.train.TrainConfig;
import io.gradiente.core.train.Training;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.evaluation.BinaryClassificationEvaluator;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.evaluation.RegressionEvaluator;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.tuning.CrossValidator;
import org.apache.spark.ml.tuning.CrossValidatorModel;
import org.apache.spark.ml.tuning.ParamGridBuilder;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
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
 * The estimators through Spark ML's own API: a {@code Pipeline} with {@code VectorAssembler}, MLlib's evaluators on
 * the output, save and load, {@code CrossValidator}; and the weights of a fit equal to {@link Training}'s on the
 * same rows and seed, bit for bit.
 */
class SgdEstimatorsTest {
  private static SparkSession spark;

  @BeforeAll
  static void setUp() {
    spark = LocalSpark.start("sgd-estimators");
  }

  @AfterAll
  static void tearDown() {
    spark.stop();
  }

  /** 240 rows of columns a, b and label = [a + 2b > 0], drawn from {@code new Random(seed)}: separable. */
  private static Dataset<Row> separable(long seed) {
    return table(seed, (a, b) -> a + 2 * b > 0 ? 1.0 : 0.0);
  }

  /** 240 rows of columns a, b and label = the largest of (a, b, -a - b): three classes softmax can separate. */
  private static Dataset<Row> threeWay(long seed) {
    return table(seed, (a, b) -> a > b && a > -a - b ? 0.0 : b > -a - b ? 1.0 : 2.0);
  }

  private static Dataset<Row> table(long seed, java.util.function.DoubleBinaryOperator label) {
    Random random = new Random(seed);
    List<Row> rows = new ArrayList<>();
    for (int r = 0; r < 240; r++) {
      double a = random.nextGaussian();
      double b = random.nextGaussian();
      rows.add(RowFactory.create(a, b, label.applyAsDouble(a, b)));
    }
    StructType schema = new StructType().add("a", DataTypes.DoubleType).add("b", DataTypes.DoubleType)
        .add("label", DataTypes.DoubleType);
    return spark.createDataFrame(rows, schema);
  }

  private static VectorAssembler assembler() {
    return new VectorAssembler().setInputCols(new String[] {"a", "b"}).setOutputCol("features");
  }

  private static Pipeline assembled(PipelineStage estimator) {
    return new Pipeline().setStages(new PipelineStage[] {assembler(), estimator});
  }

  @Test
  void aPipelineLearnsASeparableSetWithTheDefaultsAndAddsSparkColumns() {
    SgdClassifier classifier = new SgdClassifier();
    PipelineModel model = assembled(classifier).fit(separable(1));
    Dataset<Row> scored = model.transform(separable(2));
    double accuracy = new MulticlassClassificationEvaluator().setMetricName("accuracy").evaluate(scored);
    assertTrue(accuracy >= 0.97, "accuracy on new rows " + accuracy);
    double auc = new BinaryClassificationEvaluator().evaluate(scored);
    assertTrue(auc >= 0.99, "area under ROC " + auc);
    SgdClassificationModel fitted = (SgdClassificationModel) model.stages()[1];
    assertEquals("logistic", fitted.loss());
    assertEquals(2, fitted.numClasses());
    assertEquals(2, fitted.numFeatures());
    for (Row row : scored.select("rawPrediction", "probability", "prediction").collectAsList()) {
      Vector raw = row.getAs(0);
      Vector p = row.getAs(1);
      assertEquals(-raw.apply(0), raw.apply(1), 0.0, "raw = [-z, z]");
      assertEquals(1 / (1 + Math.exp(-raw.apply(1))), p.apply(1), 1e-12, "sigma(z)");
      assertEquals(1.0, p.apply(0) + p.apply(1), 1e-12);
      assertEquals(raw.apply(1) > 0 ? 1.0 : 0.0, row.getDouble(2), "prediction is the larger margin");
    }
  }

  @Test
  void logisticWeightsEqualTrainingOnTheSameRowsAndSeed() {
    Dataset<Row> data = assembler().transform(separable(3));
    SgdClassifier classifier = new SgdClassifier().setBatchSize(16).setLearningRate(0.05).setEpochs(7)
        .setSeed(11).setPartitions(3);
    SgdClassificationModel model = classifier.fit(data);
    double[] expected = train(data, classifier, ModelKind.LOGISTIC.loss(), 2, 1);
    assertArrayEquals(expected, model.weights(), "bit for bit");
    assertEquals(7, model.trainLosses().length);
  }

  @Test
  void softmaxIsChosenForThreeClassesAndItsWeightsEqualTraining() {
    Dataset<Row> data = assembler().transform(threeWay(5));
    SgdClassifier classifier = new SgdClassifier().setBatchSize(40).setLearningRate(0.1).setEpochs(20)
        .setPartitions(2).setExchange("job");
    SgdClassificationModel model = classifier.fit(data);
    assertEquals("softmax", model.loss());
    assertEquals(3, model.numClasses());
    assertArrayEquals(train(data, classifier, ModelKind.SOFTMAX.loss(), 3, 3), model.weights(), "bit for bit");
    Dataset<Row> scored = model.transform(data);
    double accuracy = new MulticlassClassificationEvaluator().setMetricName("accuracy").evaluate(scored);
    assertTrue(accuracy >= 0.95, "training accuracy " + accuracy);
    for (Row row : scored.select("probability").collectAsList()) {
      Vector p = row.getAs(0);
      assertEquals(1.0, p.apply(0) + p.apply(1) + p.apply(2), 1e-12);
    }
  }

  @Test
  void theLossParamForcesSoftmaxOnTwoClassesAndLogisticRefusesThree() {
    Dataset<Row> data = assembler().transform(separable(4));
    SgdClassificationModel softmax = new SgdClassifier().setLoss("softmax").setEpochs(2).fit(data);
    assertEquals("softmax", softmax.loss());
    assertEquals(2 * 3, softmax.weights().length, "two margins per row");
    Dataset<Row> three = LocalSpark.threeClasses(spark, 6).frame();
    Exception e = assertThrows(Exception.class, () -> new SgdClassifier().setLoss("logistic").fit(three));
    assertTrue(String.valueOf(rootMessage(e)).contains("outside the classes 0..1"), rootMessage(e));
  }

  @Test
  void aBadValueFailsTheFitNamingItsRowAndColumn() {
    List<Row> rows = List.of(RowFactory.create(Vectors.dense(1, 2), 0.0), RowFactory.create(Vectors.dense(3, 4), 1.0),
        RowFactory.create(Vectors.dense(5, Double.NaN), 1.0));
    StructType schema = new StructType().add("v", SQLDataTypes.VectorType()).add("y", DataTypes.DoubleType);
    SgdRegressor regressor = new SgdRegressor().setFeaturesCol("v").setLabelCol("y");
    Exception e = assertThrows(Exception.class, () -> regressor.fit(spark.createDataFrame(rows, schema)));
    assertEquals(regressor.uid() + " training data (featuresCol 'v', labelCol 'y'): row 2: column 'features' [1] "
        + "is NaN", rootMessage(e));
  }

  @Test
  void everyParamExplainsItselfWithItsDefault() {
    SgdClassifier classifier = new SgdClassifier().setSyncEvery(4);
    String explained = classifier.explainParams();
    for (String line : List.of("learningRate: step size lr > 0 (--lr) (default: 0.01)",
        "syncEvery: steps between synchronizations: 1 is synchronous SGD, H > 1 local SGD (--sync-every) "
            + "(default: 1, current: 4)", "exchange: ", "checkpointDir: ", "probabilityFloor: ", "loss: ",
        "featuresCol: ", "probabilityCol: ")) {
      assertTrue(explained.contains(line), line + " in\n" + explained);
    }
    assertEquals(4, classifier.trainConfig().syncEvery());
    assertThrows(IllegalArgumentException.class, () -> classifier.setMomentum(1.0), "momentum below 1");
    assertThrows(IllegalArgumentException.class, () -> classifier.setExchange("mail"), "job, stream or auto");
  }

  @Test
  void regressionLearnsALineAndItsWeightsEqualTraining() {
    List<Row> rows = new ArrayList<>();
    for (int r = 0; r < 41; r++) {
      double x = -1 + r / 20.0;
      rows.add(RowFactory.create(x, 0.5 * x, 2 * x + 0.5 * x * 0.5 + 1));
    }
    StructType schema = new StructType().add("a", DataTypes.DoubleType).add("b", DataTypes.DoubleType)
        .add("label", DataTypes.DoubleType);
    Dataset<Row> data = assembler().transform(spark.createDataFrame(rows, schema));
    SgdRegressor regressor = new SgdRegressor().setBatchSize(TrainConfig.FULL_BATCH).setLearningRate(0.2)
        .setMomentum(0.5).setEpochs(300).setInit("zeros");
    SgdRegressionModel model = regressor.fit(data);
    assertArrayEquals(train(data, regressor, ModelKind.LINEAR.loss(), 0, 1), model.weights(), "bit for bit");
    double rmse = new RegressionEvaluator().setMetricName("rmse").evaluate(model.transform(data));
    assertTrue(rmse < 1e-6, "rmse " + rmse);
  }

  @Test
  void aSavedPipelineModelPredictsTheSameAfterLoading(@TempDir Path dir) throws Exception {
    Pipeline pipeline = assembled(new SgdClassifier().setLoss("softmax").setEpochs(5).setLearningRate(0.05));
    PipelineModel model = pipeline.fit(separable(5));
    model.write().save(dir.resolve("model").toString());
    pipeline.write().save(dir.resolve("pipeline").toString());
    PipelineModel loaded = PipelineModel.load(dir.resolve("model").toString());
    Dataset<Row> test = separable(6);
    List<Row> before = model.transform(test).select("rawPrediction", "probability", "prediction").collectAsList();
    List<Row> after = loaded.transform(test).select("rawPrediction", "probability", "prediction").collectAsList();
    assertEquals(before, after);
    SgdClassificationModel fitted = (SgdClassificationModel) model.stages()[1];
    SgdClassificationModel back = (SgdClassificationModel) loaded.stages()[1];
    assertEquals(fitted.uid(), back.uid());
    assertArrayEquals(fitted.weights(), back.weights());
    assertArrayEquals(fitted.trainLosses(), back.trainLosses());
    assertTrue(Files.isDirectory(dir.resolve("model/stages/1_" + fitted.uid() + "/data")));

    SgdClassifier estimator = (SgdClassifier) Pipeline.load(dir.resolve("pipeline").toString()).getStages()[1];
    assertEquals("softmax", estimator.getLoss());
    assertEquals(5, estimator.getEpochs());
    assertEquals(0.05, estimator.getLearningRate());
    assertEquals(TrainConfig.DEFAULT_BATCH_SIZE, estimator.getBatchSize(), "a default stays a default");
  }

  @Test
  void aSavedRegressionModelLoadsWithItsWeights(@TempDir Path dir) throws Exception {
    Dataset<Row> data = LocalSpark.threeClasses(spark, 8).frame();
    SgdRegressionModel model = new SgdRegressor().setEpochs(3).setLearningRate(0.01).fit(data);
    model.save(dir.resolve("regression").toString());
    SgdRegressionModel loaded = SgdRegressionModel.load(dir.resolve("regression").toString());
    assertArrayEquals(model.weights(), loaded.weights());
    assertEquals(model.transform(data).select("prediction").collectAsList(),
        loaded.transform(data).select("prediction").collectAsList());
  }

  @Test
  void crossValidationChoosesTheBetterOfTwoLearningRates() {
    SgdClassifier classifier = new SgdClassifier().setEpochs(3).setBatchSize(32).setMomentum(0);
    ParamMap[] grid = new ParamGridBuilder().addGrid(classifier.learningRate(), new double[] {1e-4, 0.5}).build();
    CrossValidator cv = new CrossValidator().setEstimator(assembled(classifier))
        .setEstimatorParamMaps(grid).setEvaluator(new MulticlassClassificationEvaluator().setMetricName("accuracy"))
        .setNumFolds(2).setSeed(3);
    CrossValidatorModel model = cv.fit(separable(7));
    double[] metrics = model.avgMetrics();
    assertTrue(metrics[1] > metrics[0] + 0.05, "lr 0.5 " + metrics[1] + " against lr 1e-4 " + metrics[0]);
    assertTrue(metrics[1] >= 0.95, "accuracy " + metrics[1]);
    SgdClassificationModel best = (SgdClassificationModel) ((PipelineModel) model.bestModel()).stages()[1];
    assertEquals(0.5, ((SgdClassifier) best.parent()).getLearningRate());
  }

  @Test
  void aFitStoppedByAFailedCheckpointResumesFromTheLastOneToTheSameWeights(@TempDir Path dir) throws Exception {
    Dataset<Row> data = assembler().transform(separable(9));
    SgdClassifier classifier = new SgdClassifier().setEpochs(6).setBatchSize(40).setPartitions(2)
        .setExchange("job");
    JobCounter jobs = new JobCounter();
    spark.sparkContext().addSparkListener(jobs);
    try {
      double[] uninterrupted = jobs.count(() -> classifier.fit(data)).weights();
      int allJobs = jobs.last;
      classifier.setCheckpointDir(dir.toString()).setCheckpointEvery(1);
      Configuration conf = spark.sparkContext().hadoopConfiguration();
      FailingRenames.install(conf, 3);
      try {
        Exception e = assertThrows(Exception.class, () -> classifier.fit(data));
        assertTrue(rootMessage(e).startsWith("cannot rename "), rootMessage(e));
      } finally {
        FailingRenames.uninstall(conf);
      }
      List<String> saved;
      try (Stream<Path> files = Files.walk(dir.resolve("_checkpoints"))) {
        saved = files.map(f -> f.getFileName().toString()).filter(f -> f.endsWith(".ckpt")).sorted().toList();
      }
      assertEquals(2, saved.size(), "the newest two of three saved: " + saved);
      assertEquals("step-000000000018.ckpt", saved.get(1), "after epoch 3 of 6 steps each");

      double[] resumed = jobs.count(() -> classifier.fit(data)).weights();
      assertArrayEquals(uninterrupted, resumed, "bit for bit");
      assertTrue(jobs.last < allJobs - 12, "resumed after three epochs: " + jobs.last + " jobs, not " + allJobs);
      assertFalse(Files.exists(dir.resolve("_checkpoints")), "a fit that ends deletes its checkpoints");
    } finally {
      spark.sparkContext().removeSparkListener(jobs);
    }
  }

  /** Counts the Spark jobs that a fit starts. */
  private static final class JobCounter extends SparkListener {
    private final AtomicInteger started = new AtomicInteger();
    private int last;

    @Override
    public void onJobStart(SparkListenerJobStart start) {
      started.incrementAndGet();
    }

    <T> T count(Supplier<T> fit) throws TimeoutException {
      spark.sparkContext().listenerBus().waitUntilEmpty();
      int before = started.get();
      T result = fit.get();
      spark.sparkContext().listenerBus().waitUntilEmpty();
      last = started.get() - before;
      return result;
    }
  }

  /** The weights {@link Training} gives on the rows of {@code data} with {@code params}' configuration. */
  private static double[] train(Dataset<Row> data, SgdParams<?> params, Loss loss, int classes, int outputs) {
    LabeledRows rows = LabeledRows.of(data.select("features", "label"), "expected", "label", 0);
    Blocks blocks = Blocks.of(rows, params.getPartitions() > 0 ? params.getPartitions() : 2, classes);
    try {
      TrainConfig config = params.trainConfig();
      double[] start = LinearModel.initial(rows.features(), outputs, params.initValue(), config.seed()).params();
      return new Training(config, loss).train(blocks, start).params();
    } finally {
      blocks.release();
    }
  }

  private static String rootMessage(Throwable e) {
    while (e.getCause() != null) {
      e = e.getCause();
    }
    return e.getMessage();
  }
}
