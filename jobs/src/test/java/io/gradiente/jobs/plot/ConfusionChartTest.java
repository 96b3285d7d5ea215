package io.gradiente.jobs.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.util.List;
import java.util.Random;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.title.PaintScaleLegend;
import org.junit.jupiter.api.Test;

class ConfusionChartTest {

  @Test
  void twoClassesAsScikitLearnDrawsThem() {
    long[][] counts = {{50, 10}, {5, 35}};
    Rendered r = new Rendered(ConfusionChart.chart("Confusion matrix", new int[] {0, 1}, counts, null),
        "confusion-2.png");
    for (int a = 0; a < 2; a++) {
      for (int p = 0; p < 2; p++) {
        Color fill = Palette.blues(counts[a][p] / 50.0);
        // Off the centre, where the count is written: the cell's fill.
        assertEquals(fill, r.at(p - 0.4, a - 0.4), "actual " + a + ", predicted " + p);
        // At the centre: the count, in the text colour for that fill.
        assertTrue(r.near(r.px(p), r.py(a), 6, Palette.textOn(fill), 60), "count of " + a + ", " + p);
      }
    }
    assertTrue(r.py(0) < r.py(1), "actual 0 is the top row");
    assertTrue(r.px(0) < r.px(1), "predicted 0 is the left column");
    assertEquals(Math.round(r.dataArea.getWidth()), Math.round(r.dataArea.getHeight()), 1.0, "square cells");
    assertEquals(List.of("0", "1"), r.labels(r.plot().getDomainAxis()));
    assertEquals(List.of("0", "1"), r.labels(r.plot().getRangeAxis()));
    PaintScaleLegend legend = (PaintScaleLegend) r.chart.getSubtitle(0);
    assertEquals(50, legend.getScale().getUpperBound());
  }

  @Test
  void tenNamedClasses() {
    String[] names = {"T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag",
        "Ankle boot"};
    int[] labels = new int[10];
    long[][] counts = new long[10][10];
    Random random = new Random(11);
    for (int a = 0; a < 10; a++) {
      labels[a] = a;
      for (int p = 0; p < 10; p++) {
        counts[a][p] = a == p ? 800 + random.nextInt(180) : random.nextInt(40);
      }
    }
    counts[3][3] = 1135;
    counts[7][2] = 0;
    Rendered r = new Rendered(ConfusionChart.chart("Fashion-MNIST, test set", labels, counts, names),
        "confusion-10.png");
    assertEquals(Palette.blues(1), r.at(3 - 0.4, 3 - 0.4));
    assertEquals(Palette.blues(0), r.at(2 - 0.4, 7 - 0.4));
    assertEquals(Palette.blues(counts[9][0] / 1135.0), r.at(-0.4, 9 - 0.4));
    assertTrue(r.near(r.px(3), r.py(3), 5, Color.WHITE, 60), "1135 in white on dark blue");
    assertTrue(r.near(r.px(2), r.py(7), 5, Color.BLACK, 60), "0 in black on white");
    assertTrue(r.near(r.px(2), r.py(7), 8, Palette.blues(0), 0), "around the 0: the fill");
    assertTrue(r.near(r.px(9), r.py(0), 6, Color.BLACK, 60), "27 in black on a light cell");
    assertEquals(List.of(names), r.labels(r.plot().getDomainAxis()));
    assertTrue(((SymbolAxis) r.plot().getDomainAxis()).isVerticalTickLabels(), "long names stand upright");
  }

  @Test
  void confusionMatrixChecksItsShape() {
    assertThrows(IllegalArgumentException.class,
        () -> ConfusionChart.chart("t", new int[] {0, 1}, new long[][] {{1, 2}}, null));
    assertThrows(IllegalArgumentException.class, () -> ConfusionChart.chart("t",
        new int[] {0, 1}, new long[][] {{1, 2}, {3, 4}}, new String[] {"a"}));
    assertThrows(IllegalArgumentException.class,
        () -> ConfusionChart.chart("t", new int[] {0, 1}, new long[][] {{1, -2}, {3, 4}}, null));
  }
}
