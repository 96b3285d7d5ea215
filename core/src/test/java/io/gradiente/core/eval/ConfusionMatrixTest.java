package io.gradiente.core.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import org.junit.jupiter.api.Test;

class ConfusionMatrixTest {
  // actual  5 2 5 7 2 5
  // pred    2 2 5 5 2 9   -> labels [2, 5, 7, 9]; 7 is never predicted, 9 never actual
  private static final double[] ACTUAL = {5, 2, 5, 7, 2, 5};
  private static final double[] PREDICTED = {2, 2, 5, 5, 2, 9};

  @Test
  void labelsAreTheSortedUnionAndCellsCountPairs() {
    ConfusionMatrix cm = ConfusionMatrix.of(ACTUAL, PREDICTED);
    assertArrayEquals(new int[] {2, 5, 7, 9}, cm.labels());
    assertEquals(4, cm.size());
    long[][] expected = {
        {2, 0, 0, 0},
        {1, 1, 0, 1},
        {0, 1, 0, 0},
        {0, 0, 0, 0},
    };
    assertArrayEquals(expected, cm.counts());
    assertEquals(1, cm.count(1, 3));
    assertEquals(6, cm.total());
    assertEquals(3, cm.correct());
    assertEquals(0.5, cm.accuracy(), 0.0);
    assertArrayEquals(new long[] {2, 3, 1, 0}, new long[] {cm.support(0), cm.support(1), cm.support(2), cm.support(3)});
    assertArrayEquals(new long[] {3, 2, 0, 1},
        new long[] {cm.predictedCount(0), cm.predictedCount(1), cm.predictedCount(2), cm.predictedCount(3)});
  }

  @Test
  void fromCountsDropsClassesThatNeverOccur() {
    long[][] byClass = new long[10][10];
    byClass[2][2] = 2;
    byClass[5][2] = 1;
    byClass[5][5] = 1;
    byClass[5][9] = 1;
    byClass[7][5] = 1;
    ConfusionMatrix cm = ConfusionMatrix.fromCounts(byClass);
    assertEquals(ConfusionMatrix.of(ACTUAL, PREDICTED), cm);
    assertArrayEquals(new int[] {2, 5, 7, 9}, cm.labels());
  }

  @Test
  void fromCountsCopiesItsInput() {
    long[][] counts = {{1, 2}, {3, 4}};
    ConfusionMatrix cm = ConfusionMatrix.fromCounts(counts);
    counts[0][0] = 100;
    cm.counts()[1][1] = 100;
    cm.labels()[0] = 100;
    assertEquals(1, cm.count(0, 0));
    assertEquals(4, cm.count(1, 1));
    assertArrayEquals(new int[] {0, 1}, cm.labels());
    assertEquals(10, cm.total());
    assertEquals(0.5, cm.accuracy(), 0.0);
  }

  @Test
  void emptyMatrixHasNoLabelsAndZeroAccuracy() {
    ConfusionMatrix cm = ConfusionMatrix.fromCounts(new long[3][3]);
    assertEquals(0, cm.size());
    assertEquals(0, cm.total());
    assertEquals(0.0, cm.accuracy(), 0.0);
    assertEquals(ConfusionMatrix.of(new double[0], new double[0]), cm);
  }

  @Test
  void rejectsBadInput() {
    assertThrows(IllegalArgumentException.class, () -> ConfusionMatrix.of(new double[] {1}, new double[] {1, 2}));
    assertThrows(IllegalArgumentException.class, () -> ConfusionMatrix.of(new double[] {1.5}, new double[] {1}));
    assertThrows(IllegalArgumentException.class, () -> ConfusionMatrix.of(new double[] {1}, new double[] {Double.NaN}));
    assertThrows(IllegalArgumentException.class, () -> ConfusionMatrix.of(new double[] {1e10}, new double[] {1}));
    assertThrows(IllegalArgumentException.class, () -> ConfusionMatrix.fromCounts(new long[][] {{1, 2}, {3}}));
    assertThrows(IllegalArgumentException.class, () -> ConfusionMatrix.fromCounts(new long[][] {{1, -2}, {3, 4}}));
  }

  @Test
  void formatAlignsColumnsUnderLabelHeaders() {
    long[][] byClass = new long[11][11];
    byClass[0][0] = 1234;
    byClass[0][10] = 5;
    byClass[10][0] = 7;
    byClass[10][10] = 0;
    String expected = """
        actual\\predicted     0    10
                       0  1234     5
                      10     7     0
        """;
    assertEquals(expected, ConfusionMatrix.fromCounts(byClass).format());
  }

  @Test
  void equalityAndSerialization() throws IOException, ClassNotFoundException {
    ConfusionMatrix cm = ConfusionMatrix.of(ACTUAL, PREDICTED);
    assertEquals(cm.hashCode(), ConfusionMatrix.of(ACTUAL, PREDICTED).hashCode());
    assertNotEquals(cm, ConfusionMatrix.of(PREDICTED, ACTUAL));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(cm);
    }
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      assertEquals(cm, in.readObject());
    }
  }
}
