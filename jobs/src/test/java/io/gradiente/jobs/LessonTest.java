package io.gradiente.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gradiente.core.data.Columns;
import io.gradiente.core.model.LinearModel;
import io.gradiente.core.report.Tables;
import io.gradiente.datasets.BreastCancer;
import io.gradiente.datasets.Scaling;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole lesson end to end in local mode, with short epochs, and its reports read back. */
class LessonTest {
  private static final int EPOCHS = 3;
  @TempDir
  static Path out;
  private static SparkSession spark;
  private static String printed;

  @BeforeAll
  static void runLesson() {
    spark = TestSpark.start("lesson");
    PrintStream old = System.out;
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
      int code = Main.run("lesson", "--output", out.toString(), "--epochs", Integer.toString(EPOCHS), "--run-id",
          "t");
      assertEquals(0, code);
    } finally {
      System.setOut(old);
    }
    printed = buffer.toString(StandardCharsets.UTF_8);
    old.print(printed);
  }

  @AfterAll
  static void tearDown() {
    spark.stop();
  }

  @Test
  void leavesOneRunFolderPerExperiment() {
    File[] folders = out.toFile().listFiles();
    assertNotNull(folders);
    List<String> names = java.util.Arrays.stream(folders).map(File::getName).sorted().toList();
    assertEquals(Lesson.runIds("t"), names);
  }

  @Test
  void printsWhatTheLessonPrints() {
    assertTrue(printed.contains("  MSE of y = 3x on the data: 0.0885041382350553"), printed);
    assertTrue(printed.contains("\n  No hubo errores en la prueba\n"), printed);
    assertTrue(printed.contains("initial values: w = -46.85708143132658, b = 13.641041126378042"), printed);
    assertTrue(printed.contains("w = ") && printed.contains("b = "), printed);
    assertTrue(printed.matches("(?s).*\n  w after each step: \\[[-0-9.E]+, [-0-9.E]+, [-0-9.E]+\\]\n.*"),
        "one w per step, " + EPOCHS + " steps: " + printed);
    assertTrue(printed.matches("(?s).*before training, w and b from uniform\\(0, 1\\) - 0.5: cross-entropy "
        + "[0-9.]+, predicted probabilities from 0\\.[0-9]+ to 0\\.[0-9]+\n.*"), printed);
    assertTrue(printed.matches("(?s).*\n  final w: \\[(-?[0-9]+\\.[0-9]{6}, ){29}-?[0-9]+\\.[0-9]{6}\\]\n"
        + "  final b: -?[0-9.]+\n.*"), "30 logistic weights and the bias: " + printed);
    assertTrue(printed.matches("(?s).*\n  final w: 784 x 10, Frobenius norm [0-9.]+, from -[0-9.]+ to [0-9.]+\n"
        + "  final b: \\[(-?[0-9]+\\.[0-9]{6}, ){9}-?[0-9]+\\.[0-9]{6}\\]\n.*"), printed);
    assertTrue(printed.contains("precision    recall  f1-score   support"), printed);
    assertTrue(printed.contains("     Maligno") && printed.contains("     Benigno"), "the lesson's labels: " + printed);
    assertTrue(printed.contains("\n  relu\n  selu\n  tanh\n  softplus\n  softsign\n  sigmoid\n"),
        "activation names in the lesson's order: " + printed);
  }

  @Test
  void everyTableReadsBackWithItsDocumentedSchema() {
    Map<String, StructType> schemas = Map.of("run", Tables.RUN, "history", Tables.HISTORY, "metrics", Tables.METRICS,
        "model", Tables.MODEL, "confusion", Tables.CONFUSION, "class_report", Tables.CLASS_REPORT);
    for (String run : Lesson.runIds("t").subList(0, 8)) {
      for (Map.Entry<String, StructType> t : schemas.entrySet()) {
        boolean classifier = !run.contains("linear");
        if (!classifier && (t.getKey().equals("confusion") || t.getKey().equals("class_report"))) {
          continue;
        }
        Dataset<Row> table = table(run, t.getKey());
        assertEquals(t.getValue().asNullable(), table.schema(), run + "/" + t.getKey());
        assertTrue(table.count() > 0, run + "/" + t.getKey() + " has rows");
      }
    }
    assertEquals(Tables.SURFACE.asNullable(), table("t_03-linear-gd", "surface").schema());
    assertEquals(Tables.ACTIVATIONS.asNullable(), table("t_09-activations", "activations").schema());
  }

  @Test
  void reportsHoldTheLessonsNumbers() {
    Row run = table("t_08-softmax", "run").first();
    assertEquals("softmax", run.getString(run.fieldIndex("model")));
    assertEquals("500", run.getString(run.fieldIndex("batch_size")));
    assertEquals(0.01, run.getDouble(run.fieldIndex("learning_rate")), 0.0);
    assertEquals(0.9, run.getDouble(run.fieldIndex("momentum")), 0.0);
    assertEquals(8000L, run.getLong(run.fieldIndex("train_rows")));
    assertTrue(run.getString(run.fieldIndex("blas")).matches("(native|vector|java) .*"));
    assertTrue(run.getDouble(run.fieldIndex("train_seconds")) > 0);
    // 8,000 rows in batches of 500: 16 steps per epoch.
    assertEquals(16L * EPOCHS, table("t_08-softmax", "history").count());
    assertEquals(EPOCHS, table("t_08-softmax", "history").where("train_loss IS NOT NULL").count());
    assertEquals(100L, table("t_08-softmax", "confusion").where("split = 'test'").count(), "10 x 10 cells");
    assertEquals(2000L, table("t_08-softmax", "confusion").where("split = 'test'").agg(
        org.apache.spark.sql.functions.sum("count")).first().getLong(0));
    assertEquals(13L, table("t_08-softmax", "class_report").where("split = 'test'").count(),
        "10 classes, accuracy, macro avg, weighted avg");
    assertEquals(7850L, table("t_08-softmax", "model").count());
    // Breast cancer: 500 rows in batches of 50.
    assertEquals(10L * EPOCHS, table("t_06-logistic-sgd", "history").count());
    assertEquals(EPOCHS, table("t_05-logistic-gd", "history").count());
    // Linear: 40 x 200 surface points, 100 gradient-check points (w and b each) that all pass, MSE/RMSE/R² on both
    // splits.
    assertEquals(8000L, table("t_03-linear-gd", "surface").count());
    assertEquals(200L, table("t_03-linear-gd", "gradient_check").where("passed").count());
    assertEquals(100L, table("t_03-linear-gd", "gradient_check").where("parameter = 'b' and abs(value) <= 50")
        .count());
    assertTrue(table("t_03-linear-gd", "gradient_check").where("abs(value) > 40").count() > 10,
        "w and b from uniform(-50, 50)");
    assertEquals(Tables.GRADIENT_CHECK.asNullable(), table("t_03-linear-gd", "gradient_check").schema());
    assertEquals(6L, table("t_03-linear-gd", "metrics").where("name IN ('mse', 'rmse', 'r2')").count());
    assertEquals(600L, table("t_09-activations", "activations").count());
    Row fdW = table("t_01-linear-fd-w", "model").where("feature = 'bias'").first();
    assertEquals(0.0, fdW.getDouble(fdW.fieldIndex("weight")), 0.0, "w alone: b stays at 0");
    Row fdWB = table("t_02-linear-fd-wb", "history").where("step = 0").first();
    assertEquals(28.4682090715715, fdWB.getDouble(fdWB.fieldIndex("batch_loss")), 1e-9, "the MSE at (0, 5)");
    Row float32 = table("t_04-linear-float32", "run").first();
    assertTrue(float32.getString(float32.fieldIndex("config")).contains("\"precision\":\"float\""));
    assertTrue(float32.getString(float32.fieldIndex("config")).contains("\"init\":\"uniform\""));
    for (String trained : List.of("t_05-logistic-gd", "t_08-softmax")) {
      Row config = table(trained, "run").first();
      assertTrue(config.getString(config.fieldIndex("config")).contains("\"init\":\"uniform\""), trained);
    }
  }

  @Test
  void miniBatchRunsRecordTheTrainingLossBeforeEveryStep() {
    for (String run : List.of("t_06-logistic-sgd", "t_07-logistic-momentum")) {
      assertEquals(10L * EPOCHS, table(run, "history").where("step_train_loss IS NOT NULL").count(), run);
      // The loss before the first step of epoch e + 1 and after epoch e are taken at the same weights.
      for (int e = 0; e + 1 < EPOCHS; e++) {
        double after = table(run, "history").where("epoch = " + e + " AND train_loss IS NOT NULL").first()
            .getAs("train_loss");
        double before = table(run, "history").where("step = " + 10 * (e + 1)).first().getAs("step_train_loss");
        assertEquals(after, before, 1e-12 * after, run + ": epoch " + e);
      }
    }
    assertEquals(0L, table("t_05-logistic-gd", "history").where("step_train_loss IS NOT NULL").count(),
        "full-batch GD: the batch is the training set");
    // Before the first step the weights are the run's U(-1, 1) draws: the lesson's clipped cross-entropy over the
    // 500 scaled training rows, computed here row by row.
    double[] p = LinearModel.initial(30, 1, LinearModel.Init.UNIFORM, 42).params();
    List<Row> rows = Scaling.MINMAX.apply(BreastCancer.bundled(spark, 1)).train().frame()
        .select(Columns.FEATURES, Columns.LABEL).collectAsList();
    double sum = 0;
    for (Row row : rows) {
      double[] x = ((org.apache.spark.ml.linalg.Vector) row.get(0)).toArray();
      double z = p[30];
      for (int f = 0; f < 30; f++) {
        z += x[f] * p[f];
      }
      double prob = 1 / (1 + Math.exp(-z));
      double y = row.getDouble(1);
      sum += -y * Math.log(Math.max(prob, 1e-6)) - (1 - y) * Math.log(Math.max(1 - prob, 1e-6));
    }
    assertEquals(500, rows.size());
    double first = table("t_06-logistic-sgd", "history").where("step = 0").first().getAs("step_train_loss");
    assertEquals(sum / rows.size(), first, 1e-12, "the training loss before the first step");
  }

  @Test
  void writesPlotsThatArePictures() throws Exception {
    for (String png : List.of("t_03-linear-gd/surface.png", "t_03-linear-gd/fit.png", "t_03-linear-gd/loss.png",
        "t_05-logistic-gd/confusion_test.png", "t_06-logistic-sgd/batch_loss.png", "t_08-softmax/digits.png",
        "t_08-softmax/batch_loss.png", "t_09-activations/activations.png")) {
      BufferedImage image = ImageIO.read(Files.newInputStream(out.resolve(png)));
      assertNotNull(image, png);
      assertTrue(image.getWidth() >= 400 && image.getHeight() >= 300, png);
    }
  }

  private static Dataset<Row> table(String run, String name) {
    return spark.read().parquet(out.resolve(run).resolve(name).toString());
  }
}
