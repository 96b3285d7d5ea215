package io.gradiente.example;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gradiente.core.LessonConstants;
import io.gradiente.core.data.BadInputException;
import io.gradiente.core.data.Blocks;
import io.gradiente.core.data.Columns;
import io.gradiente.core.data.LabeledRows;
import io.gradiente.core.eval.Evaluator;
import io.gradiente.core.loss.Loss;
import io.gradiente.core.loss.SoftmaxCrossEntropy;
import io.gradiente.core.loss.SquaredError;
import io.gradiente.core.model.LinearModel;
import io.gradiente.core.train.TrainConfig;
import io.gradiente.core.train.TrainResult;
import io.gradiente.core.train.Training;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The core driven as another program would drive it: only public API, from a package outside
 * {@code io.gradiente.core}. Rows from arrays and from a Spark ML style DataFrame, one training call, per-row
 * predictions as a column, the lesson's probability floor.
 */
class LibraryUseTest {
  private static SparkSession spark;

  @BeforeAll
  static void setUp() {
    spark = SparkSession.builder().master("local[2]").appName("library-use")
        .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "2").getOrCreate();
  }

  @AfterAll
  static void tearDown() {
    spark.stop();
  }

  @Test
  void aLineFromArraysIsLearnedAndPredictedRowByRow() {
    int n = 21;
    double[][] x = new double[n][1];
    double[] y = new double[n];
    for (int r = 0; r < n; r++) {
      x[r][0] = -1 + r / 10.0;
      y[r] = 2 * x[r][0] + 1;
    }
    LabeledRows rows = LabeledRows.of(spark, "y = 2x + 1", x, y);
    Blocks blocks = Blocks.of(rows, 2, 0);
    try {
      // MSE's curvature is 2 for b and 2 mean(x^2) = 0.73 for w: lr 0.5 shrinks w's error by 0.63 a step.
      TrainConfig config = new TrainConfig(TrainConfig.FULL_BATCH, 0.5, 0.0, 60, 42, false).withTrainLossEvery(0);
      TrainResult result = new Training(config, SquaredError.INSTANCE).train(blocks, new double[2]);
      assertEquals(2.0, result.params()[0], 1e-9, "w");
      assertEquals(1.0, result.params()[1], 1e-9, "b");
      LinearModel model = new LinearModel(1, 1, result.params());
      List<Row> predicted = Evaluator.predictions(rows, SquaredError.INSTANCE, model)
          .orderBy(Columns.INDEX).collectAsList();
      assertEquals(n, predicted.size());
      for (int r = 0; r < n; r++) {
        Row row = predicted.get(r);
        assertEquals(r, row.getLong(row.fieldIndex(Columns.INDEX)));
        double p = row.getDouble(row.fieldIndex(Columns.PREDICTION));
        assertEquals(model.predict(SquaredError.INSTANCE, x[r]), p, 0.0, "row " + r + " as the model predicts it");
        assertEquals(y[r], p, 1e-9, "row " + r);
      }
    } finally {
      blocks.release();
    }
  }

  @Test
  void aSparkMlTableHoldsTheRowsOfItsArraysAndPredictsItsAccuracy() {
    Random random = new Random(7);
    int n = 300;
    double[][] x = new double[n][4];
    double[] y = new double[n];
    List<Row> table = new ArrayList<>();
    for (int r = 0; r < n; r++) {
      for (int f = 0; f < 4; f++) {
        x[r][f] = random.nextGaussian();
      }
      y[r] = (x[r][0] > 0 ? 1 : 0) + (x[r][1] > 0.5 ? 1 : 0);
      table.add(RowFactory.create("row" + r, y[r], Vectors.dense(x[r])));
    }
    StructType schema = new StructType().add("name", DataTypes.StringType)
        .add("label", DataTypes.DoubleType).add("features", SQLDataTypes.VectorType());
    Dataset<Row> frame = spark.createDataFrame(table, schema);
    LabeledRows fromFrame = LabeledRows.of(frame, "points table", "label", 2);
    LabeledRows fromArrays = LabeledRows.of(spark, "points arrays", x, y);
    assertEquals(4, fromFrame.features());
    assertEquals(n, fromFrame.rows());

    Loss loss = SoftmaxCrossEntropy.withProbabilityFloor(LessonConstants.PROBABILITY_FLOOR);
    Training training = new Training(new TrainConfig(50, 0.1, 0.9, 5, 42, true).withTrainLossEvery(0), loss);
    double[] start = LinearModel.initial(4, 3, LinearModel.Init.NORMAL, 42).params();
    Blocks a = Blocks.of(fromFrame, 2, 3);
    Blocks b = Blocks.of(fromArrays, 2, 3);
    try {
      assertEquals(b.fingerprint(), a.fingerprint(), "the same rows, in the same order: the same run either way");
      TrainResult result = training.train(a, start);

      double accuracy = Evaluator.classify(a, loss, result.params(), 3).confusion().accuracy();
      assertTrue(accuracy > 0.7, "learned (the largest class is half the rows): accuracy " + accuracy);
      Dataset<Row> predicted = Evaluator.predictions(fromFrame, loss, new LinearModel(4, 3, result.params()));
      long right = predicted.where(functions.col(Columns.PREDICTION).equalTo(functions.col(Columns.LABEL))).count();
      assertEquals(accuracy, right / (double) n, 1e-15, "the column's accuracy is the evaluation's");
      Vector first = predicted.orderBy(Columns.INDEX).first().getAs(Columns.FEATURES);
      assertArrayEquals(x[0], first.toArray(), 0.0, "rows keep their features and order");

      double exact = Evaluator.meanLoss(a, SoftmaxCrossEntropy.INSTANCE, result.params());
      double floored = Evaluator.meanLoss(a, loss, result.params());
      assertTrue(floored <= exact, "the floor only lowers the reported loss: " + floored + " vs " + exact);
    } finally {
      a.release();
      b.release();
    }
  }

  @Test
  void raggedArraysNameTheRow() {
    BadInputException e = assertThrows(BadInputException.class,
        () -> LabeledRows.of(spark, "mine", new double[][] {{1, 2}, {3}}, new double[] {0, 1}));
    assertEquals("mine: row 1: expected 2 features, got 1", e.getMessage());
  }
}
