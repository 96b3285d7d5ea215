package io.gradiente.jobs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.gradiente.core.LessonConstants;
import io.gradiente.core.LocalSpark;
import io.gradiente.core.ReferenceJson;
import io.gradiente.core.ResidentStage;
import io.gradiente.core.data.Blocks;
import io.gradiente.core.data.Columns;
import io.gradiente.core.data.LabeledRows;
import io.gradiente.core.eval.ClassificationReport;
import io.gradiente.core.eval.ConfusionMatrix;
import io.gradiente.core.eval.Evaluator;
import io.gradiente.core.loss.BinaryCrossEntropy;
import io.gradiente.core.loss.Loss;
import io.gradiente.core.loss.SoftmaxCrossEntropy;
import io.gradiente.core.model.LinearModel;
import io.gradiente.core.optim.Optimizer;
import io.gradiente.core.train.JobExchange;
import io.gradiente.core.train.Round;
import io.gradiente.core.train.RoundResult;
import io.gradiente.core.train.TrainConfig;
import io.gradiente.core.train.TrainResult;
import io.gradiente.core.train.Training;
import io.gradiente.datasets.BreastCancer;
import io.gradiente.datasets.Mnist;
import io.gradiente.datasets.Scaling;
import io.gradiente.datasets.Split;
import java.util.stream.Stream;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The lesson's logistic and softmax runs against numpy and scikit-learn (reference/logistic.json,
 * reference/softmax.json), in row order on one partition as the reference was made: weights and losses to 1e-9
 * relative, predictions, confusion matrices and reports exactly.
 */
class ReferenceParityTest {
  private static final double REL = 1e-9;
  private static SparkSession spark;
  private static ReferenceJson logistic;
  private static ReferenceJson softmax;
  private static Split cancer;

  @BeforeAll
  static void setUp() {
    spark = LocalSpark.start("reference-parity");
    logistic = ReferenceJson.load("logistic.json");
    softmax = ReferenceJson.load("softmax.json");
    cancer = Scaling.MINMAX.apply(BreastCancer.bundled(spark, 1));
  }

  @AfterAll
  static void tearDown() {
    spark.stop();
  }

