package io.gradiente.notebook;

import com.fasterxml.jackson.databind.JsonNode;
import io.gradiente.jobs.plot.Palette;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.geom.Ellipse2D;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Draws a {@code %spark.sql} result as the chart saved in its paragraph (Zeppelin's line, bar and scatter charts:
 * keys on x, one series per group value and value column, values summed like Zeppelin's pivot), as a PNG for the
 * static page. Series take the colours of {@link Palette#series} in order.
 */
final class Charts {
  private static final Font TITLE_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 14);

  private Charts() {}

  /** The chart modes the page can draw; "table" is drawn as an HTML table. */
  static boolean drawable(String mode) {
    return mode.equals("lineChart") || mode.equals("multiBarChart") || mode.equals("scatterChart")
        || mode.equals("stackedAreaChart");
  }

  static byte[] png(String title, JsonNode graph, Result.Table table, int width, int height) {
    String mode = graph.path("mode").asText();
    Map<String, Map<String, Double>> series;
    String x;
    String y;
    if (mode.equals("scatterChart")) {
      JsonNode s = graph.path("setting").path("scatterChart");
      x = s.path("xAxis").path("name").asText();
      y = s.path("yAxis").path("name").asText();
      series = pivot(table, List.of(s.path("xAxis").path("index").asInt()),
          s.has("group") ? List.of(s.path("group").path("index").asInt()) : List.of(),
          List.of(s.path("yAxis").path("index").asInt()), true);
    } else {
      x = names(graph.path("keys"));
      y = names(graph.path("values"));
      series = pivot(table, indices(graph.path("keys")), indices(graph.path("groups")), indices(graph.path("values")),
          false);
    }
    JFreeChart chart;
    if (mode.equals("multiBarChart")) {
      DefaultCategoryDataset bars = new DefaultCategoryDataset();
      series.forEach((name, points) -> points.forEach(
          (key, value) -> bars.addValue(value, name, key.substring(key.indexOf('\u0000') + 1))));
      BarRenderer renderer = new BarRenderer();
      renderer.setBarPainter(new StandardBarPainter());
      renderer.setShadowVisible(false);
      for (int k = 0; k < series.size(); k++) {
        renderer.setSeriesPaint(k, Palette.series(k));
      }
      chart = new JFreeChart(title, TITLE_FONT, new CategoryPlot(bars, new CategoryAxis(x), new NumberAxis(y),
          renderer), series.size() > 1);
    } else {
      boolean scatter = mode.equals("scatterChart");
      XYSeriesCollection points = new XYSeriesCollection();
      XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(!scatter, scatter);
      int k = 0;
      for (Map.Entry<String, Map<String, Double>> e : series.entrySet()) {
        XYSeries s = new XYSeries(e.getKey(), false, true);
        e.getValue().forEach((v, value) -> s.add(Double.parseDouble(v.substring(v.indexOf('\u0000') + 1)), value));
        points.addSeries(s);
        renderer.setSeriesPaint(k, Palette.series(k));
        renderer.setSeriesStroke(k, new BasicStroke(2f));
        renderer.setSeriesShape(k++, new Ellipse2D.Double(-2.5, -2.5, 5, 5));
      }
      NumberAxis xAxis = new NumberAxis(x);
      xAxis.setAutoRangeIncludesZero(false);
      NumberAxis yAxis = new NumberAxis(y);
      yAxis.setAutoRangeIncludesZero(false);
      chart = new JFreeChart(title, TITLE_FONT, new XYPlot(points, xAxis, yAxis, renderer), series.size() > 1);
    }
    chart.setBackgroundPaint(Color.WHITE);
    chart.getPlot().setBackgroundPaint(Color.WHITE);
    chart.getPlot().setOutlineVisible(false);
    ByteArrayOutputStream png = new ByteArrayOutputStream();
    try {
      ChartUtils.writeChartAsPNG(png, chart, width, height);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return png.toByteArray();
  }

  /**
   * Series name to (x to summed y), in first-seen order. For XY charts the x key is prefixed with the row number
   * and a NUL so repeated x values of a scatter stay distinct points.
   */
  private static Map<String, Map<String, Double>> pivot(Result.Table t, List<Integer> keys, List<Integer> groups,
      List<Integer> values, boolean distinctPoints) {
    Map<String, Map<String, Double>> out = new LinkedHashMap<>();
    int row = 0;
    for (List<String> r : t.rows()) {
      row++;
      String key = String.join(",", keys.stream().map(r::get).toList());
      String group = String.join(",", groups.stream().map(r::get).toList());
      for (int v : values) {
        String cell = r.get(v);
        if (cell == null || cell.equals("null")) {
          continue;
        }
        String name = group.isEmpty() ? t.columns().get(v)
            : values.size() > 1 ? group + "." + t.columns().get(v) : group;
        String x = distinctPoints ? row + "\u0000" + key : key;
        out.computeIfAbsent(name, n -> new LinkedHashMap<>()).merge(x, Double.parseDouble(cell), Double::sum);
      }
    }
    if (!distinctPoints) {
      // Line charts draw x in order; prefix a separator so parsing above reads the key itself.
      Map<String, Map<String, Double>> keyed = new LinkedHashMap<>();
      out.forEach((n, m) -> {
        Map<String, Double> k = new LinkedHashMap<>();
        m.forEach((x, v) -> k.put("\u0000" + x, v));
        keyed.put(n, k);
      });
      return keyed;
    }
    return out;
  }

  private static List<Integer> indices(JsonNode cols) {
    List<Integer> out = new ArrayList<>();
    cols.forEach(c -> out.add(c.path("index").asInt()));
    return out;
  }

  private static String names(JsonNode cols) {
    List<String> out = new ArrayList<>();
    cols.forEach(c -> out.add(c.path("name").asText()));
    return String.join(", ", out);
  }
}
