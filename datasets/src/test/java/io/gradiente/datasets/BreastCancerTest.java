package io.gradiente.datasets;

import static io.gradiente.datasets.SparkTests.features;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gradiente.core.LocalSpark;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class BreastCancerTest {
  private static SparkSession spark;

  @BeforeAll
  static void start() {
    spark = LocalSpark.start("BreastCancerTest");
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  @Test
  void bundledHasTheKnownShapeAndRows() {
    Split split = BreastCancer.bundled(spark, 2);
    assertEquals(500, split.train().rows());
    assertEquals(69, split.test().rows());
    assertEquals(30, split.train().features());
    assertEquals(30, BreastCancer.FEATURE_NAMES.size());
    assertEquals("mean radius", BreastCancer.FEATURE_NAMES.get(0));
    assertEquals("worst fractal dimension", BreastCancer.FEATURE_NAMES.get(29));
    List<Row> train = SparkTests.rows(split.train());
    List<Row> test = SparkTests.rows(split.test());
    assertArrayEquals(
        new double[] {
          17.99, 10.38, 122.8, 1001, 0.1184, 0.2776, 0.3001, 0.1471, 0.2419, 0.07871, 1.095, 0.9053, 8.589, 153.4,
          0.006399, 0.04904, 0.05373, 0.01587, 0.03003, 0.006193, 25.38, 17.33, 184.6, 2019, 0.1622, 0.6656,
          0.7119, 0.2654, 0.4601, 0.1189
        },
        features(train.get(0)));
    assertEquals(0.0, train.get(0).getDouble(2));
    // the first test row is line 502 of the file (after the header and 500 train rows)
    assertEquals(15.04, features(test.get(0))[0]);
    assertEquals(0.09883, features(test.get(0))[4]);
    // 212 malignant (0) and 357 benign (1) in all
    long benign =
        train.stream().filter(r -> r.getDouble(2) == 1.0).count()
            + test.stream().filter(r -> r.getDouble(2) == 1.0).count();
    assertEquals(357, benign);
  }
}
