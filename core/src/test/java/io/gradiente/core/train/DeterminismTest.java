package io.gradiente.core.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gradiente.core.LocalSpark;
import io.gradiente.core.data.Blocks;
import io.gradiente.core.data.LabeledRows;
import io.gradiente.core.loss.Loss;
import io.gradiente.core.loss.SoftmaxCrossEntropy;
import io.gradiente.core.model.LinearModel;
import io.gradiente.core.train.Training;
import java.util.Arrays;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Same seed, data and partitioning: bit-identical weights, run after run, with 1, 2 and 4 partitions. */
class DeterminismTest {
  private static SparkSession spark;
  private static LabeledRows data;

  @BeforeAll
  static void setUp() {
    spark = LocalSpark.start("determinism");
    data = LocalSpark.threeClasses(spark, 3);
  }

  @AfterAll
  static void tearDown() {
    spark.stop();
  }

  @ParameterizedTest(name = "{0} partitions")
  @ValueSource(ints = {1, 2, 4})
  void repeatedRunsGiveBitIdenticalWeights(int partitions) {
    double[] first = run(partitions, 42);
    double[] second = run(partitions, 42);
    assertArrayEquals(first, second, 0.0);
    assertFalse(Arrays.equals(first, run(partitions, 43)), "another seed shuffles differently");
  }

  private static double[] run(int partitions, long seed) {
    Blocks blocks = Blocks.of(data, partitions, 3);
    try {
      Loss loss = SoftmaxCrossEntropy.INSTANCE;
      Training training = new Training(new TrainConfig(50, 0.1, 0.9, 3, seed, true), loss);
      assertEquals(9, training.plan(blocks.rows()).stepsPerEpoch());
      double[] init = LinearModel.initial(6, 3, LinearModel.Init.NORMAL, seed).params();
      TrainResult r = training.train(blocks, init);
      double[] losses = r.history().trainLosses();
      assertTrue(losses[2] < losses[0], "training lowers the loss: " + Arrays.toString(losses));
      return r.params();
    } finally {
      blocks.release();
    }
  }
}
