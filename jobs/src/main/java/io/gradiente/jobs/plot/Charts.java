package io.gradiente.jobs.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.jfree.chart.ChartRenderingInfo;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.AxisLocation;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.axis.TickUnits;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.block.BlockBorder;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.PaintScale;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.data.xy.XYSeries;

/** What the charts share: their size, fonts and colours, axes, the colour legend, and the PNG encoding. */
final class Charts {
  /** Width in pixels of every chart. */
  static final int WIDTH = 800;

  /** Height in pixels of every chart. */
  static final int HEIGHT = 600;

  static final Font TITLE_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 18);
  static final Font LABEL_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 15);
  static final Font TICK_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 12);

  private Charts() {}

  /** A linear axis with {@link #roundUnits} ticks, whose range need not include zero. */
  static NumberAxis numberAxis(String label) {
    NumberAxis axis = new NumberAxis(label);
    axis.setAutoRangeIncludesZero(false);
    axis.setStandardTickUnits(roundUnits(-12));
    return style(axis);
  }

  /**
   * Tick spacings 1, 2 and 5 times {@code 10^k}, {@code k >= minExponent}, each labelled with just the decimals it
   * needs; JFreeChart picks the smallest whose labels do not overlap. (Its own list has 2.5 and 25 too, which put
   * ticks at 1.25 and 1.75.)
   */
  static TickUnits roundUnits(int minExponent) {
    TickUnits units = new TickUnits();
    for (int k = minExponent; k <= 12; k++) {
      DecimalFormat format = new DecimalFormat("#,##0", DecimalFormatSymbols.getInstance(Locale.ROOT));
      format.setMinimumFractionDigits(Math.max(0, -k));
      for (int m : new int[] {1, 2, 5}) {
        units.add(new NumberTickUnit(m * Math.pow(10, k), format));
      }
    }
    return units;
  }

  /** {@code axis} in the charts' fonts and ink. */
  static <A extends ValueAxis> A style(A axis) {
    axis.setLabelFont(LABEL_FONT);
    axis.setLabelPaint(Palette.INK);
    axis.setTickLabelFont(TICK_FONT);
    axis.setTickLabelPaint(Palette.INK);
    axis.setAxisLinePaint(Palette.INK);
    axis.setTickMarkPaint(Palette.INK);
    return axis;
  }

  /** An empty plot on white with light grid lines. */
  static XYPlot plot(ValueAxis x, ValueAxis y) {
    XYPlot plot = new XYPlot();
    plot.setDomainAxis(x);
    plot.setRangeAxis(y);
    plot.setBackgroundPaint(Color.WHITE);
    plot.setOutlinePaint(Palette.INK);
    plot.setDomainGridlinePaint(Palette.GRID);
    plot.setRangeGridlinePaint(Palette.GRID);
    plot.setDomainGridlineStroke(new BasicStroke(1f));
    plot.setRangeGridlineStroke(new BasicStroke(1f));
    return plot;
  }

  /** The chart around {@code plot}, with its title (none when null or empty) and a legend below it if asked. */
  static JFreeChart chart(String title, XYPlot plot, boolean legend) {
    JFreeChart chart = new JFreeChart(title == null || title.isEmpty() ? null : title, TITLE_FONT, plot, legend);
    chart.setBackgroundPaint(Color.WHITE);
    chart.setPadding(new RectangleInsets(6, 6, 6, 12));
    if (chart.getTitle() != null) {
      chart.getTitle().setPaint(Palette.INK);
    }
    LegendTitle items = chart.getLegend();
    if (items != null) {
      items.setItemFont(TICK_FONT);
      items.setItemPaint(Palette.INK);
      items.setFrame(new BlockBorder(Palette.GRID));
    }
    return chart;
  }

  /**
   * Adds the colour legend of {@code scale} on the right of {@code chart}: a strip with {@code axis} beside it,
   * whose range is the scale's.
   */
  static void addColourLegend(JFreeChart chart, PaintScale scale, NumberAxis axis) {
    axis.setRange(scale.getLowerBound(), scale.getUpperBound());
    // About six labels: a legend needs fewer than an axis.
    axis.setTickUnit((NumberTickUnit) axis.getStandardTickUnits()
        .getCeilingTickUnit((scale.getUpperBound() - scale.getLowerBound()) / 6));
    PaintScaleLegend legend = new PaintScaleLegend(scale, axis);
    legend.setPosition(RectangleEdge.RIGHT);
    legend.setAxisLocation(AxisLocation.BOTTOM_OR_RIGHT);
    legend.setStripWidth(20);
    legend.setSubdivisionCount(256);
    legend.setStripOutlineVisible(true);
    legend.setStripOutlinePaint(Palette.INK);
    legend.setBackgroundPaint(Color.WHITE);
    // Top and bottom margins bring the strip level with the plot's data area.
    legend.setMargin(new RectangleInsets(4, 16, 58, 0));
    chart.addSubtitle(legend);
  }

  /**
   * A series of {@code (x[i], y[i])}, in order (equal x allowed); a point whose y cannot be drawn (NaN, infinite, or
   * not positive when {@code positiveOnly}) is kept with no y and leaves a gap in a line, one whose x is not finite
   * is left out.
   */
  static XYSeries xySeries(String name, double[] x, double[] y, boolean positiveOnly) {
    XYSeries s = new XYSeries(name, false, true);
    for (int i = 0; i < x.length; i++) {
      if (Double.isFinite(x[i])) {
        boolean drawable = Double.isFinite(y[i]) && (!positiveOnly || y[i] > 0);
        s.add(x[i], drawable ? Double.valueOf(y[i]) : null);
      }
    }
    return s;
  }

  /** Whether {@code s} has a point with a y value. */
  static boolean hasPoint(XYSeries s) {
    for (int i = 0; i < s.getItemCount(); i++) {
      if (s.getY(i) != null) {
        return true;
      }
    }
    return false;
  }

  /** {@code chart} drawn on a {@value #WIDTH} x {@value #HEIGHT} image; {@code info}, if given, gets the geometry. */
  static BufferedImage render(JFreeChart chart, ChartRenderingInfo info) {
    BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      chart.draw(g, new Rectangle2D.Double(0, 0, WIDTH, HEIGHT), info);
    } finally {
      g.dispose();
    }
    return image;
  }

  /** {@code chart} as a {@value #WIDTH} x {@value #HEIGHT} PNG. */
  static byte[] png(JFreeChart chart) {
    return png(render(chart, null));
  }

  /** {@code image} as a PNG. */
  static byte[] png(BufferedImage image) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      if (!ImageIO.write(image, "png", out)) {
        throw new IllegalStateException("no PNG writer available");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not encode the image as PNG", e);
    }
    return out.toByteArray();
  }
}
