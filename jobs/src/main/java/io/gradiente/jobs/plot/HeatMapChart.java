package io.gradiente.jobs.plot;

import java.util.Objects;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.data.xy.DefaultXYZDataset;

/** A value over an evenly spaced grid as coloured cells with a colour legend: the MSE over (w, b). */
final class HeatMapChart {
  private HeatMapChart() {}

  /**
   * The chart of {@link Plots#heatMap}: cell {@code (i, j)} centred on {@code (xs[i], ys[j])}, one grid step wide and
   * high, in {@link Palette#viridis} from the least finite value of {@code z} to the greatest.
   */
  static JFreeChart chart(String title, String xLabel, String yLabel, double[] xs, double[] ys, double[][] z) {
    Objects.requireNonNull(z, "z");
    double xStep = step(xs, "xs");
    double yStep = step(ys, "ys");
    if (z.length != ys.length) {
      throw new IllegalArgumentException("z has " + z.length + " rows but there are " + ys.length + " ys");
    }
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    double[][] cells = new double[3][xs.length * ys.length];
    for (int j = 0; j < ys.length; j++) {
      if (z[j] == null || z[j].length != xs.length) {
        throw new IllegalArgumentException("z row " + j + " must have " + xs.length + " values (one per x)");
      }
      for (int i = 0; i < xs.length; i++) {
        double v = z[j][i];
        if (Double.isFinite(v)) {
          min = Math.min(min, v);
          max = Math.max(max, v);
        }
        int k = j * xs.length + i;
        cells[0][k] = xs[i];
        cells[1][k] = ys[j];
        cells[2][k] = v;
      }
    }
    if (min > max) {
      throw new IllegalArgumentException("nothing to draw: z has no finite value");
    }
    DefaultXYZDataset data = new DefaultXYZDataset();
    data.addSeries("z", cells);
    ColourScale scale = new ColourScale(min, max > min ? max : min + 1, Palette::viridis);
    XYBlockRenderer renderer = new XYBlockRenderer();
    renderer.setBlockWidth(xStep);
    renderer.setBlockHeight(yStep);
    renderer.setBlockAnchor(RectangleAnchor.CENTER);
    renderer.setPaintScale(scale);

    NumberAxis x = Charts.numberAxis(xLabel);
    x.setRange(xs[0] - xStep / 2, xs[xs.length - 1] + xStep / 2);
    NumberAxis y = Charts.numberAxis(yLabel);
    y.setRange(ys[0] - yStep / 2, ys[ys.length - 1] + yStep / 2);
    XYPlot plot = Charts.plot(x, y);
    plot.setDomainGridlinesVisible(false);
    plot.setRangeGridlinesVisible(false);
    plot.setDataset(data);
    plot.setRenderer(renderer);
    JFreeChart chart = Charts.chart(title, plot, false);
    Charts.addColourLegend(chart, scale, Charts.numberAxis(null));
    return chart;
  }

  /**
   * The spacing of grid points that must be finite, strictly increasing and evenly spaced (to 1e-6 of a step); a
   * single point gets a cell one unit wide.
   */
  private static double step(double[] points, String name) {
    Objects.requireNonNull(points, name);
    int n = points.length;
    if (n == 0) {
      throw new IllegalArgumentException("empty grid: no " + name);
    }
    double step = n == 1 ? 1 : (points[n - 1] - points[0]) / (n - 1);
    for (int i = 0; i < n; i++) {
      if (!Double.isFinite(points[i]) || (i > 0 && points[i] <= points[i - 1])
          || Math.abs(points[i] - (points[0] + i * step)) > 1e-6 * step) {
        throw new IllegalArgumentException(
            name + " must be finite, strictly increasing and evenly spaced; look at index " + i);
      }
    }
    return step;
  }
}
