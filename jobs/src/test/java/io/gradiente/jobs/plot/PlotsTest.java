package io.gradiente.jobs.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class PlotsTest {

  private static final Path SAMPLES = Path.of("target", "plot-samples");

  // ---------------------------------------------------------------------------------------------
  // lines

  @Test
  void linesOfSeveralRunsDecodeToAChartOfTheStandardSize() throws IOException {
    List<Series> runs = new ArrayList<>();
    double[] rates = {0.3, 0.1, 0.03};
    for (double rate : rates) {
      double[] loss = new double[30];
      for (int e = 0; e < loss.length; e++) {
        loss[e] = 0.05 + 2.0 * Math.exp(-rate * e);
      }
      runs.add(Series.indexed("lr = " + rate, loss));
    }
    byte[] png = Plots.lines("Training loss", "epoch", "loss", runs, false);
    BufferedImage image = decode(png, "lines-epochs.png");
    assertEquals(Plots.WIDTH, image.getWidth());
    assertEquals(Plots.HEIGHT, image.getHeight());
    assertTrue(distinctColours(image) >= 5, "several colours");
  }

  @Test
  void linesOfTwelveThousandBatchesOnALogAxis() throws IOException {
    Random random = new Random(7);
    double[] loss = new double[12_000];
    for (int i = 0; i < loss.length; i++) {
      loss[i] = (0.02 + 3.0 * Math.exp(-i / 1500.0)) * Math.exp(0.3 * random.nextGaussian());
    }
    loss[100] = Double.NaN; // a diverged batch leaves a gap instead of breaking the chart
    loss[200] = 0; // not drawable on a log axis
    byte[] png =
        Plots.lines("Batch loss", "step", "loss", List.of(Series.indexed("batch", loss)), true);
    BufferedImage image = decode(png, "lines-batches-log.png");
    assertEquals(Plots.WIDTH, image.getWidth());
    assertEquals(Plots.HEIGHT, image.getHeight());
    assertTrue(distinctColours(image) >= 5, "several colours");
  }

  @Test
  void aLogAxisNeedsADecadeElseTheAxisIsLinearAndLabelled() throws IOException {
    // A logistic SGD run's batch losses, 0.9 down to 0.15: no power of 10 inside, so a log axis would have no
    // labels at all (XChart labels only powers of 10 there).
    double[] narrow = new double[1000];
    double[] wide = new double[1000];
    for (int i = 0; i < narrow.length; i++) {
      narrow[i] = 0.15 + 0.75 * Math.exp(-i / 300.0);
      wide[i] = 0.01 + 3.0 * Math.exp(-i / 100.0);
    }
    List<Series> narrowSeries = List.of(Series.indexed("batch", narrow));
    byte[] asked = Plots.lines("t", "step", "loss", narrowSeries, true);
    decode(asked, "lines-narrow-range-log-asked.png");
    assertTrue(samePixels(read(Plots.lines("t", "step", "loss", narrowSeries, false)), read(asked)),
        "the narrow range is drawn on a linear axis");
    List<Series> wideSeries = List.of(Series.indexed("batch", wide));
    assertFalse(samePixels(read(Plots.lines("t", "step", "loss", wideSeries, false)),
        read(Plots.lines("t", "step", "loss", wideSeries, true))), "a range over a decade keeps its log axis");
  }

  @Test
  void aSeriesWithoutDrawablePointsKeepsItsPlaceBesideOthers() throws IOException {
    double[] diverged = {Double.NaN, Double.POSITIVE_INFINITY};
    double[] fine = {1.0, 0.5};
    byte[] png = Plots.lines("t", "epoch", "loss",
        List.of(Series.indexed("diverged", diverged), Series.indexed("fine", fine)), false);
    assertEquals(Plots.WIDTH, read(png).getWidth());
  }

  @Test
  void linesRejectWhatCannotBeDrawn() {
    assertThrows(IllegalArgumentException.class,
        () -> Plots.lines("t", "x", "y", List.of(), false));
    assertThrows(IllegalArgumentException.class, () -> Plots.lines("t", "x", "y",
        List.of(Series.indexed("zeros", new double[] {0, 0})), true));
    assertThrows(IllegalArgumentException.class,
        () -> new Series("bad", new double[2], new double[3]));
  }

  // ---------------------------------------------------------------------------------------------
  // scatter with lines

  @Test
  void scatterWithAFittedLine() throws IOException {
    Random random = new Random(3);
    int n = 200;
    double[] x = new double[n];
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = -2 + 4 * random.nextDouble();
      y[i] = 1.5 * x[i] - 0.7 + 0.5 * random.nextGaussian();
    }
    Series fit = new Series("y = 1.5 x - 0.7", new double[] {-2, 2}, new double[] {-3.7, 2.3});
    byte[] png = Plots.scatterWithLines("Linear regression", "x", "y", x, y, List.of(fit));
    BufferedImage image = decode(png, "scatter-fit.png");
    assertEquals(Plots.WIDTH, image.getWidth());
    assertEquals(Plots.HEIGHT, image.getHeight());
    assertTrue(distinctColours(image) >= 5, "several colours");
  }

  // ---------------------------------------------------------------------------------------------
  // heat map

  @Test
  void heatMapOfAnMseSurface() throws IOException {
    // y = 2 x + 1 on x in [-1, 1]; the MSE over (w, b) is a bowl around (2, 1).
    double[] dataX = new double[50];
    double[] dataY = new double[50];
    for (int i = 0; i < dataX.length; i++) {
      dataX[i] = -1 + 2.0 * i / (dataX.length - 1);
      dataY[i] = 2 * dataX[i] + 1;
    }
    double[] ws = linspace(-2, 6, 200);
    double[] bs = linspace(-3, 5, 40);
    double[][] mse = new double[bs.length][ws.length];
    for (int j = 0; j < bs.length; j++) {
      for (int i = 0; i < ws.length; i++) {
        double sum = 0;
        for (int k = 0; k < dataX.length; k++) {
          double r = ws[i] * dataX[k] + bs[j] - dataY[k];
          sum += r * r;
        }
        mse[j][i] = sum / dataX.length;
      }
    }
    byte[] png = Plots.heatMap("MSE over (w, b)", "w", "b", ws, bs, mse);
    BufferedImage image = decode(png, "heatmap-mse.png");
    assertEquals(Plots.WIDTH, image.getWidth());
    assertEquals(Plots.HEIGHT, image.getHeight());
    assertTrue(distinctColours(image) >= 20, "a colour scale");
    // The minimum, at (w, b) = (2, 1), is dark; the corner (-2, -3) is far up the bowl.
    Plots.HeatLayout layout = Plots.HeatLayout.INSTANCE;
    double wStep = ws[1] - ws[0];
    double bStep = bs[1] - bs[0];
    int minX = layout.left()
        + (int) Math.round((2 - (ws[0] - wStep / 2)) / (ws[199] - ws[0] + wStep) * layout.width());
    int minY = layout.top() + layout.height()
        - (int) Math.round((1 - (bs[0] - bStep / 2)) / (bs[39] - bs[0] + bStep) * layout.height());
    Color atMinimum = new Color(image.getRGB(minX, minY));
    Color atCorner = new Color(image.getRGB(layout.left() + 2, layout.top() + layout.height() - 2));
    assertTrue(Plots.luminance(atMinimum) < 0.2, "minimum is dark violet: " + atMinimum);
    assertTrue(Plots.luminance(atCorner) > Plots.luminance(atMinimum) + 0.2,
        "corner " + atCorner + " brighter than the minimum " + atMinimum);
  }

  @Test
  void heatMapCornersOfAPlaneDiffer() throws IOException {
    double[] xs = linspace(0, 1, 200);
    double[] ys = linspace(0, 1, 40);
    double[][] z = new double[ys.length][xs.length];
    for (int j = 0; j < ys.length; j++) {
      for (int i = 0; i < xs.length; i++) {
        z[j][i] = xs[i] + ys[j];
      }
    }
    BufferedImage image = read(Plots.heatMap("plane", "x", "y", xs, ys, z));
    assertEquals(Plots.WIDTH, image.getWidth());
    assertEquals(Plots.HEIGHT, image.getHeight());
    Plots.HeatLayout layout = Plots.HeatLayout.INSTANCE;
    Color low = new Color(image.getRGB(layout.left() + 2, layout.top() + layout.height() - 2));
    Color high = new Color(image.getRGB(layout.left() + layout.width() - 2, layout.top() + 2));
    assertNotEquals(low, high);
    assertTrue(Plots.luminance(high) > Plots.luminance(low) + 0.5, low + " vs " + high);
  }

  @Test
  void heatMapChecksItsGrid() {
    double[][] z = {{1, 2}, {3, 4}};
    assertThrows(IllegalArgumentException.class,
        () -> Plots.heatMap("t", "x", "y", new double[] {1, 0}, new double[] {0, 1}, z));
    assertThrows(IllegalArgumentException.class,
        () -> Plots.heatMap("t", "x", "y", new double[] {0, 1, 2}, new double[] {0, 1}, z));
  }

  @Test
  void niceTicksAreRound() {
    assertEquals(List.of(0.0, 0.2, 0.4, 0.6000000000000001, 0.8, 1.0),
        Plots.niceTicks(-0.01, 1.01, 6));
    assertEquals(List.of(0.0, 200.0, 400.0, 600.0, 800.0, 1000.0), Plots.niceTicks(0, 1135, 6));
    assertEquals("0.6", Plots.tick(0.6000000000000001));
  }

  // ---------------------------------------------------------------------------------------------
  // confusion matrix

  @Test
  void confusionMatrixOfTwoClasses() throws IOException {
    long[][] counts = {{50, 10}, {5, 35}};
    byte[] png = Plots.confusionMatrix("Confusion matrix", new int[] {0, 1}, counts, null);
    BufferedImage image = decode(png, "confusion-2.png");
    assertEquals(Plots.WIDTH, image.getWidth());
    assertEquals(Plots.HEIGHT, image.getHeight());
    assertTrue(distinctColours(image) >= 5, "several colours");
    Plots.MatrixLayout layout = Plots.MatrixLayout.of(2);
    // Largest count (50) at actual 0 / predicted 0, top left; smallest (5) at actual 1 /
    // predicted 0, bottom left.
    Color largest = cellColour(image, layout, 0, 0);
    Color smallest = cellColour(image, layout, 1, 0);
    assertTrue(Plots.luminance(largest) < Plots.luminance(smallest),
        "largest " + largest + " darker than smallest " + smallest);
  }

  @Test
  void confusionMatrixOfTenNamedClasses() throws IOException {
    String[] names = {"T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt",
        "Sneaker", "Bag", "Ankle boot"};
    int[] labels = new int[10];
    long[][] counts = new long[10][10];
    Random random = new Random(11);
    for (int r = 0; r < 10; r++) {
      labels[r] = r;
      for (int c = 0; c < 10; c++) {
        counts[r][c] = r == c ? 800 + random.nextInt(180) : random.nextInt(40);
      }
    }
    counts[3][3] = 1135; // the largest
    counts[7][2] = 0; // the smallest
    byte[] png = Plots.confusionMatrix("Fashion-MNIST, test set", labels, counts, names);
    BufferedImage image = decode(png, "confusion-10.png");
    assertEquals(Plots.WIDTH, image.getWidth());
    assertEquals(Plots.HEIGHT, image.getHeight());
    Plots.MatrixLayout layout = Plots.MatrixLayout.of(10);
    Color largest = cellColour(image, layout, 3, 3);
    Color smallest = cellColour(image, layout, 7, 2);
    assertTrue(Plots.luminance(largest) < Plots.luminance(smallest),
        "largest " + largest + " darker than smallest " + smallest);
    // The rows go top to bottom in label order: a diagonal cell is dark, its row neighbours light.
    assertTrue(Plots.luminance(cellColour(image, layout, 0, 0)) < 0.5);
    assertTrue(Plots.luminance(cellColour(image, layout, 9, 0)) > 0.7);
  }

  @Test
  void confusionMatrixChecksItsShape() {
    assertThrows(IllegalArgumentException.class,
        () -> Plots.confusionMatrix("t", new int[] {0, 1}, new long[][] {{1, 2}}, null));
    assertThrows(IllegalArgumentException.class, () -> Plots.confusionMatrix("t",
        new int[] {0, 1}, new long[][] {{1, 2}, {3, 4}}, new String[] {"a"}));
  }

  // ---------------------------------------------------------------------------------------------
  // digit grid

  @Test
  void digitGridOfAHundredDigitsWithLabels() throws IOException {
    double[][] images = new double[100][];
    int[] labels = new int[100];
    for (int k = 0; k < images.length; k++) {
      images[k] = fakeDigit(k % 10, 255.0);
      labels[k] = k % 10;
    }
    byte[] png = Plots.digitGrid(images, 28, 28, 10, labels);
    BufferedImage image = decode(png, "digits-10x10.png");
    // s = 840 / 280 = 3: 10 * 84 + 11 * 4 wide, 10 * (84 + 18) + 11 * 4 high.
    assertEquals(884, image.getWidth());
    assertEquals(1064, image.getHeight());
    assertTrue(distinctColours(image) >= 5, "several colours");
    // Ink of the first digit is dark, the corner of its cell white.
    int x0 = Plots.GRID_GAP;
    int y0 = Plots.GRID_GAP;
    assertEquals(Color.WHITE.getRGB(), image.getRGB(x0 + 1, y0 + 1));
    assertTrue(Plots.luminance(new Color(image.getRGB(x0 + 14 * 3, y0 + 6 * 3 + 1))) < 0.2);
  }

  @Test
  void digitGridReadsUnitPixelsAndNeedsNoLabels() throws IOException {
    double[][] images = new double[7][];
    for (int k = 0; k < images.length; k++) {
      images[k] = fakeDigit(k, 1.0);
    }
    byte[] png = Plots.digitGrid(images, 28, 28, 4, null);
    BufferedImage image = read(png);
    // s = 840 / 112 = 7; 2 rows.
    assertEquals(4 * 196 + 5 * 4, image.getWidth());
    assertEquals(2 * 196 + 3 * 4, image.getHeight());
    assertTrue(Plots.luminance(new Color(image.getRGB(4 + 14 * 7, 4 + 6 * 7 + 3))) < 0.2);
  }

  // ---------------------------------------------------------------------------------------------
  // helpers

  /** A crude digit: a vertical bar plus a horizontal bar whose row depends on the digit. */
  private static double[] fakeDigit(int digit, double full) {
    double[] pixels = new double[28 * 28];
    for (int y = 6; y < 22; y++) {
      pixels[y * 28 + 14] = full;
      pixels[y * 28 + 15] = 0.6 * full;
    }
    int row = 6 + digit * 15 / 9;
    for (int x = 8; x < 20; x++) {
      pixels[row * 28 + x] = full;
    }
    return pixels;
  }

  private static double[] linspace(double from, double to, int n) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = from + (to - from) * i / (n - 1);
    }
    return v;
  }

  /** The colour that fills most of a confusion matrix cell (the count text aside). */
  private static Color cellColour(BufferedImage image, Plots.MatrixLayout layout, int row,
      int column) {
    Map<Integer, Integer> histogram = new HashMap<>();
    int inset = 2;
    for (int y = layout.cellY(row) + inset; y < layout.cellY(row) + layout.cell() - inset; y++) {
      for (int x = layout.cellX(column) + inset; x < layout.cellX(column) + layout.cell() - inset;
          x++) {
        histogram.merge(image.getRGB(x, y), 1, Integer::sum);
      }
    }
    int best = histogram.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow()
        .getKey();
    // The centre pixel may be covered by text; the background at the centre's column is not.
    Color atCentre = new Color(image.getRGB(layout.centreX(column),
        layout.cellY(row) + inset));
    assertEquals(new Color(best), atCentre, "cell background");
    return atCentre;
  }

  private static int distinctColours(BufferedImage image) {
    Set<Integer> colours = new HashSet<>();
    for (int y = 0; y < image.getHeight(); y += 2) {
      for (int x = 0; x < image.getWidth(); x += 2) {
        colours.add(image.getRGB(x, y));
      }
    }
    return colours.size();
  }

  private static boolean samePixels(BufferedImage a, BufferedImage b) {
    if (a.getWidth() != b.getWidth() || a.getHeight() != b.getHeight()) {
      return false;
    }
    for (int y = 0; y < a.getHeight(); y++) {
      for (int x = 0; x < a.getWidth(); x++) {
        if (a.getRGB(x, y) != b.getRGB(x, y)) {
          return false;
        }
      }
    }
    return true;
  }

  private static BufferedImage read(byte[] png) throws IOException {
    assertNotNull(png);
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
    assertNotNull(image, "a decodable PNG");
    return image;
  }

  private static BufferedImage decode(byte[] png, String sampleName) throws IOException {
    BufferedImage image = read(png);
    Files.createDirectories(SAMPLES);
    Files.write(SAMPLES.resolve(sampleName), png);
    return image;
  }
}
