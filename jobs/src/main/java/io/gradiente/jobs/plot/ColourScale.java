package io.gradiente.jobs.plot;

import java.awt.Color;
import java.awt.Paint;
import java.util.function.DoubleFunction;
import org.jfree.chart.renderer.PaintScale;

/**
 * A continuous colour scale over {@code [lower, upper]}: a value {@code v} gets {@code colours((v - lower) / (upper -
 * lower))}, so values beyond the range (infinities too) get the colour of the nearer end, and NaN gets
 * {@link Palette#MISSING}.
 *
 * @param lower the value of the first colour
 * @param upper the value of the last colour, above {@code lower}
 * @param colours a colour for every fraction of the range in [0, 1], for example {@link Palette#viridis}
 */
record ColourScale(double lower, double upper, DoubleFunction<Color> colours) implements PaintScale {

  ColourScale {
    if (!(upper > lower) || !Double.isFinite(lower) || !Double.isFinite(upper)) {
      throw new IllegalArgumentException("a colour scale needs finite bounds, lower below upper: " + lower + ", "
          + upper);
    }
  }

  @Override
  public double getLowerBound() {
    return lower;
  }

  @Override
  public double getUpperBound() {
    return upper;
  }

  @Override
  public Paint getPaint(double value) {
    return Double.isNaN(value) ? Palette.MISSING : colours.apply((value - lower) / (upper - lower));
  }
}
