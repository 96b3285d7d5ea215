package io.gradiente.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.gradiente.core.LocalSpark;
import io.gradiente.core.data.LabeledRows;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class BlocksTest {
  private static SparkSession spark;

  @BeforeAll
  static void setUp() {
    spark = LocalSpark.start("blocks");
  }

  @AfterAll
  static void tearDown() {
    spark.stop();
  }

  @Test
  void partitionsAreContiguousIndexRangesInOrder() {
    double[][] x = new double[10][];
    double[] y = new double[10];
    for (int i = 0; i < 10; i++) {
      x[i] = new double[] {i, 10 * i};
      y[i] = i % 2;
    }
    Blocks blocks = Blocks.of(LabeledRows.of(spark, "ten", x, y), 3, 2);
    assertArrayEquals(new int[] {4, 3, 3}, blocks.partitionRows());
    List<InstanceBlock> all = blocks.rdd().collect();
    assertArrayEquals(new double[] {0, 0, 1, 10, 2, 20, 3, 30}, all.get(0).values(), 0.0);
    assertArrayEquals(new double[] {7, 70, 8, 80, 9, 90}, all.get(2).values(), 0.0);
    assertArrayEquals(new double[] {1, 0, 1}, all.get(2).labels(), 0.0);
    assertEquals(10, blocks.rows());
    assertEquals(2, blocks.features());
  }

  @Test
  void floatBlocksHoldTheValuesRoundedAndHaveTheirOwnFingerprint() {
    double[][] x = {{0.1, 1}, {0.2, 2}, {0.3, 3}, {0.4, 4}};
    double[] y = {0, 1, 0, 1};
    Blocks doubles = Blocks.of(LabeledRows.of(spark, "four", x, y), 2, 2);
    Blocks floats = Blocks.of(LabeledRows.of(spark, "four", x, y), 2, 2, Precision.FLOAT);
    List<InstanceBlock> all = floats.rdd().collect();
    assertEquals(Precision.FLOAT, all.get(1).precision());
    assertArrayEquals(new float[] {0.3f, 3f, 0.4f, 4f}, all.get(1).floatValues(), 0f);
    assertArrayEquals(new double[] {0, 1}, all.get(1).labels(), 0.0);
    assertArrayEquals(new int[] {2, 2}, floats.partitionRows());
    assertNotEquals(doubles.fingerprint(), floats.fingerprint());
    assertEquals(floats.fingerprint(),
        Blocks.of(LabeledRows.of(spark, "four", x, y), 2, 2, Precision.FLOAT).fingerprint());
  }

  @Test
  void aLabelOutsideTheClassesIsNamed() {
    double[][] x = {{1}, {2}, {3}};
    Exception e = assertThrows(Exception.class,
        () -> Blocks.of(LabeledRows.of(spark, "digits.csv", x, new double[] {0, 10, 1}), 1, 10));
    assertEquals("digits.csv: row 1: label 10.0 is outside the classes 0..9", BadInputException.findMessage(e));
  }

  @Test
  void aNonFiniteFeatureIsNamed() {
    double[][] x = {{1, 2}, {3, Double.NaN}};
    Exception e = assertThrows(Exception.class,
        () -> Blocks.of(LabeledRows.of(spark, "train.csv", x, new double[] {0, 1}), 2, 0));
    assertEquals("train.csv: row 1: feature 1 is NaN", BadInputException.findMessage(e));
  }
}
