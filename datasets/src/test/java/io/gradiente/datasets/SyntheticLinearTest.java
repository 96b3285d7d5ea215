package io.gradiente.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gradiente.core.LocalSpark;
import io.gradiente.core.ReferenceJson;
import io.gradiente.core.data.LabeledRows;
import java.util.List;
import org.apache.commons.math3.random.MersenneTwister;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SyntheticLinearTest {
  private static SparkSession spark;

  @BeforeAll
  static void start() {
    spark = LocalSpark.start("SyntheticLinearTest");
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  @Test
  void hundredPointsEqualTheLessonsBitForBit() {
    ReferenceJson linear = ReferenceJson.load("linear.json");
    double[] refX = linear.doubles("/x");
    double[] refY = linear.doubles("/y");
    assertEquals(100, refX.length);
    assertEquals(100, refY.length);
    for (int partitions : new int[] {1, 3}) {
      LabeledRows data = SyntheticLinear.generate(spark, 100, 42, partitions);
      assertEquals(1, data.features());
      assertEquals(partitions, data.frame().rdd().getNumPartitions());
      List<Row> rows = SparkTests.rows(data);
      for (int i = 0; i < 100; i++) {
        double x = SparkTests.features(rows.get(i))[0];
        double y = rows.get(i).getDouble(2);
        assertEquals(Double.doubleToLongBits(refX[i]), Double.doubleToLongBits(x), "x[" + i + "]");
        assertEquals(Double.doubleToLongBits(refY[i]), Double.doubleToLongBits(y), "y[" + i + "]");
      }
    }
  }

  @Test
  void valuesDoNotDependOnPartitionsAcrossChunks() {
    long n = SyntheticLinear.CHUNK_ROWS + 20;
    long from = SyntheticLinear.CHUNK_ROWS - 10;
    List<Row> one = tail(SyntheticLinear.generate(spark, n, 7, 1), from);
    List<Row> seven = tail(SyntheticLinear.generate(spark, n, 7, 7), from);
    assertEquals(30, one.size());
    assertEquals(one, seven);
    // row CHUNK_ROWS starts chunk 1: the first draw of MT19937 seeded 7 + 1
    MersenneTwister mt = new MersenneTwister(8);
    double u = ((mt.nextInt() >>> 5) * 67108864.0 + (mt.nextInt() >>> 6)) / 9007199254740992.0;
    double x = -1.0 + SyntheticLinear.CHUNK_ROWS * (2.0 / (n - 1));
    Row first = one.get(10);
    assertEquals(SyntheticLinear.CHUNK_ROWS, first.getLong(0));
    assertEquals(x, SparkTests.features(first)[0]);
    assertEquals(3 * x + (u - 0.5), first.getDouble(2));
    assertEquals(1.0, SparkTests.features(one.get(29))[0]);
  }

  private static List<Row> tail(LabeledRows data, long from) {
    assertEquals(SyntheticLinear.CHUNK_ROWS + 20, data.rows());
    return data.frame().filter("index >= " + from).orderBy("index").collectAsList();
  }
}
