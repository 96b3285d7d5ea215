package io.gradiente.jobs.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.BitmapEncoder.BitmapFormat;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler.LegendPosition;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The pictures of a run, each returned as PNG bytes so that the caller can write them to any
 * Hadoop file system.
 *
 * <p>Line and scatter charts are drawn with XChart and encoded with its {@link BitmapEncoder}.
 * The colour map, the confusion matrix and the digit grid are drawn with Java2D on a
 * {@link BufferedImage} and encoded with {@link ImageIO}: XChart has no image grid, and its
 * {@code HeatMapChart} has categorical axes, writes every cell value in a single font colour (so
 * counts are unreadable on either the dark or the light end of the scale), puts the first row at
 * the bottom and keeps its cell geometry internal; the method Javadoc says more.
 *
 * <p>All methods are thread-safe and need no display ({@code java.awt.headless=true} is fine).
 */
public final class Plots {

  /** Width in pixels of every chart except {@link #digitGrid}. */
  public static final int WIDTH = 800;

  /** Height in pixels of every chart except {@link #digitGrid}. */
  public static final int HEIGHT = 600;

  /** A series with more points than this is drawn as a bare line, without markers. */
  public static final int MAX_POINTS_WITH_MARKERS = 100;

  private static final Color INK = new Color(0x33, 0x33, 0x33);

  /** Matplotlib's "Blues": light for few, dark for many. */
  private static final Color[] BLUES = {
    new Color(0xf7fbff), new Color(0xdeebf7), new Color(0xc6dbef), new Color(0x9ecae1),
    new Color(0x6baed6), new Color(0x4292c6), new Color(0x2171b5), new Color(0x08519c),
    new Color(0x08306b)
  };

  /** Matplotlib's "viridis", sampled: dark violet for low, yellow for high. */
  private static final Color[] VIRIDIS = {
    new Color(0x440154), new Color(0x482878), new Color(0x3e4989), new Color(0x31688e),
    new Color(0x26828e), new Color(0x1f9e89), new Color(0x35b779), new Color(0x6ece58),
    new Color(0xb5de2b), new Color(0xfde725)
  };

  private Plots() {}

  // ---------------------------------------------------------------------------------------------
  // Line chart

  /**
   * A line chart of one or more series, e.g. the training loss per epoch of several runs, or the
   * loss of every batch. Series with more than {@value #MAX_POINTS_WITH_MARKERS} points are drawn
   * without markers and with a thin line so that curves of many thousand points stay readable.
   * Points that cannot be drawn (NaN, infinite, or not positive on a logarithmic axis) leave a gap.
   *
   * @param title chart title
   * @param xLabel x axis title
   * @param yLabel y axis title
   * @param series at least one series with at least one drawable point overall
   * @param logY whether the y axis is logarithmic when the positive values span at least a factor of 10: XChart
   *     labels only powers of 10 on a logarithmic axis, so a narrower range gets a linear axis, which has labels
   * @return a {@value #WIDTH} x {@value #HEIGHT} PNG
   */
  public static byte[] lines(
      String title, String xLabel, String yLabel, List<Series> series, boolean logY) {
    Objects.requireNonNull(series, "series");
    if (series.isEmpty()) {
      throw new IllegalArgumentException("no series to draw");
    }
    XYChart chart = newXyChart(title, xLabel, yLabel);
    chart.getStyler().setLegendVisible(series.size() > 1);
    boolean log = logY && !narrowerThanADecade(series);
    chart.getStyler().setYAxisLogarithmic(log);
    boolean anyPoint = false;
    for (Series s : series) {
      Objects.requireNonNull(s, "series element");
      double[][] xy = drawable(s.x(), s.y(), log);
      anyPoint |= xy[0].length > 0;
      addLine(chart, s.name(), xy[0], xy[1]);
    }
    if (!anyPoint) {
      throw new IllegalArgumentException(
          "nothing to draw: no series has a finite" + (log ? ", positive" : "") + " point");
    }
    return png(chart);
  }

