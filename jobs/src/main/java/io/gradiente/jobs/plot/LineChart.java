package io.gradiente.jobs.plot;

import java.awt.BasicStroke;
import java.awt.geom.Ellipse2D;
import java.util.List;
import java.util.Objects;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.DatasetRenderingOrder;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** Curves of one or more series: the loss per epoch or per step of a run, the activation functions. */
final class LineChart {
  /** A series with more points than this is drawn as a bare thin line, without markers. */
  static final int MAX_POINTS_WITH_MARKERS = 100;

  private LineChart() {}

  /**
   * The chart of {@link Plots#lines}: series {@code i} in {@link Palette#series}{@code (i)}, a legend when there are
   * several, and a logarithmic y axis when asked and its round ticks give at least {@value RoundLogAxis#ENOUGH_TICKS}
   * labels over the positive values (else a linear one, whose ticks are as dense as the labels allow).
   */
  static JFreeChart chart(String title, String xLabel, String yLabel, List<Series> series, boolean logY) {
    Objects.requireNonNull(series, "series");
    if (series.isEmpty()) {
      throw new IllegalArgumentException("no series to draw");
    }
    double lo = Double.POSITIVE_INFINITY;
    double hi = 0;
    for (Series s : series) {
      for (double v : Objects.requireNonNull(s, "series element").y()) {
        if (Double.isFinite(v) && v > 0) {
          lo = Math.min(lo, v);
          hi = Math.max(hi, v);
        }
      }
    }
    boolean log = logY && (hi == 0 || RoundLogAxis.ticks(lo, hi).size() >= RoundLogAxis.ENOUGH_TICKS);
    ValueAxis y = log ? Charts.style(new RoundLogAxis(yLabel)) : Charts.numberAxis(yLabel);
    XYPlot plot = Charts.plot(Charts.numberAxis(xLabel), y);
    // One renderer a series, drawn in order: a later series, line and markers, lies over an earlier one (the
    // training loss before every step over the per-epoch markers it passes through).
    plot.setDatasetRenderingOrder(DatasetRenderingOrder.FORWARD);
    boolean anyPoint = false;
    for (int i = 0; i < series.size(); i++) {
      Series s = series.get(i);
      XYSeries points = Charts.xySeries(s.name(), s.x(), s.y(), log);
      anyPoint |= Charts.hasPoint(points);
      boolean markers = s.size() <= MAX_POINTS_WITH_MARKERS;
      XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, markers);
      renderer.setSeriesPaint(0, Palette.series(i));
      renderer.setSeriesStroke(0, new BasicStroke(markers ? 2f : 1.2f));
      renderer.setSeriesShape(0, new Ellipse2D.Double(-3.5, -3.5, 7, 7));
      plot.setDataset(i, new XYSeriesCollection(points));
      plot.setRenderer(i, renderer);
    }
    if (!anyPoint) {
      throw new IllegalArgumentException(
          "nothing to draw: no series has a finite" + (log ? ", positive" : "") + " point");
    }
    return Charts.chart(title, plot, series.size() > 1);
  }
}
