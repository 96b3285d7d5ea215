package io.gradiente.jobs.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import org.jfree.chart.title.PaintScaleLegend;
import org.junit.jupiter.api.Test;

class HeatMapChartTest {

  /** The lesson's grid: w in arange(1, 5, 0.1), b in arange(-1, 1, 0.01). */
  private static final double[] WS = arange(1, 40, 0.1);
  private static final double[] BS = arange(-1, 200, 0.01);

  @Test
  void everyCellHasTheViridisColourOfItsValueAndTheLegendShowsTheScale() {
    // z = (w - 3)^2 + b^2: 0 at (3, 0), 4.9^2 + 1 = 4.61 at the far corner (1, -1).
    double[][] z = new double[BS.length][WS.length];
    double max = 0;
    for (int j = 0; j < BS.length; j++) {
      for (int i = 0; i < WS.length; i++) {
        z[j][i] = (WS[i] - 3) * (WS[i] - 3) + BS[j] * BS[j];
        max = Math.max(max, z[j][i]);
      }
    }
    Rendered r = new Rendered(HeatMapChart.chart("MSE over (w, b)", "w", "b", WS, BS, z), "heatmap-mse.png");
    assertEquals(Palette.viridis(0), r.at(3, 0), "the minimum is dark violet");
    assertEquals(Palette.viridis(1), r.at(WS[0], BS[0]), "the bottom left corner is the maximum: yellow");
    double v = z[150][25];
    assertEquals(Palette.viridis(v / max), r.at(WS[25], BS[150]), "w = 3.5, b = 0.5");
    assertTrue(r.py(BS[150]) < r.py(BS[50]), "b grows upwards");
    r.assertReadable(r.plot().getDomainAxis(), false);
    r.assertReadable(r.plot().getRangeAxis(), false);

    PaintScaleLegend legend = (PaintScaleLegend) r.chart.getSubtitle(0);
    assertEquals(0, legend.getAxis().getLowerBound());
    assertEquals(max, legend.getAxis().getUpperBound());
    // The legend's strip lies right of the plot, from dark violet at the bottom to yellow at the top.
    int right = (int) r.dataArea.getMaxX() + 1;
    double[] low = rowsOf(r, right, Palette.viridis(0));
    double[] high = rowsOf(r, right, Palette.viridis(1));
    assertTrue(low[0] >= 20 && high[0] >= 20, "both ends of the strip: " + low[0] + ", " + high[0]);
    assertTrue(low[1] > high[1] + 300, "low at the bottom, high at the top");
    assertTrue(r.inkIn(right + 40, (int) r.dataArea.getMinY(), Charts.WIDTH, (int) r.dataArea.getMaxY()) > 100,
        "the legend's tick labels");
  }

  @Test
  void missingAndInfiniteValues() {
    double[] xs = {0, 1, 2};
    double[] ys = {0, 1};
    double[][] z = {{1, 2, Double.NaN}, {Double.POSITIVE_INFINITY, 3, Double.NEGATIVE_INFINITY}};
    Rendered r = new Rendered(HeatMapChart.chart("t", "x", "y", xs, ys, z), "heatmap-special.png");
    assertEquals(Palette.MISSING, r.at(2, 0));
    assertEquals(Palette.viridis(1), r.at(0, 1));
    assertEquals(Palette.viridis(0), r.at(2, 1));
    assertEquals(Palette.viridis(0.5), r.at(1, 0));
  }

  @Test
  void heatMapChecksItsGrid() {
    double[][] z = {{1, 2}, {3, 4}};
    assertThrows(IllegalArgumentException.class,
        () -> HeatMapChart.chart("t", "x", "y", new double[] {1, 0}, new double[] {0, 1}, z));
    assertThrows(IllegalArgumentException.class,
        () -> HeatMapChart.chart("t", "x", "y", new double[] {0, 1, 2}, new double[] {0, 1}, z));
    assertThrows(IllegalArgumentException.class, () -> HeatMapChart.chart("t", "x", "y", new double[] {0, 1, 3},
        new double[] {0, 1}, new double[][] {{1, 2, 3}, {4, 5, 6}}), "uneven spacing");
    assertThrows(IllegalArgumentException.class, () -> HeatMapChart.chart("t", "x", "y", new double[] {0, 1},
        new double[] {0, 1}, new double[][] {{Double.NaN, Double.NaN}, {Double.NaN, Double.NaN}}));
  }

  /** How many pixels right of {@code x0} are within 6 of {@code colour}, and their mean row. */
  private static double[] rowsOf(Rendered r, int x0, Color colour) {
    int n = 0;
    double rows = 0;
    for (int y = 0; y < r.image.getHeight(); y++) {
      for (int x = x0; x < r.image.getWidth(); x++) {
        if (Rendered.close(new Color(r.image.getRGB(x, y)), colour, 6)) {
          n++;
          rows += y;
        }
      }
    }
    return new double[] {n, rows / Math.max(1, n)};
  }

  private static double[] arange(double start, int n, double step) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = start + i * step;
    }
    return v;
  }
}
