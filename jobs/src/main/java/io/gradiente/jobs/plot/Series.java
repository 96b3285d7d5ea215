package io.gradiente.jobs.plot;

import java.util.Arrays;
import java.util.Objects;

/**
 * One named curve for {@link Plots}: the points {@code (x[i], y[i])} in order.
 *
 * <p>The arrays are not copied; do not change them while a chart is being drawn. Values that
 * cannot be drawn (NaN, infinities, and values that are not positive on a logarithmic axis) are
 * left out of the drawing and leave a gap in the line.
 *
 * @param name legend text, not null
 * @param x the x coordinates, not null
 * @param y the y coordinates, not null, as many as {@code x}
 */
public record Series(String name, double[] x, double[] y) {

  public Series {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(x, "x");
    Objects.requireNonNull(y, "y");
    if (x.length != y.length) {
      throw new IllegalArgumentException(
          "series '" + name + "': x has " + x.length + " values but y has " + y.length);
    }
  }

  /**
   * A series whose x coordinates are 1, 2, ..., {@code y.length} (epoch or step numbers counted
   * from one); NaN values (not computed) are left out.
   */
  public static Series indexed(String name, double[] y) {
    Objects.requireNonNull(y, "y");
    double[] x = new double[y.length];
    for (int i = 0; i < y.length; i++) {
      x[i] = i + 1;
    }
    return measured(name, x, y);
  }

  /** The points {@code (x[i], y[i])} whose y was computed (is not NaN), in order. */
  public static Series measured(String name, double[] x, double[] y) {
    Objects.requireNonNull(x, "x");
    Objects.requireNonNull(y, "y");
    double[] xs = new double[y.length];
    double[] kept = new double[y.length];
    int n = 0;
    for (int i = 0; i < y.length; i++) {
      if (!Double.isNaN(y[i])) {
        xs[n] = x[i];
        kept[n++] = y[i];
      }
    }
    return new Series(name, Arrays.copyOf(xs, n), Arrays.copyOf(kept, n));
  }

  /** The number of points. */
  public int size() {
    return x.length;
  }
}
