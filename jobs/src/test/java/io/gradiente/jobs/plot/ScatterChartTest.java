package io.gradiente.jobs.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ScatterChartTest {

  @Test
  void dotsWithAFittedLineOverThem() {
    Random random = new Random(3);
    int n = 200;
    double[] x = new double[n];
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = -2 + 4 * random.nextDouble();
      y[i] = 1.5 * x[i] - 0.7 + 0.5 * random.nextGaussian();
    }
    x[0] = 1.8; // a lonely dot, far above the line
    y[0] = 4.5;
    Series fit = new Series("y = 1.5 x - 0.7", new double[] {-2, 2}, new double[] {-3.7, 2.3});
    Rendered r = new Rendered(ScatterChart.chart("Linear regression", "x", "y", x, y, List.of(fit)),
        "scatter-fit.png");
    // The translucent blue dot over white.
    java.awt.Color dot = r.at(1.8, 4.5);
    assertTrue(dot.getBlue() > 180 && dot.getRed() < 160 && dot.getRed() > 60, "a translucent blue dot: " + dot);
    // The line, in the second series colour, passes through (0, -0.7), over the dots.
    assertEquals(Palette.series(1), r.at(0, -0.7));
    assertEquals(Palette.series(1), r.at(1, 0.8));
    r.assertReadable(r.plot().getDomainAxis(), false);
    r.assertReadable(r.plot().getRangeAxis(), false);
    assertEquals(2, r.chart.getLegend().getSources()[0].getLegendItems().getItemCount(), "data and the line");
  }

  @Test
  void nothingToDraw() {
    assertThrows(IllegalArgumentException.class, () -> ScatterChart.chart("t", "x", "y",
        new double[] {Double.NaN}, new double[] {1}, List.of()));
  }
}
