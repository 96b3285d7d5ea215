package io.gradiente.jobs.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.jfree.chart.axis.NumberAxis;
import org.junit.jupiter.api.Test;

class LineChartTest {

  @Test
  void everyEpochOfEveryRunIsAMarkerInItsSeriesColour() {
    List<Series> runs = new ArrayList<>();
    double[] rates = {0.3, 0.1, 0.03};
    for (double rate : rates) {
      double[] loss = new double[30];
      for (int e = 0; e < loss.length; e++) {
        loss[e] = 0.05 + 2.0 * Math.exp(-rate * e);
      }
      runs.add(Series.indexed("lr = " + rate, loss));
    }
    Rendered r = new Rendered(LineChart.chart("Training loss", "epoch", "loss", runs, false), "lines-epochs.png");
    // The last run is drawn last: its markers show its colour at its points, e.g. epoch 20.
    Series last = runs.get(2);
    assertEquals(Palette.series(2), r.at(last.x()[19], last.y()[19]));
    // The first run's epoch 30 is far below the others.
    assertEquals(Palette.series(0), r.at(runs.get(0).x()[29], runs.get(0).y()[29]));
    // Between the curves, well off any line, the plot is white.
    assertTrue(r.near(r.px(25.5), r.py(1.55), 0, java.awt.Color.WHITE, 0));
    r.assertReadable(r.plot().getDomainAxis(), false);
    r.assertReadable(r.plot().getRangeAxis(), false);
    assertTrue(r.chart.getLegend() != null, "several series get a legend");
  }

  @Test
  void twelveThousandBatchesOnALogAxisWithThreeDecades() {
    Random random = new Random(7);
    double[] loss = new double[12_000];
    for (int i = 0; i < loss.length; i++) {
      loss[i] = (0.02 + 3.0 * Math.exp(-i / 1500.0)) * Math.exp(0.3 * random.nextGaussian());
    }
    loss[100] = Double.NaN; // a diverged batch leaves a gap instead of breaking the chart
    loss[200] = 0; // not drawable on a log axis
    Series batches = Series.indexed("batch", loss);
    Rendered r = new Rendered(LineChart.chart("Batch loss", "step", "loss", List.of(batches), true),
        "lines-batches-log.png");
    assertInstanceOf(RoundLogAxis.class, r.plot().getRangeAxis());
    r.assertReadable(r.plot().getRangeAxis(), true);
    r.assertReadable(r.plot().getDomainAxis(), false);
    // The thin line passes by the drawn points, at their place on the log scale.
    for (int i : new int[] {500, 6000, 11_000}) {
      assertTrue(r.near(r.px(i + 1), r.py(loss[i]), 2, Palette.series(0), 120), "step " + (i + 1));
    }
    assertEquals(null, r.chart.getLegend(), "one series, no legend");
  }

  @Test
  void theLessonsBatchLossesGetRoundLogTicks() {
    // A softmax run's batch losses, 2.4 down to 0.25: one power of 10 inside, so powers of ten alone would label
    // the axis "1" only.
    double[] loss = new double[300];
    for (int i = 0; i < loss.length; i++) {
      loss[i] = 0.25 + 2.15 * Math.exp(-i / 40.0);
    }
    Rendered r = new Rendered(
        LineChart.chart("t", "epoch", "batch loss", List.of(Series.indexed("batch", loss)), true),
        "lines-one-decade-log.png");
    r.assertReadable(r.plot().getRangeAxis(), true);
    assertTrue(r.labels(r.plot().getRangeAxis()).containsAll(List.of("0.3", "0.5", "1", "2")),
        r.labels(r.plot().getRangeAxis()).toString());
    assertTrue(r.near(r.px(1), r.py(loss[0]), 2, Palette.series(0), 120), "the first point");
  }

  @Test
  void aRangeTooNarrowForFiveRoundLogTicksGetsALinearAxis() {
    // Full-batch logistic losses, 0.8 down to 0.53: 0.6, 0.7 and 0.8 only on a log axis.
    double[] narrow = new double[100];
    for (int i = 0; i < narrow.length; i++) {
      narrow[i] = 0.8 - 0.27 * i / 99.0;
    }
    Rendered r = new Rendered(
        LineChart.chart("t", "step", "loss", List.of(Series.indexed("batch", narrow)), true),
        "lines-narrow-range-log-asked.png");
    assertInstanceOf(NumberAxis.class, r.plot().getRangeAxis());
    assertFalse(r.plot().getRangeAxis() instanceof RoundLogAxis);
    r.assertReadable(r.plot().getRangeAxis(), false);
    assertTrue(r.ticks(r.plot().getRangeAxis()).size() >= 5, r.labels(r.plot().getRangeAxis()).toString());
    assertEquals(Palette.series(0), r.at(50, narrow[49]), "the marker of step 50");
  }

  @Test
  void aSeriesWithoutDrawablePointsKeepsItsPlaceBesideOthers() {
    Rendered r = new Rendered(LineChart.chart("t", "epoch", "loss", List.of(
        Series.indexed("diverged", new double[] {Double.NaN, Double.POSITIVE_INFINITY}),
        Series.indexed("fine", new double[] {1.0, 0.5})), false), "lines-diverged.png");
    assertEquals(2, r.chart.getLegend().getSources()[0].getLegendItems().getItemCount());
    assertEquals(Palette.series(1), r.at(2, 0.5));
  }

  @Test
  void linesRejectWhatCannotBeDrawn() {
    assertThrows(IllegalArgumentException.class, () -> LineChart.chart("t", "x", "y", List.of(), false));
    assertThrows(IllegalArgumentException.class, () -> LineChart.chart("t", "x", "y",
        List.of(Series.indexed("zeros", new double[] {0, 0})), true));
    assertThrows(IllegalArgumentException.class, () -> new Series("bad", new double[2], new double[3]));
  }
}