  static Stream<Arguments> logisticRuns() {
    return Stream.of(Arguments.of("full_batch_gd"), Arguments.of("sgd_batch50_in_order"),
        Arguments.of("momentum_batch50_in_order"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("logisticRuns")
  void logisticRunMatchesNumpyAndScikitLearn(String name) {
    JsonNode run = logistic.at("/runs/" + name);
    Loss loss = BinaryCrossEntropy.withProbabilityFloor(LessonConstants.PROBABILITY_FLOOR);
    Blocks train = Blocks.of(cancer.train(), 1, 2);
    Blocks test = Blocks.of(cancer.test(), 1, 2);
    double[] init = new double[31];
    System.arraycopy(logistic.doubles("/w0"), 0, init, 0, 30);
    init[30] = logistic.number("/b0");
    long batch = run.get("batch").asLong();
    int epochs = run.get("epochs").asInt();
    double mu = run.get("momentum").asDouble();
    // 100 epochs of 10 steps and a loss pass: 1,100 rounds, through a resident stage rather than as Spark jobs.
    TrainResult r = ResidentStage.train(new Training(new TrainConfig(batch, 0.1, mu, epochs, 42, false), loss), train,
        init);

    double[] w = ReferenceJson.doubles(run.get("w"));
    for (int f = 0; f < 30; f++) {
      assertRel(w[f], r.params()[f], name + ": w[" + f + "]");
    }
    assertRel(run.get("b").asDouble(), r.params()[30], name + ": b");
    double[] losses = ReferenceJson.doubles(run.get("train_loss_after_each_epoch"));
    for (int e = 0; e < losses.length; e++) {
      assertRel(losses[e], r.history().trainLosses()[e], name + ": train loss after epoch " + e);
    }

    LinearModel model = new LinearModel(30, 1, r.params());
    double[] predicted = cancer.test().frame().orderBy(Columns.INDEX).collectAsList().stream()
        .mapToDouble(row -> model.predict(loss, ((Vector) row.getAs(Columns.FEATURES)).toArray())).toArray();
    assertArrayEquals(ReferenceJson.doubles(run.get("test_pred")), predicted, 0.0, name + ": test predictions");

    ConfusionMatrix cm = Evaluator.classify(test, loss, r.params(), 2).confusion();
    JsonNode confusion = run.get("confusion");
    for (int i = 0; i < 2; i++) {
      for (int j = 0; j < 2; j++) {
        assertEquals(confusion.get(i).get(j).asLong(), cm.count(i, j), name + ": confusion[" + i + "][" + j + "]");
      }
    }
    ClassificationReport report = ClassificationReport.of(cm);
    JsonNode expected = run.get("report");
    for (ClassificationReport.Line line : report.lines()) {
      String key = line.label().matches("\\d+") ? line.label() + ".0" : line.label();
      JsonNode e = expected.get(key);
      assertEquals(e.get("precision").asDouble(), line.precision(), 1e-12, name + ": precision " + key);
      assertEquals(e.get("recall").asDouble(), line.recall(), 1e-12, name + ": recall " + key);
      assertEquals(e.get("f1-score").asDouble(), line.f1(), 1e-12, name + ": f1 " + key);
      assertEquals(e.get("support").asLong(), line.support(), name + ": support " + key);
    }
    assertEquals(expected.get("accuracy").asDouble(), report.accuracy(), 1e-12, name + ": accuracy");
    train.release();
    test.release();
  }

  @Test
  void softmaxStepsMatchNumpy() {
    Split digits = Scaling.DIVIDE255.apply(Mnist.bundled(spark, 1));
    LabeledRows first1500 = new LabeledRows("mnist-10k rows 0-1499",
        digits.train().frame().where(functions.col(Columns.INDEX).lt(1500)), 784, 1500);
    Blocks blocks = Blocks.of(first1500, 1, 10);
    Blocks all = Blocks.of(digits.train(), 2, 10);
    // The lesson reports -log(clip(p, 1e-6, 1)); its gradient is the exact one.
    Loss loss = SoftmaxCrossEntropy.withProbabilityFloor(LessonConstants.PROBABILITY_FLOOR);
    int size = LinearModel.size(784, 10);
    double[] params = new double[size];
    System.arraycopy(softmax.doubles("/w0"), 0, params, 0, 7840);
    System.arraycopy(softmax.doubles("/b0"), 0, params, 7840, 10);
    Training training = new Training(new TrainConfig(500, 0.01, 0.9, 1, 42, false), loss);
    JobExchange gradient = new JobExchange(blocks, training.kernel(blocks, size), 1);
    Optimizer momentum = training.optimizer(size);
    double[] mean = new double[size];
    JsonNode steps = softmax.at("/steps");
    assertEquals(3, steps.size());
    for (int s = 0; s < 3; s++) {
      RoundResult g = gradient.run(Round.steps(0, s, 1, false), params);
      assertEquals(500, g.rows());
      gradient.kernel().meanStep(g, mean);
      JsonNode step = steps.get(s);
      assertRel(step.get("batch_loss_before_update").asDouble(), g.meanStepLoss(0), "batch loss before step " + s);
      double[] gradB = ReferenceJson.doubles(step.get("grad_b"));
      for (int k = 0; k < 10; k++) {
        assertRel(gradB[k], mean[7840 + k], "step " + s + " bias gradient " + k);
      }
      double frobenius = 0;
      for (int i = 0; i < 7840; i++) {
        frobenius += mean[i] * mean[i];
      }
      assertRel(step.get("grad_w_frobenius").asDouble(), Math.sqrt(frobenius), "step " + s + " |grad W|");
      momentum.step(params, mean);
    }
    double[] w = softmax.doubles("/w_final_row_major");
    for (int i = 0; i < 7840; i++) {
      assertRel(w[i], params[i], "final W[" + i / 10 + "][" + i % 10 + "]");
    }
    double[] b = softmax.doubles("/b_final");
    for (int k = 0; k < 10; k++) {
      assertRel(b[k], params[7840 + k], "final b[" + k + "]");
    }
    assertEquals(softmax.number("/train_accuracy_first_8000_after"),
        Evaluator.classify(all, loss, params, 10).confusion().accuracy(), 0.0, "accuracy on the 8,000 train rows");
    blocks.release();
    all.release();
  }

  @ParameterizedTest
  @ValueSource(strings = {"logistic.json", "softmax.json"})
  void theCopiesAreTheSharedFiles(String name) {
    ReferenceJson.assertSameAsShared(name);
  }

  private static void assertRel(double expected, double actual, String what) {
    assertEquals(expected, actual, REL * Math.abs(expected), what);
  }
}
