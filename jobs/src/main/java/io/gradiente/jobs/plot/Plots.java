package io.gradiente.jobs.plot;

import java.util.List;

/**
 * The pictures of a run, each returned as PNG bytes so that the caller can write them to any Hadoop file system.
 *
 * <p>One class draws each kind: {@link LineChart}, {@link ScatterChart}, {@link HeatMapChart} and
 * {@link ConfusionChart} build JFreeChart charts (round ticks on every axis, a colour legend on the heat maps),
 * {@link Charts} holds what they share and {@link Palette} their colours; {@link DigitGrid} paints its images
 * itself. Charts are {@value Charts#WIDTH} x {@value Charts#HEIGHT} pixels. All methods are thread-safe and need no
 * display ({@code java.awt.headless=true} is fine).
 */
public final class Plots {
  private Plots() {}

  /**
   * A line chart of one or more series, e.g. the training loss per epoch of several runs, or the loss of every
   * batch. Series with more than {@value LineChart#MAX_POINTS_WITH_MARKERS} points are drawn as a thin line without
   * markers. Points that cannot be drawn (NaN, infinite, or not positive on a logarithmic axis) leave a gap.
   *
   * @param title chart title
   * @param xLabel x axis title
   * @param yLabel y axis title
   * @param series at least one series with at least one drawable point overall
   * @param logY whether the y axis is logarithmic; it stays linear when the positive values span too little for
   *     five round labels on a logarithmic axis (0.2 to 0.6, say)
   */
  public static byte[] lines(String title, String xLabel, String yLabel, List<Series> series, boolean logY) {
    return Charts.png(LineChart.chart(title, xLabel, yLabel, series, logY));
  }

  /**
   * Data points with lines over them, e.g. the data of a linear regression and its fitted line; the points are small
   * translucent dots so that dense clouds stay readable.
   *
   * @param x the points' x coordinates
   * @param y the points' y coordinates, as many as {@code x}
   * @param lines the lines to draw over the points, possibly empty
   */
  public static byte[] scatterWithLines(String title, String xLabel, String yLabel, double[] x, double[] y,
      List<Series> lines) {
    return Charts.png(ScatterChart.chart(title, xLabel, yLabel, x, y, lines));
  }

  /**
   * A colour map of {@code z} over a grid, e.g. the mean squared error over (w, b), with a colour legend (viridis:
   * dark violet for low, yellow for high). Each value fills the cell around its grid point, reaching half way to the
   * neighbouring points; {@code ys[0]} is at the bottom. {@code +Infinity} is drawn in the colour of the highest
   * finite value, {@code -Infinity} in that of the lowest, and NaN in grey.
   *
   * @param xs the grid's x coordinates (columns), finite, strictly increasing and evenly spaced
   * @param ys the grid's y coordinates (rows), likewise
   * @param z {@code z[yIndex][xIndex]}, {@code ys.length} rows of {@code xs.length} values
   */
  public static byte[] heatMap(String title, String xLabel, String yLabel, double[] xs, double[] ys, double[][] z) {
    return Charts.png(HeatMapChart.chart(title, xLabel, yLabel, xs, ys, z));
  }

  /**
   * A confusion matrix as a heat map with the count written in every cell: actual (true) labels on the y axis, top
   * to bottom in the order of {@code labels}, predicted labels on the x axis, left to right in the same order.
   * Colours go from white (zero) to dark blue (the largest count), and each count is written in white or black,
   * whichever reads better on its cell.
   *
   * @param labels the class labels, in display order
   * @param counts {@code counts[actual][predicted]}, indices as in {@code labels}
   * @param labelNames display names of the labels, or null to print the labels themselves
   */
  public static byte[] confusionMatrix(String title, int[] labels, long[][] counts, String[] labelNames) {
    return Charts.png(ConfusionChart.chart(title, labels, counts, labelNames));
  }

  /**
   * A grid of grey-scale images, e.g. the first 100 MNIST digits in 10 columns, drawn dark on white. Pixel values
   * are read as 0..1 if none exceeds 1 and as 0..255 otherwise; values outside the range are clamped. Each image is
   * scaled up by the whole factor {@code s = max(1, 840 / (columns * width))}, and the picture is
   * {@code columns * width * s + (columns + 1) * 4} pixels wide and {@code rows * (height * s + L) + (rows + 1) * 4}
   * pixels high, where {@code rows = ceil(images.length / columns)} and {@code L} is 18 with labels and 0 without.
   *
   * @param images the images, each {@code width * height} values in row-major order
   * @param width image width in pixels
   * @param height image height in pixels
   * @param columns images per row
   * @param labels a label to print under each image, or null for none
   */
  public static byte[] digitGrid(double[][] images, int width, int height, int columns, int[] labels) {
    return Charts.png(DigitGrid.image(images, width, height, columns, labels));
  }
}
