package io.gradiente.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gradiente.core.LocalSpark;
import io.gradiente.core.data.Columns;
import io.gradiente.core.model.LinearModel;
import io.gradiente.core.report.Tables;
import io.gradiente.datasets.BreastCancer;
import io.gradiente.datasets.Scaling;
import io.gradiente.jobs.plot.Palette;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.File;
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
    spark = LocalSpark.start("lesson");
    MainRun lesson = MainRun.of("lesson", "--output", out.toString(), "--epochs", Integer.toString(EPOCHS),
        "--run-id", "t");
    System.out.print(lesson.out());
    assertEquals(0, lesson.code(), lesson.err());
    printed = lesson.out();
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
        "t_06-logistic-sgd/batch_loss.png", "t_08-softmax/batch_loss.png", "t_09-activations/activations.png")) {
      BufferedImage image = picture(png);
      assertTrue(labelsLeftOfPlot(image) >= 3, png + ": at least three tick labels on the y axis");
      assertTrue(labelsBelowPlot(image) >= 3, png + ": at least three tick labels on the x axis");
    }
    // Curves and points in the palette's series colours: the loss per epoch; the six activation functions.
    assertTrue(pixels(picture("t_03-linear-gd/loss.png"), Palette.series(0)) >= 50, "the loss curve");
    BufferedImage activations = picture("t_09-activations/activations.png");
    for (int i = 0; i < 6; i++) {
      assertTrue(pixels(activations, Palette.series(i)) >= 50, "activation curve " + i);
    }
    // Every cell of the confusion matrix in the Blues colour of its count over the largest count.
    List<Row> cells = table("t_05-logistic-gd", "confusion").where("split = 'test'").collectAsList();
    long max = cells.stream().mapToLong(r -> r.getLong(r.fieldIndex("count"))).max().orElseThrow();
    BufferedImage confusion = picture("t_05-logistic-gd/confusion_test.png");
    for (Row r : cells) {
      long count = r.getLong(r.fieldIndex("count"));
      assertTrue(pixels(confusion, Palette.blues((double) count / max)) >= 10_000, "the cell of count " + count);
    }
    // The MSE surface: its least and greatest values in viridis' ends, and a colour legend right of the cells,
    // yellow above violet.
    BufferedImage surface = picture("t_03-linear-gd/surface.png");
    assertTrue(pixels(surface, Palette.viridis(0)) >= 10 && pixels(surface, Palette.viridis(1)) >= 10,
        "both ends of the colour scale");
    int legendColumns = 0;
    for (int x = surface.getWidth() * 7 / 8; x < surface.getWidth(); x++) {
      int top = firstRow(surface, x, Palette.viridis(1));
      int bottom = firstRow(surface, x, Palette.viridis(0));
      legendColumns += top >= 0 && bottom > top + 200 ? 1 : 0;
    }
    assertTrue(legendColumns >= 10, "a colour legend " + legendColumns + " pixels wide");
    // The first 100 digits, 10 by 10, scaled 3 times with a label strip each (Plots.digitGrid).
    BufferedImage digits = picture("t_08-softmax/digits.png");
    assertEquals(884, digits.getWidth());
    assertEquals(1064, digits.getHeight());
    assertTrue(pixels(digits, Color.BLACK) > 5_000 && pixels(digits, Color.WHITE) > 300_000, "ink on paper");
  }

  private static BufferedImage picture(String png) throws Exception {
    BufferedImage image = ImageIO.read(Files.newInputStream(out.resolve(png)));
    assertNotNull(image, png);
    return image;
  }

  /** The pixels within 30 (red, green and blue differences added) of {@code colour}. */
  private static int pixels(BufferedImage image, Color colour) {
    int n = 0;
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        n += close(new Color(image.getRGB(x, y)), colour) ? 1 : 0;
      }
    }
    return n;
  }

  private static boolean close(Color a, Color b) {
    return Math.abs(a.getRed() - b.getRed()) + Math.abs(a.getGreen() - b.getGreen())
        + Math.abs(a.getBlue() - b.getBlue()) <= 30;
  }

  private static int firstRow(BufferedImage image, int x, Color colour) {
    for (int y = 0; y < image.getHeight(); y++) {
      if (close(new Color(image.getRGB(x, y)), colour)) {
        return y;
      }
    }
    return -1;
  }

  /**
   * The tick labels left of the plot: the groups of dark rows in the 20 pixels left of the plot's left edge (the
   * first column with 300 dark pixels: its outline, or its first cells).
   */
  private static int labelsLeftOfPlot(BufferedImage image) {
    int left = 0;
    while (dark(image, left, 0, 1, image.getHeight()) < 300) {
      left++;
    }
    boolean[] ink = new boolean[image.getHeight()];
    for (int y = 0; y < ink.length; y++) {
      ink[y] = dark(image, left - 24, y, 20, 1) > 0;
    }
    return groups(ink);
  }

  /** The tick labels under the plot: groups of dark columns in the 16 rows below the plot's bottom edge. */
  private static int labelsBelowPlot(BufferedImage image) {
    int bottom = image.getHeight() - 1;
    while (dark(image, 0, bottom, image.getWidth(), 1) < 400) {
      bottom--;
    }
    boolean[] ink = new boolean[image.getWidth()];
    for (int x = 0; x < ink.length; x++) {
      ink[x] = dark(image, x, bottom + 4, 1, 16) > 0;
    }
    return groups(ink);
  }

  /** The pixels darker than grid lines (luminance below 0.8) in a rectangle. */
  private static int dark(BufferedImage image, int x0, int y0, int width, int height) {
    int n = 0;
    for (int y = y0; y < y0 + height; y++) {
      for (int x = x0; x < x0 + width; x++) {
        n += Palette.luminance(new Color(image.getRGB(x, y))) < 0.8 ? 1 : 0;
      }
    }
    return n;
  }

  /** Runs of true separated by at least 5 false: the labels along an axis. */
  private static int groups(boolean[] ink) {
    int groups = 0;
    int gap = Integer.MAX_VALUE;
    for (boolean b : ink) {
      if (b) {
        groups += gap >= 5 ? 1 : 0;
        gap = 0;
      } else if (gap < Integer.MAX_VALUE) {
        gap++;
      }
    }
    return groups;
  }

  private static Dataset<Row> table(String run, String name) {
    return spark.read().parquet(out.resolve(run).resolve(name).toString());
  }
}
