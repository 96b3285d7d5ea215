package io.gradiente.jobs.plot;

import java.awt.Color;
import java.awt.Font;
import java.awt.font.FontRenderContext;
import java.awt.geom.Rectangle2D;
import java.util.Objects;
import org.jfree.chart.ChartRenderingInfo;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYTextAnnotation;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.DefaultXYZDataset;

/**
 * A confusion matrix as square cells with the count written in each, as scikit-learn's
 * {@code ConfusionMatrixDisplay} draws it: true labels down, predicted labels across, both in the given order.
 */
final class ConfusionChart {
  private ConfusionChart() {}

  /**
   * The chart of {@link Plots#confusionMatrix}: the cell of actual {@code r} and predicted {@code c} sits at
   * {@code (x, y) = (c, r)} with row 0 at the top, filled with {@link Palette#blues} of its count over the largest,
   * its count written in {@link Palette#textOn} that fill; a colour legend of the counts on the right.
   */
  static JFreeChart chart(String title, int[] labels, long[][] counts, String[] labelNames) {
    Objects.requireNonNull(labels, "labels");
    Objects.requireNonNull(counts, "counts");
    int n = labels.length;
    if (n == 0) {
      throw new IllegalArgumentException("no labels");
    }
    if (counts.length != n) {
      throw new IllegalArgumentException("counts has " + counts.length + " rows but there are " + n + " labels");
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
      names[i] = labelNames != null && labelNames[i] != null ? labelNames[i] : String.valueOf(labels[i]);
    }

    ColourScale scale = new ColourScale(0, Math.max(1, max), Palette::blues);
    double[][] cells = new double[3][n * n];
    XYPlot plot = Charts.plot(axis("Predicted label", names), axis("True label", names));
    plot.getRangeAxis().setInverted(true);
    // The counts' font shrinks with the cells: 22 points for two classes, 12 for ten.
    Font countFont = new Font(Font.SANS_SERIF, Font.PLAIN, Math.max(9, Math.min(22, 130 / n)));
    for (int r = 0; r < n; r++) {
      for (int c = 0; c < n; c++) {
        int k = r * n + c;
        cells[0][k] = c;
        cells[1][k] = r;
        cells[2][k] = counts[r][c];
        XYTextAnnotation count = new XYTextAnnotation(Long.toString(counts[r][c]), c, r);
        count.setFont(countFont);
        count.setTextAnchor(TextAnchor.CENTER);
        count.setPaint(Palette.textOn((Color) scale.getPaint(counts[r][c])));
        plot.addAnnotation(count);
      }
    }
    DefaultXYZDataset data = new DefaultXYZDataset();
    data.addSeries("counts", cells);
    XYBlockRenderer renderer = new XYBlockRenderer();
    renderer.setBlockAnchor(RectangleAnchor.CENTER);
    renderer.setPaintScale(scale);
    plot.setDataset(data);
    plot.setRenderer(renderer);
    plot.setDomainGridlinesVisible(false);
    plot.setRangeGridlinesVisible(false);
    if (wider(names, Charts.TICK_FONT, 560.0 / n - 8)) {
      ((SymbolAxis) plot.getDomainAxis()).setVerticalTickLabels(true);
    }

    JFreeChart chart = Charts.chart(title, plot, false);
    NumberAxis legendAxis = Charts.numberAxis(null);
    legendAxis.setStandardTickUnits(Charts.roundUnits(0));
    Charts.addColourLegend(chart, scale, legendAxis);
    squareCells(chart);
    return chart;
  }

  /** An axis with a label name at every whole value {@code 0 .. n-1}, cells reaching half way to each side. */
  private static SymbolAxis axis(String title, String[] names) {
    SymbolAxis axis = Charts.style(new SymbolAxis(title, names));
    axis.setGridBandsVisible(false);
    axis.setRange(-0.5, names.length - 0.5);
    return axis;
  }

  private static boolean wider(String[] names, Font font, double width) {
    FontRenderContext context = new FontRenderContext(null, true, true);
    for (String name : names) {
      if (font.getStringBounds(name, context).getWidth() > width) {
        return true;
      }
    }
    return false;
  }

  /** Narrows the chart by equal padding on both sides until its data area is square. */
  private static void squareCells(JFreeChart chart) {
    ChartRenderingInfo info = new ChartRenderingInfo();
    Charts.render(chart, info);
    Rectangle2D area = info.getPlotInfo().getDataArea();
    double extra = area.getWidth() - area.getHeight();
    if (extra > 0) {
      RectangleInsets padding = chart.getPadding();
      chart.setPadding(new RectangleInsets(padding.getTop(), padding.getLeft() + extra / 2, padding.getBottom(),
          padding.getRight() + extra / 2));
    }
  }
}
