package io.gradiente.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gradiente.core.eval.ConfusionMatrix;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The confusion heat map's cells: the count, the palette's Blues of the row's share, readable text. */
class HtmlTest {
  private static final Pattern CELL = Pattern.compile("<td style=\"background:(#[0-9a-f]{6});color:(#[0-9a-f]{6});"
      + "[^\"]*\">(\\d+)</td>");

  @Test
  void eachCellIsFilledByItsShareOfTheRow() {
    // Row 0: shares 3/4, 1/4 and 0; row 1: 2/4, 1/4, 1/4; class 2 is only predicted, so its row is empty.
    ConfusionMatrix cm = ConfusionMatrix.fromCounts(new long[][] {{3, 1, 0}, {2, 1, 1}, {0, 0, 0}});
    List<String> cells = new ArrayList<>();
    Matcher m = CELL.matcher(Html.confusion(cm, List.of("cat", "dog", "fox"), "pets"));
    while (m.find()) {
      cells.add(m.group(3) + " " + m.group(1) + " " + m.group(2));
    }
    // Palette.blues(0.75) = #2171b5 (dark: white text), blues(0.25) = #c6dbef, blues(0.5) = #6baed6 (light: black).
    assertEquals(List.of("3 #2171b5 #ffffff", "1 #c6dbef #000000", "0 #f7fbff #000000",
        "2 #6baed6 #000000", "1 #c6dbef #000000", "1 #c6dbef #000000",
        "0 #f7fbff #000000", "0 #f7fbff #000000", "0 #f7fbff #000000"), cells);
  }
}
