package io.gradiente.jobs.plot;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.Objects;

/** A grid of grey-scale images drawn dark on white, each with an optional label under it: the first MNIST digits. */
final class DigitGrid {
  /** Gap in pixels between (and around) the images. */
  static final int GAP = 4;

  /** Height in pixels of the label strip under each image. */
  static final int LABEL_HEIGHT = 18;

  /** The grid is scaled up by the largest whole factor that keeps it this wide. */
  static final int TARGET_WIDTH = 840;

  private DigitGrid() {}

  /** The picture of {@link Plots#digitGrid}. */
  static BufferedImage image(double[][] images, int width, int height, int columns, int[] labels) {
    Objects.requireNonNull(images, "images");
    if (images.length == 0) {
      throw new IllegalArgumentException("no images");
    }
    if (width <= 0 || height <= 0 || columns <= 0) {
      throw new IllegalArgumentException(
          "width, height and columns must be positive: " + width + ", " + height + ", " + columns);
    }
    if (labels != null && labels.length != images.length) {
      throw new IllegalArgumentException(
          "labels has " + labels.length + " values but there are " + images.length + " images");
    }
    double max = 0;
    for (int k = 0; k < images.length; k++) {
      if (images[k] == null || images[k].length != width * height) {
        throw new IllegalArgumentException(
            "image " + k + " must have " + width * height + " values (" + width + " x " + height + ")");
      }
      for (double v : images[k]) {
        max = Math.max(max, v);
      }
    }
    double full = max > 1 ? 255.0 : 1.0;
    int s = Math.max(1, TARGET_WIDTH / (columns * width));
    int rows = (images.length + columns - 1) / columns;
    int labelHeight = labels == null ? 0 : LABEL_HEIGHT;
    int cellW = width * s;
    int cellH = height * s + labelHeight;
    BufferedImage image = new BufferedImage(columns * cellW + (columns + 1) * GAP, rows * cellH + (rows + 1) * GAP,
        BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, image.getWidth(), image.getHeight());
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
      FontMetrics fm = g.getFontMetrics();
      for (int k = 0; k < images.length; k++) {
        int x0 = GAP + (k % columns) * (cellW + GAP);
        int y0 = GAP + (k / columns) * (cellH + GAP);
        for (int py = 0; py < height; py++) {
          for (int px = 0; px < width; px++) {
            double v = images[k][py * width + px] / full;
            double ink = Double.isNaN(v) ? 0 : Math.max(0, Math.min(1, v));
            int grey = (int) Math.round(255 * (1 - ink));
            g.setColor(new Color(grey, grey, grey));
            g.fillRect(x0 + px * s, y0 + py * s, s, s);
          }
        }
        g.setColor(Palette.GRID);
        g.drawRect(x0 - 1, y0 - 1, cellW + 1, height * s + 1);
        if (labels != null) {
          String text = Integer.toString(labels[k]);
          g.setColor(Palette.INK);
          g.drawString(text, x0 + (cellW - fm.stringWidth(text)) / 2,
              y0 + height * s + (labelHeight + fm.getAscent() - fm.getDescent()) / 2 + 1);
        }
      }
    } finally {
      g.dispose();
    }
    return image;
  }
}
