package io.gradiente.jobs.plot;

import java.awt.Color;
import java.util.Locale;

/**
 * The colours of every picture the project draws, in one place so that the report's PNGs and the notebooks' HTML
 * agree: matplotlib's "tab10" for series, "Blues" for counts (white for none, dark blue for the most) and "viridis"
 * for a continuous value (dark violet for low, yellow for high).
 */
public final class Palette {
  /** Text, axes and outlines. */
  public static final Color INK = new Color(0x333333);

  /** Grid lines and light outlines. */
  public static final Color GRID = new Color(0xe0e0e0);

  /** Cells whose value is missing (NaN). */
  public static final Color MISSING = Color.LIGHT_GRAY;

  private static final Color[] SERIES = {
    new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728), new Color(0x9467bd),
    new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f), new Color(0xbcbd22), new Color(0x17becf)
  };

  private static final Color[] BLUES = {
    new Color(0xf7fbff), new Color(0xdeebf7), new Color(0xc6dbef), new Color(0x9ecae1), new Color(0x6baed6),
    new Color(0x4292c6), new Color(0x2171b5), new Color(0x08519c), new Color(0x08306b)
  };

  private static final Color[] VIRIDIS = {
    new Color(0x440154), new Color(0x482878), new Color(0x3e4989), new Color(0x31688e), new Color(0x26828e),
    new Color(0x1f9e89), new Color(0x35b779), new Color(0x6ece58), new Color(0xb5de2b), new Color(0xfde725)
  };

  private Palette() {}

  /** The colour of series {@code index} (counted from 0), repeating after ten. */
  public static Color series(int index) {
    return SERIES[Math.floorMod(index, SERIES.length)];
  }

  /** "Blues" at {@code t} in [0, 1] (clamped; NaN is 0): the colour of a count {@code t} times the largest. */
  public static Color blues(double t) {
    return interpolate(BLUES, t);
  }

  /** "viridis" at {@code t} in [0, 1] (clamped; NaN is 0): the colour of a value {@code t} of the way up its range. */
  public static Color viridis(double t) {
    return interpolate(VIRIDIS, t);
  }

  /** White on a dark fill, black on a light one: the colour that reads best for text on {@code fill}. */
  public static Color textOn(Color fill) {
    return luminance(fill) < 0.5 ? Color.WHITE : Color.BLACK;
  }

  /** The colour as HTML writes it, {@code #rrggbb}. */
  public static String hex(Color c) {
    return String.format(Locale.ROOT, "#%06x", c.getRGB() & 0xffffff);
  }

  /** Relative luminance in [0, 1] (Rec. 709 weights, no gamma correction). */
  public static double luminance(Color c) {
    return (0.2126 * c.getRed() + 0.7152 * c.getGreen() + 0.0722 * c.getBlue()) / 255.0;
  }

  /** The colour at {@code t} in [0, 1] along evenly spaced colour stops. */
  private static Color interpolate(Color[] stops, double t) {
    double clamped = Double.isNaN(t) ? 0 : Math.max(0, Math.min(1, t));
    double pos = clamped * (stops.length - 1);
    int i = Math.min(stops.length - 2, (int) Math.floor(pos));
    double f = pos - i;
    Color a = stops[i];
    Color b = stops[i + 1];
    return new Color(
        (int) Math.round(a.getRed() + f * (b.getRed() - a.getRed())),
        (int) Math.round(a.getGreen() + f * (b.getGreen() - a.getGreen())),
        (int) Math.round(a.getBlue() + f * (b.getBlue() - a.getBlue())));
  }
}
