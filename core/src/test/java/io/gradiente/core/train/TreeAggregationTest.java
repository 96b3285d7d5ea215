package io.gradiente.core.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gradiente.core.LocalSpark;
import io.gradiente.core.data.Blocks;
import io.gradiente.core.loss.Loss;
import io.gradiente.core.loss.SoftmaxCrossEntropy;
import io.gradiente.core.model.LinearModel;
import io.gradiente.core.train.Training;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Tree aggregation ({@code --aggregation-depth}): partition results combined in partition order at every depth. */
class TreeAggregationTest {
  private static SparkSession spark;

  @BeforeAll
  static void setUp() {
    spark = LocalSpark.start("tree-aggregation");
  }

  @AfterAll
  static void tearDown() {
    spark.stop();
  }

  @ParameterizedTest(name = "depth {0}")
  @ValueSource(ints = {1, 2, 3, 4})
  void resultsAreCombinedInPartitionOrder(int depth) {
    JavaRDD<Integer> rdd = new JavaSparkContext(spark.sparkContext())
        .parallelize(IntStream.range(0, 100).boxed().toList(), 11);
    // A combination that is not associative-blind: the text shows every partition, in the order combined.
    String all = PartitionResults.reduce(rdd, String.class, (p, it) -> "[" + p + "]", String::concat, depth);
    assertEquals(IntStream.range(0, 11).mapToObj(p -> "[" + p + "]").reduce("", String::concat), all);
  }

  @Test
  void deeperTreesTrainTheSameModelDeterministically() {
    Blocks blocks = Blocks.of(LocalSpark.threeClasses(spark, 3), 7, 3);
    try {
      Loss loss = SoftmaxCrossEntropy.INSTANCE;
      int size = LinearModel.size(6, 3);
      double[] init = LinearModel.initial(6, 3, LinearModel.Init.NORMAL, 42).params();
      double[][] params = new double[4][];
      for (int depth = 1; depth <= 3; depth++) {
        TrainConfig config = new TrainConfig(50, 0.1, 0.9, 2, 42, true).withAggregationDepth(depth);
        params[depth] = new Training(config, loss).train(blocks, init).params();
      }
      TrainConfig two = new TrainConfig(50, 0.1, 0.9, 2, 42, true).withAggregationDepth(2);
      double[] again = new Training(two, loss).train(blocks, init).params();
      assertArrayEquals(params[2], again, 0.0, "same depth, same bits");
      // Other depths only associate the additions differently.
      assertArrayEquals(params[1], params[2], 1e-12);
      assertArrayEquals(params[1], params[3], 1e-12);
      TrainResult local = new Training(two.withSyncEvery(1), loss).train(blocks, init);
      assertArrayEquals(params[2], local.params(), 0.0, "local SGD with H = 1 at depth 2 is the synchronous run");
    } finally {
      blocks.release();
    }
  }
}