  /**
   * XChart 3.8 puts the x ticks on data points when the x values are evenly spaced (epochs 1..100, or steps as
   * fractions of an epoch), which labels them 8.4375, 16.8125, ... An extra x value between the first two, drawn as
   * nothing (y NaN, not in the legend), makes the values unevenly spaced, so the axis gets round ticks.
   */
  private static void roundXTicks(XYChart chart) {
    for (XYSeries s : chart.getSeriesMap().values()) {
      double[] x = s.getXData();
      if (x.length >= 2 && Double.isFinite(x[0]) && Double.isFinite(x[1]) && x[0] != x[1]) {
        XYSeries ghost = chart.addSeries(" ", new double[] {(x[0] + x[1]) / 2}, new double[] {Double.NaN});
        ghost.setShowInLegend(false);
        ghost.setMarker(SeriesMarkers.NONE);
        return;
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Scatter plus lines

  /**
   * Data points with lines over them, e.g. the data of a linear regression and its fitted line.
   * The points are drawn as small translucent dots so that dense clouds stay readable.
   *
   * @param title chart title
   * @param xLabel x axis title
   * @param yLabel y axis title
   * @param x the points' x coordinates
   * @param y the points' y coordinates, as many as {@code x}
   * @param lines the lines to draw over the points, possibly empty
   * @return a {@value #WIDTH} x {@value #HEIGHT} PNG
   */
  public static byte[] scatterWithLines(
      String title, String xLabel, String yLabel, double[] x, double[] y, List<Series> lines) {
    Series points = new Series("data", x, y);
    Objects.requireNonNull(lines, "lines");
    XYChart chart = newXyChart(title, xLabel, yLabel);
    chart.getStyler().setLegendVisible(!lines.isEmpty());
    double[][] xy = drawable(points.x(), points.y(), false);
    if (xy[0].length == 0 && lines.isEmpty()) {
      throw new IllegalArgumentException("nothing to draw: no finite data point and no line");
    }
    XYSeries dots = chart.addSeries(points.name(), xy[0], xy[1]);
    dots.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
    dots.setMarker(SeriesMarkers.CIRCLE);
    int alpha = xy[0].length > 1000 ? 70 : 150;
    dots.setMarkerColor(new Color(0x1f, 0x77, 0xb4, alpha));
    chart.getStyler().setMarkerSize(xy[0].length > 1000 ? 4 : 6);
    Color[] lineColours = {
      new Color(0xd6, 0x27, 0x28), new Color(0x2c, 0xa0, 0x2c), new Color(0xff, 0x7f, 0x0e),
      new Color(0x94, 0x67, 0xbd), new Color(0x8c, 0x56, 0x4b)
    };
    for (int i = 0; i < lines.size(); i++) {
      Series s = Objects.requireNonNull(lines.get(i), "line");
      double[][] lxy = drawable(s.x(), s.y(), false);
      XYSeries line = chart.addSeries(s.name(), lxy[0], lxy[1]);
      line.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
      line.setMarker(SeriesMarkers.NONE);
      line.setLineWidth(2.5f);
      line.setLineColor(lineColours[i % lineColours.length]);
    }
    return png(chart);
  }

  // ---------------------------------------------------------------------------------------------
  // Colour map

  /**
   * A colour map of {@code z} over a grid, e.g. the mean squared error over (w, b), with a colour
   * scale (viridis: dark violet for low, yellow for high). Each value fills the cell around its
   * grid point, reaching half way to the neighbouring points; {@code ys[0]} is at the bottom.
   * {@code +Infinity} is drawn in the colour of the highest finite value, {@code -Infinity} in
   * that of the lowest, and NaN in grey.
   *
   * <p>Drawn with Java2D rather than XChart's {@code HeatMapChart}, whose axes are categorical
   * (a 200-point grid gets tick labels such as 0.2915 and 1.457), whose legend prints the raw
   * extreme values with all their digits, and whose antialiased cells leave visible seams.
   *
   * @param title chart title
   * @param xLabel x axis title
   * @param yLabel y axis title
   * @param xs the grid's x coordinates (columns), strictly increasing
   * @param ys the grid's y coordinates (rows), strictly increasing
   * @param z {@code z[yIndex][xIndex]}, {@code ys.length} rows of {@code xs.length} values
   * @return a {@value #WIDTH} x {@value #HEIGHT} PNG
   */
  public static byte[] heatMap(
      String title, String xLabel, String yLabel, double[] xs, double[] ys, double[][] z) {
    Objects.requireNonNull(xs, "xs");
    Objects.requireNonNull(ys, "ys");
    Objects.requireNonNull(z, "z");
    if (xs.length == 0 || ys.length == 0) {
      throw new IllegalArgumentException("empty grid: " + ys.length + " x " + xs.length);
    }
    if (z.length != ys.length) {
      throw new IllegalArgumentException(
          "z has " + z.length + " rows but there are " + ys.length + " ys");
    }
    double[] xEdges = edges(xs, "xs");
    double[] yEdges = edges(ys, "ys");
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (int j = 0; j < z.length; j++) {
      if (z[j] == null || z[j].length != xs.length) {
        throw new IllegalArgumentException(
            "z row " + j + " must have " + xs.length + " values (one per x)");
      }
      for (double v : z[j]) {
        if (Double.isFinite(v)) {
          min = Math.min(min, v);
          max = Math.max(max, v);
        }
      }
    }
    if (min > max) {
      throw new IllegalArgumentException("nothing to draw: z has no finite value");
    }
    double span = max > min ? max - min : 1;

    HeatLayout layout = HeatLayout.INSTANCE;
    BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = canvas(image);
    try {
      drawTitle(g, title, layout.left() + layout.width() / 2, 32);

      // Cells, without antialiasing so that neighbours meet without seams.
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_OFF);
      for (int j = 0; j < ys.length; j++) {
        int top = layout.screenY(yEdges[j + 1], yEdges);
        int bottom = layout.screenY(yEdges[j], yEdges);
        for (int i = 0; i < xs.length; i++) {
          int x0 = layout.screenX(xEdges[i], xEdges);
          int x1 = layout.screenX(xEdges[i + 1], xEdges);
          double v = z[j][i];
          Color fill = Double.isNaN(v)
              ? Color.LIGHT_GRAY
              : interpolate(VIRIDIS, v == Double.POSITIVE_INFINITY ? 1
                  : v == Double.NEGATIVE_INFINITY ? 0 : (v - min) / span);
          g.setColor(fill);
          g.fillRect(x0, top, Math.max(1, x1 - x0), Math.max(1, bottom - top));
        }
      }
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setColor(INK);
      g.drawRect(layout.left(), layout.top(), layout.width(), layout.height());

      // Axes.
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
      FontMetrics fm = g.getFontMetrics();
      int bottom = layout.top() + layout.height();
      for (double t : niceTicks(xEdges[0], xEdges[xEdges.length - 1], 8)) {
        int x = layout.screenX(t, xEdges);
        String s = tick(t);
        g.drawLine(x, bottom, x, bottom + 5);
        g.drawString(s, x - fm.stringWidth(s) / 2, bottom + 7 + fm.getAscent());
      }
      int widestY = 0;
      for (double t : niceTicks(yEdges[0], yEdges[yEdges.length - 1], 8)) {
        int y = layout.screenY(t, yEdges);
        String s = tick(t);
        widestY = Math.max(widestY, fm.stringWidth(s));
        g.drawLine(layout.left() - 5, y, layout.left(), y);
        g.drawString(s, layout.left() - 8 - fm.stringWidth(s), y + fm.getAscent() / 2 - 1);
      }
      drawAxisTitles(g, nullToEmpty(xLabel), nullToEmpty(yLabel),
          layout.left() + layout.width() / 2, bottom + 7 + fm.getHeight() + 24,
          layout.left() - 8 - widestY - 14, layout.top() + layout.height() / 2);

      drawColourBar(g, VIRIDIS, min, max > min ? max : min + 1, false,
          layout.left() + layout.width() + 25, layout.top(), 20, layout.height());
    } finally {
      g.dispose();
    }
    return png(image);
  }

  /** Where the colour map's plot area is, in pixels of the image. Package-private for tests. */
  record HeatLayout(int left, int top, int width, int height) {

    static final HeatLayout INSTANCE = new HeatLayout(90, 50, WIDTH - 90 - 150, HEIGHT - 50 - 80);

    int screenX(double x, double[] edges) {
      double f = (x - edges[0]) / (edges[edges.length - 1] - edges[0]);
      return left + (int) Math.round(f * width);
    }

    int screenY(double y, double[] edges) {
      double f = (y - edges[0]) / (edges[edges.length - 1] - edges[0]);
      return top + height - (int) Math.round(f * height);
    }
  }

  /**
   * The cell edges around grid points: half way between neighbours, and half a step beyond the
   * first and the last point (half a unit each side of a single point).
   */
  private static double[] edges(double[] points, String name) {
    int n = points.length;
    double[] e = new double[n + 1];
    for (int i = 0; i < n; i++) {
      if (!Double.isFinite(points[i]) || (i > 0 && points[i] <= points[i - 1])) {
        throw new IllegalArgumentException(
            name + " must be finite and strictly increasing; look at index " + i);
      }
    }
    if (n == 1) {
      e[0] = points[0] - 0.5;
      e[1] = points[0] + 0.5;
      return e;
    }
    e[0] = points[0] - (points[1] - points[0]) / 2;
    for (int i = 1; i < n; i++) {
      e[i] = (points[i - 1] + points[i]) / 2;
    }
    e[n] = points[n - 1] + (points[n - 1] - points[n - 2]) / 2;
    return e;
  }

  // ---------------------------------------------------------------------------------------------
  // Confusion matrix

  /**
   * A confusion matrix as a heat map with the count written in every cell: actual (true) labels
   * on the y axis, top to bottom in the order of {@code labels}, predicted labels on the x axis,
   * left to right in the same order, as scikit-learn's {@code ConfusionMatrixDisplay} draws it.
   * Colours go from white (zero) to dark blue (the largest count), and each count is written in
   * white or black, whichever reads better on its cell.
   *
   * <p>Drawn with Java2D rather than XChart's {@code HeatMapChart}: that chart writes every value
   * in one font colour, puts the first row at the bottom, and does not expose where its cells
   * are, which the tests need in order to check the colours.
   *
   * @param title chart title
   * @param labels the class labels, in display order
   * @param counts {@code counts[actual][predicted]}, indices as in {@code labels}
   * @param labelNames display names of the labels, or null to print the labels themselves
   * @return a {@value #WIDTH} x {@value #HEIGHT} PNG
   */
  public static byte[] confusionMatrix(
      String title, int[] labels, long[][] counts, String[] labelNames) {
    Objects.requireNonNull(labels, "labels");
    Objects.requireNonNull(counts, "counts");
    int n = labels.length;
    if (n == 0) {
      throw new IllegalArgumentException("no labels");
    }
    if (counts.length != n) {
      throw new IllegalArgumentException(
          "counts has " + counts.length + " rows but there are " + n + " labels");
    }
    if (labelNames != null && labelNames.length != n) {
      throw new IllegalArgumentException(
          "labelNames has " + labelNames.length + " names but there are " + n + " labels");
    }
    long max = 0;
    for (int r = 0; r < n; r++) {
      if (counts[r] == null || counts[r].length != n) {
        throw new IllegalArgumentException("counts row " + r + " must have " + n + " values");
      }
      for (long c : counts[r]) {
        if (c < 0) {
          throw new IllegalArgumentException("negative count " + c + " in row " + r);
        }
        max = Math.max(max, c);
      }
    }
    String[] names = new String[n];
    for (int i = 0; i < n; i++) {
      names[i] =
          labelNames != null && labelNames[i] != null ? labelNames[i] : String.valueOf(labels[i]);
    }

    MatrixLayout layout = MatrixLayout.of(n);
    BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = canvas(image);
    try {
      drawTitle(g, title, WIDTH / 2, 32);
      int cell = layout.cell();

      // Cells and counts.
      int countSize = Math.max(9, Math.min(22, (int) (cell * 0.30)));
      for (int r = 0; r < n; r++) {
        for (int c = 0; c < n; c++) {
          double t = max == 0 ? 0 : (double) counts[r][c] / max;
          Color fill = interpolate(BLUES, t);
          g.setColor(fill);
          g.fillRect(layout.cellX(c), layout.cellY(r), cell, cell);
          g.setColor(luminance(fill) < 0.5 ? Color.WHITE : Color.BLACK);
          drawCentred(g, Long.toString(counts[r][c]), countSize, Font.PLAIN,
              layout.centreX(c), layout.centreY(r), cell - 4);
        }
      }
      g.setColor(INK);
      g.setStroke(new BasicStroke(1f));
      g.drawRect(layout.left(), layout.top(), n * cell, n * cell);

      // Tick labels: rows on the left, columns below, rotated when they do not fit.
      Font tickFont = new Font(Font.SANS_SERIF, Font.PLAIN, Math.max(10, Math.min(14, cell / 3)));
      g.setFont(tickFont);
      FontMetrics fm = g.getFontMetrics();
      int widest = 0;
      for (String s : names) {
        widest = Math.max(widest, fm.stringWidth(s));
      }
      boolean rotate = widest > cell - 4;
      int maxLabel = layout.left() - 50;
      int widestRow = 0;
      int below = layout.top() + n * cell + 6;
      for (int i = 0; i < n; i++) {
        String s = fit(names[i], fm, maxLabel);
        widestRow = Math.max(widestRow, fm.stringWidth(s));
        g.drawString(s, layout.left() - 6 - fm.stringWidth(s),
            layout.centreY(i) + fm.getAscent() / 2 - 1);
        if (rotate) {
          String t = fit(names[i], fm, 105);
          AffineTransform saved = g.getTransform();
          g.translate(layout.centreX(i) + fm.getAscent() / 2.0, below);
          g.rotate(Math.toRadians(-45));
          g.drawString(t, -fm.stringWidth(t), 0);
          g.setTransform(saved);
        } else {
          g.drawString(names[i], layout.centreX(i) - fm.stringWidth(names[i]) / 2,
              below + fm.getAscent());
        }
      }
      drawAxisTitles(g, "Predicted label", "True label", layout.left() + n * cell / 2,
          rotate ? HEIGHT - 8 : below + fm.getHeight() + 24,
          layout.left() - 6 - widestRow - 14, layout.top() + n * cell / 2);

      // Colour bar.
      drawColourBar(g, BLUES, 0, Math.max(1, max), true,
          layout.left() + n * cell + 30, layout.top(), 20, n * cell);
    } finally {
      g.dispose();
    }
    return png(image);
  }

  /**
   * Where the confusion matrix cells are: the grid's top left corner and the cell side, in
   * pixels of the {@value #WIDTH} x {@value #HEIGHT} image. Package-private so that the tests
   * can sample cell colours.
   */
  record MatrixLayout(int n, int left, int top, int cell) {

    static final int MARGIN_LEFT = 150;
    static final int MARGIN_RIGHT = 130;
    static final int MARGIN_TOP = 56;
    static final int MARGIN_BOTTOM = 120;

    static MatrixLayout of(int n) {
      int availableWidth = WIDTH - MARGIN_LEFT - MARGIN_RIGHT;
      int availableHeight = HEIGHT - MARGIN_TOP - MARGIN_BOTTOM;
      int cell = Math.max(1, Math.min(availableWidth, availableHeight) / n);
      int left = MARGIN_LEFT + (availableWidth - n * cell) / 2;
      return new MatrixLayout(n, left, MARGIN_TOP, cell);
    }

    int cellX(int column) {
      return left + column * cell;
    }

    int cellY(int row) {
      return top + row * cell;
    }

    int centreX(int column) {
      return cellX(column) + cell / 2;
    }

    int centreY(int row) {
      return cellY(row) + cell / 2;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Digit grid

  /** Gap in pixels between (and around) the images of a {@link #digitGrid}. */
  static final int GRID_GAP = 4;

  /** Height in pixels of the label strip under each image of a {@link #digitGrid}. */
  static final int GRID_LABEL_HEIGHT = 18;

  /** A {@link #digitGrid} is scaled up by the largest whole factor that keeps it this wide. */
  static final int GRID_TARGET_WIDTH = 840;

  /**
   * A grid of grey-scale images, e.g. the first 100 MNIST digits in 10 columns, drawn dark on
   * white. Pixel values are read as 0..1 if none exceeds 1 and as 0..255 otherwise; values
   * outside the range are clamped. Each image is scaled up by the whole factor
   * {@code s = max(1, 840 / (columns * width))}, and the picture is
   * {@code columns * width * s + (columns + 1) * 4} pixels wide and
   * {@code rows * (height * s + L) + (rows + 1) * 4} pixels high, where
   * {@code rows = ceil(images.length / columns)} and {@code L} is 18 with labels and 0 without.
   *
   * <p>Drawn with Java2D and encoded with {@link ImageIO}; XChart has no image grid.
   *
   * @param images the images, each {@code width * height} values in row-major order
   * @param width image width in pixels
   * @param height image height in pixels
   * @param columns images per row
   * @param labels a label to print under each image, or null for none
   * @return the PNG
   */
  public static byte[] digitGrid(
      double[][] images, int width, int height, int columns, int[] labels) {
    Objects.requireNonNull(images, "images");
    if (images.length == 0) {
      throw new IllegalArgumentException("no images");
    }
    if (width <= 0 || height <= 0 || columns <= 0) {
      throw new IllegalArgumentException(
          "width, height and columns must be positive: " + width + ", " + height + ", " + columns);
    }
    if (labels != null && labels.length != images.length) {
      throw new IllegalArgumentException(
          "labels has " + labels.length + " values but there are " + images.length + " images");
    }
    double max = 0;
    for (int k = 0; k < images.length; k++) {
      if (images[k] == null || images[k].length != width * height) {
        throw new IllegalArgumentException(
            "image " + k + " must have " + width * height + " values (" + width + " x " + height
                + ")");
      }
      for (double v : images[k]) {
        if (v > max) {
          max = v;
        }
      }
    }
    double scale = max > 1 ? 255.0 : 1.0;
    int s = Math.max(1, GRID_TARGET_WIDTH / (columns * width));
    int rows = (images.length + columns - 1) / columns;
    int labelHeight = labels == null ? 0 : GRID_LABEL_HEIGHT;
    int cellW = width * s;
    int cellH = height * s + labelHeight;
    int imageWidth = columns * cellW + (columns + 1) * GRID_GAP;
    int imageHeight = rows * cellH + (rows + 1) * GRID_GAP;

    BufferedImage image = new BufferedImage(imageWidth, imageHeight, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = canvas(image);
    try {
      for (int k = 0; k < images.length; k++) {
        int x0 = GRID_GAP + (k % columns) * (cellW + GRID_GAP);
        int y0 = GRID_GAP + (k / columns) * (cellH + GRID_GAP);
        double[] pixels = images[k];
        for (int py = 0; py < height; py++) {
          for (int px = 0; px < width; px++) {
            double v = pixels[py * width + px] / scale;
            double ink = Double.isNaN(v) ? 0 : Math.max(0, Math.min(1, v));
            int grey = (int) Math.round(255 * (1 - ink));
            int rgb = (grey << 16) | (grey << 8) | grey;
            for (int dy = 0; dy < s; dy++) {
              for (int dx = 0; dx < s; dx++) {
                image.setRGB(x0 + px * s + dx, y0 + py * s + dy, rgb);
              }
            }
          }
        }
        g.setColor(new Color(0xcc, 0xcc, 0xcc));
        g.drawRect(x0 - 1, y0 - 1, cellW + 1, height * s + 1);
        if (labels != null) {
          g.setColor(INK);
          drawCentred(g, Integer.toString(labels[k]), 13, Font.PLAIN, x0 + cellW / 2,
              y0 + height * s + labelHeight / 2 + 1, cellW);
        }
      }
    } finally {
      g.dispose();
    }
    return png(image);
  }

  // ---------------------------------------------------------------------------------------------
  // Helpers

  private static XYChart newXyChart(String title, String xLabel, String yLabel) {
    XYChart chart = new XYChart(WIDTH, HEIGHT);
    chart.setTitle(nullToEmpty(title));
    chart.setXAxisTitle(nullToEmpty(xLabel));
    chart.setYAxisTitle(nullToEmpty(yLabel));
    var styler = chart.getStyler();
    styler.setChartBackgroundColor(Color.WHITE);
    styler.setPlotBackgroundColor(Color.WHITE);
    styler.setPlotGridLinesColor(new Color(0xe0, 0xe0, 0xe0));
    styler.setLegendPosition(LegendPosition.InsideNE);
    styler.setLegendBorderColor(new Color(0xcc, 0xcc, 0xcc));
    styler.setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
    styler.setMarkerSize(5);
    return chart;
  }

  private static void addLine(XYChart chart, String name, double[] x, double[] y) {
    if (x.length == 0) {
      // XChart needs at least one value; a lone NaN draws nothing but keeps the legend entry.
      x = new double[] {Double.NaN};
      y = new double[] {Double.NaN};
    }
    XYSeries s = chart.addSeries(name, x, y);
    if (x.length > MAX_POINTS_WITH_MARKERS) {
      s.setMarker(SeriesMarkers.NONE);
      s.setLineWidth(1.2f);
    } else {
      s.setMarker(SeriesMarkers.CIRCLE);
      s.setLineWidth(2f);
    }
  }

  /**
   * The points that can be drawn: undrawable y values (and points with undrawable x) become NaN,
   * which XChart leaves out with a gap; the result is empty if no point is drawable.
   */
  /** Whether {@code series} have finite positive y values and the largest is less than 10 times the smallest. */
  private static boolean narrowerThanADecade(List<Series> series) {
    double min = Double.POSITIVE_INFINITY;
    double max = 0;
    for (Series s : series) {
      Objects.requireNonNull(s, "series element");
      for (double v : s.y()) {
        if (Double.isFinite(v) && v > 0) {
          min = Math.min(min, v);
          max = Math.max(max, v);
        }
      }
    }
    return max > 0 && max < 10 * min;
  }

  private static double[][] drawable(double[] x, double[] y, boolean logY) {
    double[] xs = x.clone();
    double[] ys = y.clone();
    int drawable = 0;
    for (int i = 0; i < xs.length; i++) {
      boolean ok = Double.isFinite(xs[i]) && Double.isFinite(ys[i]) && (!logY || ys[i] > 0);
      if (ok) {
        drawable++;
      } else {
        ys[i] = Double.NaN;
        if (!Double.isFinite(xs[i])) {
          xs[i] = Double.NaN;
        }
      }
    }
    if (drawable == 0) {
      return new double[][] {new double[0], new double[0]};
    }
    return new double[][] {xs, ys};
  }

  private static Graphics2D canvas(BufferedImage image) {
    Graphics2D g = image.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setRenderingHint(
        RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, image.getWidth(), image.getHeight());
    return g;
  }

  private static void drawTitle(Graphics2D g, String title, int centreX, int baseline) {
    if (title == null || title.isEmpty()) {
      return;
    }
    g.setColor(INK);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
    FontMetrics fm = g.getFontMetrics();
    String t = fit(title, fm, WIDTH - 20);
    g.drawString(t, centreX - fm.stringWidth(t) / 2, baseline);
  }

  /** Draws text centred on a point, shrinking the font until it fits in {@code maxWidth}. */
  private static void drawCentred(
      Graphics2D g, String text, int size, int style, int cx, int cy, int maxWidth) {
    Font font = new Font(Font.SANS_SERIF, style, size);
    FontMetrics fm = g.getFontMetrics(font);
    while (fm.stringWidth(text) > maxWidth && font.getSize() > 7) {
      font = font.deriveFont((float) (font.getSize() - 1));
      fm = g.getFontMetrics(font);
    }
    g.setFont(font);
    g.drawString(text, cx - fm.stringWidth(text) / 2, cy + (fm.getAscent() - fm.getDescent()) / 2);
  }

  /** The text, cut and ended with an ellipsis if it is wider than {@code maxWidth}. */
  private static String fit(String text, FontMetrics fm, int maxWidth) {
    if (fm.stringWidth(text) <= maxWidth) {
      return text;
    }
    String t = text;
    while (t.length() > 1 && fm.stringWidth(t + "\u2026") > maxWidth) {
      t = t.substring(0, t.length() - 1);
    }
    return t + "\u2026";
  }

  private static void drawColourBar(Graphics2D g, Color[] map, double min, double max,
      boolean integers, int x, int y, int w, int h) {
    for (int i = 0; i < h; i++) {
      g.setColor(interpolate(map, 1 - (double) i / Math.max(1, h - 1)));
      g.fillRect(x, y + i, w, 1);
    }
    g.setColor(INK);
    g.drawRect(x, y, w, h);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    FontMetrics fm = g.getFontMetrics();
    for (double v : niceTicks(min, max, 6)) {
      if (integers && v != Math.rint(v)) {
        continue;
      }
      String s = integers ? Long.toString(Math.round(v)) : tick(v);
      int ty = y + h - (int) Math.round((v - min) / (max - min) * h);
      g.drawLine(x + w, ty, x + w + 4, ty);
      g.drawString(s, x + w + 7, ty + fm.getAscent() / 2 - 1);
    }
  }

  /**
   * Draws the x axis title centred on {@code (xCentre, xBaseline)} and the y axis title rotated,
   * centred vertically on {@code yCentre}, with its baseline ending at {@code yRight}.
   */
  private static void drawAxisTitles(Graphics2D g, String xTitle, String yTitle, int xCentre,
      int xBaseline, int yRight, int yCentre) {
    g.setColor(INK);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 15));
    FontMetrics am = g.getFontMetrics();
    g.drawString(xTitle, xCentre - am.stringWidth(xTitle) / 2, Math.min(HEIGHT - 8, xBaseline));
    AffineTransform saved = g.getTransform();
    g.translate(Math.max(am.getAscent(), yRight), yCentre);
    g.rotate(-Math.PI / 2);
    g.drawString(yTitle, -am.stringWidth(yTitle) / 2, 0);
    g.setTransform(saved);
  }

  /**
   * Round tick values (1, 2, 2.5 or 5 times a power of ten apart) inside {@code [lo, hi]}, about
   * {@code count} of them.
   */
  static List<Double> niceTicks(double lo, double hi, int count) {
    List<Double> ticks = new ArrayList<>();
    if (!(hi > lo)) {
      ticks.add(lo);
      return ticks;
    }
    double rough = (hi - lo) / count;
    double magnitude = Math.pow(10, Math.floor(Math.log10(rough)));
    double norm = rough / magnitude;
    double step = (norm <= 1 ? 1 : norm <= 2 ? 2 : norm <= 2.5 ? 2.5 : norm <= 5 ? 5 : 10)
        * magnitude;
    for (long k = (long) Math.ceil(lo / step - 1e-9); k * step <= hi + step * 1e-9; k++) {
      ticks.add(k == 0 ? 0.0 : k * step);
    }
    return ticks;
  }

  /** The colour at {@code t} in [0, 1] along evenly spaced colour stops. */
  static Color interpolate(Color[] stops, double t) {
    double clamped = Double.isNaN(t) ? 0 : Math.max(0, Math.min(1, t));
    double pos = clamped * (stops.length - 1);
    int i = Math.min(stops.length - 2, (int) Math.floor(pos));
    double f = pos - i;
    Color a = stops[i];
    Color b = stops[i + 1];
    return new Color(
        (int) Math.round(a.getRed() + f * (b.getRed() - a.getRed())),
        (int) Math.round(a.getGreen() + f * (b.getGreen() - a.getGreen())),
        (int) Math.round(a.getBlue() + f * (b.getBlue() - a.getBlue())));
  }

  /** Relative luminance in [0, 1] (Rec. 709 weights, no gamma correction). */
  static double luminance(Color c) {
    return (0.2126 * c.getRed() + 0.7152 * c.getGreen() + 0.0722 * c.getBlue()) / 255.0;
  }

  /** A short tick label: up to four significant digits, no trailing zeros. */
  static String tick(double v) {
    if (v == 0) {
      return "0";
    }
    double a = Math.abs(v);
    if (a >= 1e5 || a < 1e-3) {
      return String.format(java.util.Locale.ROOT, "%.2e", v);
    }
    String s = new java.math.BigDecimal(v)
        .round(new java.math.MathContext(4))
        .stripTrailingZeros()
        .toPlainString();
    return s;
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }

  private static byte[] png(XYChart chart) {
    roundXTicks(chart);
    return png((Chart<?, ?>) chart);
  }

  private static byte[] png(Chart<?, ?> chart) {
    try {
      return BitmapEncoder.getBitmapBytes(chart, BitmapFormat.PNG);
    } catch (IOException e) {
      throw new UncheckedIOException("could not encode the chart as PNG", e);
    }
  }

  private static byte[] png(BufferedImage image) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      if (!ImageIO.write(image, "png", out)) {
        throw new IllegalStateException("no PNG writer available");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not encode the image as PNG", e);
    }
    return out.toByteArray();
  }
}
