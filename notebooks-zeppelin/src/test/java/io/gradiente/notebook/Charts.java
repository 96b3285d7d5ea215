package io.gradiente.notebook;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Draws a {@code %spark.sql} result as the chart saved in its paragraph (Zeppelin's line, bar and scatter charts:
 * keys on x, one series per group value and value column, values summed like Zeppelin's pivot), as a PNG for the
 * static page. Series take matplotlib's "tab10" colours in order.
 */
final class Charts {
  /** matplotlib's tab10: the series colours, in order. */
  static final Color[] PALETTE = {new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c),
      new Color(0xd62728), new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f)};

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
    Chart<?, ?> chart;
    if (mode.equals("multiBarChart")) {
      CategoryChart c = new CategoryChartBuilder().width(width).height(height).title(title).xAxisTitle(x)
          .yAxisTitle(y).build();
      style(c.getStyler(), series.size());
      c.getStyler().setOverlapped(false);
      int k = 0;
      for (Map.Entry<String, Map<String, Double>> e : series.entrySet()) {
        List<String> categories = e.getValue().keySet().stream().map(v -> v.substring(v.indexOf('\u0000') + 1))
            .toList();
        CategorySeries s = c.addSeries(e.getKey(), categories,
            new ArrayList<>(e.getValue().values()));
        s.setFillColor(PALETTE[k++ % PALETTE.length]);
      }
      chart = c;
    } else {
      XYChart c = new XYChartBuilder().width(width).height(height).title(title).xAxisTitle(x).yAxisTitle(y).build();
      style(c.getStyler(), series.size());
      boolean scatter = mode.equals("scatterChart");
      if (scatter) {
        c.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        c.getStyler().setMarkerSize(5);
      }
      int k = 0;
      for (Map.Entry<String, Map<String, Double>> e : series.entrySet()) {
        List<Double> xs = new ArrayList<>();
        for (String v : e.getValue().keySet()) {
          xs.add(Double.parseDouble(v.substring(v.indexOf('\u0000') + 1)));
        }
        XYSeries s = c.addSeries(e.getKey(), xs, new ArrayList<>(e.getValue().values()));
        Color colour = PALETTE[k++ % PALETTE.length];
        s.setLineColor(colour);
        s.setMarkerColor(colour);
        if (!scatter) {
          s.setMarker(SeriesMarkers.NONE);
          s.setLineStyle(new BasicStroke(2f));
        }
      }
      chart = c;
    }
    try {
      return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void style(Styler s, int series) {
    s.setChartBackgroundColor(Color.WHITE);
    s.setPlotBackgroundColor(Color.WHITE);
    s.setLegendVisible(series > 1);
    s.setLegendPosition(Styler.LegendPosition.InsideNE);
    s.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
    s.setPlotBorderVisible(false);
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
