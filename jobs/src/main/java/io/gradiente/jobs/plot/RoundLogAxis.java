package io.gradiente.jobs.plot;

import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.jfree.chart.axis.AxisState;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberTick;
import org.jfree.chart.axis.TickType;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.TextAnchor;

/**
 * A logarithmic axis labelled at round values. JFreeChart's {@link LogAxis} puts its ticks at equal steps of the
 * exponent (10^0.2 = 1.585, ...) or at powers of ten only, which leaves one label, or none, on a range such as the
 * batch losses of a run (0.2 to 3); this axis labels the powers of ten when they give five ticks or more, else the
 * values 1, 2 and 5 times a power of ten when they do, else every whole multiple of a power of ten (0.2, 0.3, ...,
 * 0.9).
 */
final class RoundLogAxis extends LogAxis {
  /**
   * A family of ticks is taken if it gives this many: fewer leave long stretches of the axis unlabelled, and a range
   * where even the finest family gives fewer is better drawn on a linear axis.
   */
  static final int ENOUGH_TICKS = 5;

  private static final int[][] MANTISSAS = {{1}, {1, 2, 5}, {1, 2, 3, 4, 5, 6, 7, 8, 9}};

  RoundLogAxis(String label) {
    super(label);
  }

  /**
   * The round values in {@code [lo, hi]} (both positive) for a logarithmic axis, as decimals: the coarsest of the
   * three families above that gives at least {@value #ENOUGH_TICKS}, or the finest if none does.
   */
  static List<BigDecimal> ticks(double lo, double hi) {
    List<BigDecimal> ticks = List.of();
    for (int[] mantissas : MANTISSAS) {
      ticks = ticks(lo, hi, mantissas);
      if (ticks.size() >= ENOUGH_TICKS) {
        break;
      }
    }
    return ticks;
  }

  private static List<BigDecimal> ticks(double lo, double hi, int[] mantissas) {
    List<BigDecimal> ticks = new ArrayList<>();
    for (int exponent = (int) Math.floor(Math.log10(lo)); exponent <= (int) Math.ceil(Math.log10(hi)); exponent++) {
      for (int m : mantissas) {
        BigDecimal v = BigDecimal.valueOf(m).scaleByPowerOfTen(exponent);
        if (v.doubleValue() >= lo && v.doubleValue() <= hi) {
          ticks.add(v);
        }
      }
    }
    return ticks;
  }

  /** {@code v} (one significant digit) as a tick label: plain from 0.0001 to 100000, else {@code 2E-6}, {@code 1E6}. */
  static String label(BigDecimal v) {
    BigDecimal d = v.stripTrailingZeros();
    return d.compareTo(new BigDecimal("1E-4")) >= 0 && d.compareTo(new BigDecimal("1E5")) <= 0
        ? d.toPlainString() : d.unscaledValue() + "E" + -d.scale();
  }

  @Override
  public List refreshTicks(Graphics2D g2, AxisState state, Rectangle2D dataArea, RectangleEdge edge) {
    TextAnchor anchor = edge == RectangleEdge.LEFT ? TextAnchor.CENTER_RIGHT
        : edge == RectangleEdge.RIGHT ? TextAnchor.CENTER_LEFT
        : edge == RectangleEdge.TOP ? TextAnchor.BOTTOM_CENTER : TextAnchor.TOP_CENTER;
    List<NumberTick> ticks = new ArrayList<>();
    for (BigDecimal v : ticks(getLowerBound(), getUpperBound())) {
      ticks.add(new NumberTick(TickType.MAJOR, v.doubleValue(), label(v), anchor, TextAnchor.CENTER, 0.0));
    }
    return ticks;
  }
}
