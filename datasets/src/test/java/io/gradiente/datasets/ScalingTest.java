package io.gradiente.datasets;

import static io.gradiente.datasets.SparkTests.badInput;
import static io.gradiente.datasets.SparkTests.features;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.gradiente.core.LocalSpark;
import io.gradiente.core.ReferenceJson;
import io.gradiente.core.data.LabeledRows;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ScalingTest {
  private static SparkSession spark;

  @BeforeAll
  static void start() {
    spark = LocalSpark.start("ScalingTest");
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  private static LabeledRows table(String source, double[][] x) {
    List<Row> rows = new java.util.ArrayList<>();
    for (int i = 0; i < x.length; i++) {
      rows.add(Frames.row(i, x[i], i % 2));
    }
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    return new LabeledRows(source, Frames.frame(spark, jsc.parallelize(rows, 2)), x[0].length, x.length);
  }

  @Test
  void breastCancerRangeEqualsTheLessonsTrainMinAndMax() {
    ReferenceJson ref = ReferenceJson.load("breast-cancer-range.json");
    Split split = BreastCancer.bundled(spark, 3);
    FeatureRange range = FeatureRange.fit(split.train());
    assertArrayEquals(ref.doubles("/x_min"), range.min());
    assertArrayEquals(ref.doubles("/x_max"), range.max());

    Split scaled = Scaling.MINMAX.apply(split);
    List<Row> train = SparkTests.rows(scaled.train());
    List<Row> test = SparkTests.rows(scaled.test());
    assertEquals((17.99 - 6.981) / (28.11 - 6.981), features(train.get(0))[0]);
    assertEquals((15.04 - 6.981) / (28.11 - 6.981), features(test.get(0))[0]);
    assertEquals(0.0, train.get(0).getDouble(2));
    // on the train rows every feature spans exactly [0, 1]
    for (int j = 0; j < 30; j++) {
      final int f = j;
      assertEquals(0.0, train.stream().mapToDouble(r -> features(r)[f]).min().orElseThrow(), "min of " + j);
      assertEquals(1.0, train.stream().mapToDouble(r -> features(r)[f]).max().orElseThrow(), "max of " + j);
    }
  }

  @Test
  void constantFeatureIsDividedByOneAsScikitLearnDoes() {
    LabeledRows train = table("train", new double[][] {{5, 1}, {5, 3}, {5, 2}});
    LabeledRows test = table("test", new double[][] {{7, 2}, {5, 5}});
    Split scaled = Scaling.MINMAX.apply(new Split(train, test));
    List<Row> tr = SparkTests.rows(scaled.train());
    List<Row> te = SparkTests.rows(scaled.test());
    assertArrayEquals(new double[] {0, 0}, features(tr.get(0)));
    assertArrayEquals(new double[] {0, 1}, features(tr.get(1)));
    assertArrayEquals(new double[] {0, 0.5}, features(tr.get(2)));
    assertArrayEquals(new double[] {2, 0.5}, features(te.get(0)));
    assertArrayEquals(new double[] {0, 2}, features(te.get(1)));
    assertEquals(1.0, te.get(1).getDouble(2));
  }

  @Test
  void divide255AndNone() {
    LabeledRows train = table("train", new double[][] {{0, 255}, {51, 102}});
    Split split = new Split(train, train);
    List<Row> rows = SparkTests.rows(Scaling.DIVIDE255.apply(split).test());
    assertArrayEquals(new double[] {0, 1}, features(rows.get(0)));
    assertArrayEquals(new double[] {51 / 255.0, 102 / 255.0}, features(rows.get(1)));
    assertSame(split, Scaling.NONE.apply(split));
    assertEquals(Scaling.DIVIDE255, Scaling.parse("divide255"));
    assertEquals("unknown scaling 'MINMAX', expected one of minmax, divide255, none",
        badInput(() -> Scaling.parse("MINMAX")));
  }
}
