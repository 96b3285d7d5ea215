package io.gradiente.jobs.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.Color;
import org.junit.jupiter.api.Test;

class PaletteTest {

  @Test
  void matplotlibsEndsAndStops() {
    assertEquals(new Color(0xf7fbff), Palette.blues(0));
    assertEquals(new Color(0x08306b), Palette.blues(1));
    assertEquals(new Color(0x6baed6), Palette.blues(0.5), "the middle of nine stops");
    assertEquals(new Color(0x440154), Palette.viridis(0));
    assertEquals(new Color(0xfde725), Palette.viridis(1));
    assertEquals(new Color(0x1f77b4), Palette.series(0));
    assertEquals(new Color(0xff7f0e), Palette.series(11), "ten colours, then again");
  }

  @Test
  void betweenStopsAndOutside() {
    // Half way from 0x440154 to 0x482878.
    assertEquals(new Color(0x46, 0x15, 0x66), Palette.viridis(1 / 18.0));
    assertEquals(Palette.blues(1), Palette.blues(7));
    assertEquals(Palette.blues(0), Palette.blues(Double.NaN));
  }

  @Test
  void textReadsOnEveryFill() {
    assertEquals(Color.BLACK, Palette.textOn(Palette.blues(0)));
    assertEquals(Color.WHITE, Palette.textOn(Palette.blues(1)));
    assertEquals("#08306b", Palette.hex(Palette.blues(1)));
  }
}
