package io.gradiente.jobs.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.imageio.ImageIO;
import org.jfree.chart.ChartRenderingInfo;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.AxisState;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.axis.ValueTick;
import org.jfree.chart.plot.XYPlot;

/**
 * A chart drawn as {@link Plots} draws it, with what the tests look at: the pixel of a data point, the colour
 * there, the tick labels of an axis, and whether they are drawn. Every picture is also written to
 * {@code target/plot-samples/} for people to look at.
 */
final class Rendered {
  private static final Path SAMPLES = Path.of("target", "plot-samples");

  final JFreeChart chart;
  final BufferedImage image;
  final Rectangle2D dataArea;

  Rendered(JFreeChart chart, String sampleName) {
    this.chart = chart;
    ChartRenderingInfo info = new ChartRenderingInfo();
    this.image = Charts.render(chart, info);
    this.dataArea = info.getPlotInfo().getDataArea();
    save(Charts.png(image), sampleName);
  }

  XYPlot plot() {
    return chart.getXYPlot();
  }

  /** The pixel column of {@code x} on the domain axis. */
  int px(double x) {
    return (int) Math.floor(plot().getDomainAxis().valueToJava2D(x, dataArea, plot().getDomainAxisEdge()));
  }

  /** The pixel row of {@code y} on the range axis. */
  int py(double y) {
    return (int) Math.floor(plot().getRangeAxis().valueToJava2D(y, dataArea, plot().getRangeAxisEdge()));
  }

  /** The colour of the pixel at data point {@code (x, y)}. */
  Color at(double x, double y) {
    return new Color(image.getRGB(px(x), py(y)));
  }

  /** Whether a pixel within {@code radius} of {@code (px, py)} is within {@code tolerance} of {@code colour}. */
  boolean near(int px, int py, int radius, Color colour, int tolerance) {
    for (int y = py - radius; y <= py + radius; y++) {
      for (int x = px - radius; x <= px + radius; x++) {
        if (close(new Color(image.getRGB(x, y)), colour, tolerance)) {
          return true;
        }
      }
    }
    return false;
  }

  /** Whether the red, green and blue of {@code a} and {@code b} differ by at most {@code tolerance} in all. */
  static boolean close(Color a, Color b, int tolerance) {
    return Math.abs(a.getRed() - b.getRed()) + Math.abs(a.getGreen() - b.getGreen())
        + Math.abs(a.getBlue() - b.getBlue()) <= tolerance;
  }

  /** The ticks {@code axis} draws along the data area (domain axis below it, range axis left of it). */
  List<ValueTick> ticks(ValueAxis axis) {
    boolean domain = axis == plot().getDomainAxis();
    Graphics2D g = image.createGraphics();
    try {
      List<ValueTick> ticks = new ArrayList<>();
      for (Object t : axis.refreshTicks(g, new AxisState(), dataArea,
          domain ? plot().getDomainAxisEdge() : plot().getRangeAxisEdge())) {
        ticks.add((ValueTick) t);
      }
      return ticks;
    } finally {
      g.dispose();
    }
  }

  /** The labels of {@link #ticks}. */
  List<String> labels(ValueAxis axis) {
    return ticks(axis).stream().map(ValueTick::getText).toList();
  }

  /**
   * Asserts that {@code axis} carries at least three labelled ticks at round values (a whole number of steps of 1, 2
   * or 5 times a power of ten on a linear axis; such values themselves on a logarithmic one), that each label reads
   * as its value, and that each label is drawn: there is ink beside the axis at the tick.
   */
  void assertReadable(ValueAxis axis, boolean log) {
    List<ValueTick> ticks = ticks(axis);
    assertTrue(ticks.size() >= 3, axis.getLabel() + ": at least three ticks, not " + labels(axis));
    boolean domain = axis == plot().getDomainAxis();
    for (ValueTick t : ticks) {
      BigDecimal read = new BigDecimal(t.getText().replace(",", ""));
      assertEquals(t.getValue(), read.doubleValue(), Math.abs(t.getValue()) * 1e-9 + 1e-12,
          axis.getLabel() + ": label " + t.getText());
      if (log) {
        assertTrue(read.stripTrailingZeros().precision() == 1, axis.getLabel() + ": round " + t.getText());
      }
      int at = domain ? px(t.getValue()) : py(t.getValue());
      int ink = domain
          ? inkIn(at - 12, (int) dataArea.getMaxY() + 4, at + 12, (int) dataArea.getMaxY() + 24)
          : inkIn((int) dataArea.getMinX() - 48, at - 6, (int) dataArea.getMinX() - 4, at + 6);
      assertTrue(ink >= 5, axis.getLabel() + ": label " + t.getText() + " drawn, " + ink + " dark pixels");
    }
    if (!log) {
      double step = ticks.get(1).getValue() - ticks.get(0).getValue();
      BigDecimal unit = new BigDecimal(step).round(new MathContext(6)).stripTrailingZeros();
      assertTrue(unit.precision() == 1 && Set.of(1, 2, 5).contains(unit.unscaledValue().intValue()),
          axis.getLabel() + ": a round step, not " + step);
    }
  }

  /** The number of dark pixels (luminance below 0.5) in the rectangle {@code [x0, x1) x [y0, y1)}. */
  int inkIn(int x0, int y0, int x1, int y1) {
    int n = 0;
    for (int y = Math.max(0, y0); y < Math.min(image.getHeight(), y1); y++) {
      for (int x = Math.max(0, x0); x < Math.min(image.getWidth(), x1); x++) {
        if (Palette.luminance(new Color(image.getRGB(x, y))) < 0.5) {
          n++;
        }
      }
    }
    return n;
  }

  /** The PNG decoded. */
  static BufferedImage decode(byte[] png) {
    try {
      BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
      assertTrue(image != null, "a decodable PNG");
      return image;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes {@code png} as {@code target/plot-samples/<name>}. */
  static void save(byte[] png, String name) {
    try {
      Files.createDirectories(SAMPLES);
      Files.write(SAMPLES.resolve(name), png);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
