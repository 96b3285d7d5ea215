package io.gradiente.jobs.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

class DigitGridTest {

  @Test
  void aHundredDigitsWithLabels() {
    double[][] images = new double[100][];
    int[] labels = new int[100];
    for (int k = 0; k < images.length; k++) {
      images[k] = fakeDigit(k % 10, 255.0);
      labels[k] = k % 10;
    }
    BufferedImage image = DigitGrid.image(images, 28, 28, 10, labels);
    Rendered.save(Charts.png(image), "digits-10x10.png");
    // s = 840 / 280 = 3: 10 * 84 + 11 * 4 wide, 10 * (84 + 18) + 11 * 4 high.
    assertEquals(884, image.getWidth());
    assertEquals(1064, image.getHeight());
    int x0 = DigitGrid.GAP;
    int y0 = DigitGrid.GAP;
    assertEquals(Color.WHITE.getRGB(), image.getRGB(x0 + 1, y0 + 1), "paper");
    assertEquals(Color.BLACK.getRGB(), image.getRGB(x0 + 14 * 3, y0 + 10 * 3), "full ink of the bar");
    assertEquals(new Color(102, 102, 102).getRGB(), image.getRGB(x0 + 15 * 3 + 1, y0 + 10 * 3 + 1), "0.6 ink");
    // Digit 9's horizontal bar is at row 6 + 15 = 21, in the tenth image.
    int x9 = x0 + 9 * (84 + DigitGrid.GAP);
    assertEquals(Color.BLACK.getRGB(), image.getRGB(x9 + 9 * 3, y0 + 21 * 3));
    assertEquals(Color.WHITE.getRGB(), image.getRGB(x9 + 9 * 3, y0 + 6 * 3), "no bar at row 6 for a 9");
    int inkUnder = 0;
    for (int y = y0 + 84; y < y0 + 84 + DigitGrid.LABEL_HEIGHT; y++) {
      for (int x = x0; x < x0 + 84; x++) {
        inkUnder += Palette.luminance(new Color(image.getRGB(x, y))) < 0.5 ? 1 : 0;
      }
    }
    assertTrue(inkUnder > 10, "the label under the first digit");
  }

  @Test
  void unitPixelsAndNoLabels() {
    double[][] images = new double[7][];
    for (int k = 0; k < images.length; k++) {
      images[k] = fakeDigit(k, 1.0);
    }
    BufferedImage image = DigitGrid.image(images, 28, 28, 4, null);
    // s = 840 / 112 = 7; 2 rows.
    assertEquals(4 * 196 + 5 * 4, image.getWidth());
    assertEquals(2 * 196 + 3 * 4, image.getHeight());
    assertEquals(Color.BLACK.getRGB(), image.getRGB(4 + 14 * 7, 4 + 6 * 7 + 3));
    assertEquals(Color.WHITE.getRGB(), image.getRGB(4 + 2 * 7, 4 + 2 * 7));
  }

  /** A crude digit: a vertical bar plus a horizontal bar whose row depends on the digit. */
  private static double[] fakeDigit(int digit, double full) {
    double[] pixels = new double[28 * 28];
    for (int y = 6; y < 22; y++) {
      pixels[y * 28 + 14] = full;
      pixels[y * 28 + 15] = 0.6 * full;
    }
    int row = 6 + digit * 15 / 9;
    for (int x = 8; x < 20; x++) {
      pixels[row * 28 + x] = full;
    }
    return pixels;
  }
}
