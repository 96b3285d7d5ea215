package io.gradiente.jobs.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.geom.Ellipse2D;
import java.util.List;
import java.util.Objects;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.DatasetRenderingOrder;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** Data points with lines over them: the data of a linear regression and its fitted line. */
final class ScatterChart {
  /** Above this many points the dots are smaller and fainter, so that a dense cloud stays readable. */
  static final int DENSE = 1000;

  private ScatterChart() {}

  /**
   * The chart of {@link Plots#scatterWithLines}: dots in {@link Palette#series}{@code (0)}, translucent, and line
   * {@code i} over them in {@code Palette.series(i + 1)}, with a legend when there are lines.
   */
  static JFreeChart chart(String title, String xLabel, String yLabel, double[] x, double[] y, List<Series> lines) {
    Series points = new Series("data", x, y);
    Objects.requireNonNull(lines, "lines");
    XYSeries dots = Charts.xySeries(points.name(), points.x(), points.y(), false);
    if (!Charts.hasPoint(dots) && lines.isEmpty()) {
      throw new IllegalArgumentException("nothing to draw: no finite data point and no line");
    }
    boolean dense = points.size() > DENSE;
    XYLineAndShapeRenderer dotRenderer = new XYLineAndShapeRenderer(false, true);
    Color blue = Palette.series(0);
    dotRenderer.setSeriesPaint(0, new Color(blue.getRed(), blue.getGreen(), blue.getBlue(), dense ? 70 : 150));
    double size = dense ? 4 : 6;
    dotRenderer.setSeriesShape(0, new Ellipse2D.Double(-size / 2, -size / 2, size, size));

    XYSeriesCollection lineData = new XYSeriesCollection();
    XYLineAndShapeRenderer lineRenderer = new XYLineAndShapeRenderer(true, false);
    for (int i = 0; i < lines.size(); i++) {
      Series s = Objects.requireNonNull(lines.get(i), "line");
      lineData.addSeries(Charts.xySeries(s.name(), s.x(), s.y(), false));
      lineRenderer.setSeriesPaint(i, Palette.series(i + 1));
      lineRenderer.setSeriesStroke(i, new BasicStroke(2.5f));
    }

    XYPlot plot = Charts.plot(Charts.numberAxis(xLabel), Charts.numberAxis(yLabel));
    plot.setDataset(0, new XYSeriesCollection(dots));
    plot.setRenderer(0, dotRenderer);
    plot.setDataset(1, lineData);
    plot.setRenderer(1, lineRenderer);
    plot.setDatasetRenderingOrder(DatasetRenderingOrder.FORWARD);
    return Charts.chart(title, plot, !lines.isEmpty());
  }
}
