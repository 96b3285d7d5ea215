package io.gradiente.jobs.plot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.image.BufferedImage;
import java.util.List;
import org.jfree.chart.JFreeChart;
import org.junit.jupiter.api.Test;

/** {@link Plots} returns, as PNG, exactly the charts the chart classes build (tested there). */
class PlotsTest {

  @Test
  void everyPlotIsItsChartAsPng() {
    List<Series> series = List.of(Series.indexed("a", new double[] {3, 1, 0.5}), Series.indexed("b",
        new double[] {2, 0.2, 0.01}));
    assertSamePicture(LineChart.chart("t", "x", "y", series, true), Plots.lines("t", "x", "y", series, true));
    double[] x = {0, 1, 2};
    double[] y = {1, 0, 2};
    List<Series> line = List.of(new Series("l", new double[] {0, 2}, new double[] {0, 2}));
    assertSamePicture(ScatterChart.chart("t", "x", "y", x, y, line), Plots.scatterWithLines("t", "x", "y", x, y, line));
    double[][] z = {{1, 2, 3}, {4, 5, 6}};
    assertSamePicture(HeatMapChart.chart("t", "x", "y", x, new double[] {0, 1}, z),
        Plots.heatMap("t", "x", "y", x, new double[] {0, 1}, z));
    long[][] counts = {{3, 1}, {0, 4}};
    assertSamePicture(ConfusionChart.chart("t", new int[] {0, 1}, counts, new String[] {"no", "yes"}),
        Plots.confusionMatrix("t", new int[] {0, 1}, counts, new String[] {"no", "yes"}));
    double[][] digits = {new double[4], {1, 1, 1, 1}};
    assertSamePicture(DigitGrid.image(digits, 2, 2, 2, new int[] {0, 1}),
        Rendered.decode(Plots.digitGrid(digits, 2, 2, 2, new int[] {0, 1})));
  }

  private static void assertSamePicture(JFreeChart chart, byte[] png) {
    assertSamePicture(Charts.render(chart, null), Rendered.decode(png));
  }

  private static void assertSamePicture(BufferedImage expected, BufferedImage actual) {
    assertEquals(expected.getWidth(), actual.getWidth());
    assertEquals(expected.getHeight(), actual.getHeight());
    assertArrayEquals(expected.getRGB(0, 0, expected.getWidth(), expected.getHeight(), null, 0, expected.getWidth()),
        actual.getRGB(0, 0, actual.getWidth(), actual.getHeight(), null, 0, actual.getWidth()));
  }
}
