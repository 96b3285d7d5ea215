package io.gradiente.core.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gradiente.core.LocalSpark;
import io.gradiente.core.data.Blocks;
import io.gradiente.core.data.LabeledRows;
import io.gradiente.core.data.Columns;
import io.gradiente.core.loss.Loss;
import io.gradiente.core.loss.RowOracle;
import io.gradiente.core.loss.SoftmaxCrossEntropy;
import io.gradiente.core.model.LinearModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Local SGD with outer momentum (rounds of H steps): it trains, records every step and resumes exactly. */
class LocalSgdTest {
  private static SparkSession spark;
  private static LabeledRows data;
  private static final Loss LOSS = SoftmaxCrossEntropy.INSTANCE;
  private static final int SIZE = LinearModel.size(6, 3);

  @BeforeAll
  static void setUp() {
    spark = LocalSpark.start("local-sgd");
    data = LocalSpark.threeClasses(spark, 3);
  }

  @AfterAll
  static void tearDown() {
    spark.stop();
  }

  @Test
  void largerWindowsTrainDeterministicallyAndRecordEveryStep() {
    Blocks blocks = Blocks.of(data, 2, 3);
    try {
      TrainConfig config = new TrainConfig(50, 0.1, 0.9, 4, 42, true);
      double[] init = LinearModel.initial(6, 3, LinearModel.Init.NORMAL, 42).params();
      // 9 steps per epoch in windows of 4, 4 and 1.
      TrainResult a = new Training(config.withSyncEvery(4), LOSS).train(blocks, init);
      TrainResult b = new Training(config.withSyncEvery(4), LOSS).train(blocks, init);
      assertArrayEquals(a.params(), b.params(), 0.0, "same seed, same weights");
      assertEquals(36, a.history().steps());
      double[] losses = a.history().trainLosses();
      assertEquals(4, losses.length);
      assertTrue(losses[3] < losses[0], "training lowers the loss: " + Arrays.toString(losses));
      double oracle = meanLossByRow(a.params());
      assertEquals(oracle, losses[3], 1e-12 * oracle, "last epoch loss, against the loss of every row by formula");
      TrainResult sync = new Training(config.withSyncEvery(1), LOSS).train(blocks, init);
      assertFalse(Arrays.equals(sync.params(), a.params()), "local steps change the path");
    } finally {
      blocks.release();
    }
  }

  /** The mean softmax loss over the data's rows, each from {@link RowOracle}, without Spark's help. */
  private static double meanLossByRow(double[] params) {
    List<Row> rows = data.frame().collectAsList();
    double sum = 0;
    for (Row row : rows) {
      double[] x = ((Vector) row.getAs(Columns.FEATURES)).toArray();
      sum += RowOracle.add(LOSS, x, row.getAs(Columns.LABEL), params, 3, new double[params.length]);
    }
    return sum / rows.size();
  }

  @Test
  void checkpointsStandAtSynchronizationsAndResumeBitForBit() {
    Blocks blocks = Blocks.of(data, 2, 3);
    try {
      TrainConfig config = new TrainConfig(50, 0.1, 0.9, 4, 42, true).withClipNorm(5.0);
      Training training = new Training(config.withSyncEvery(5), LOSS);
      double[] init = LinearModel.initial(6, 3, LinearModel.Init.NORMAL, 42).params();
      // 9 steps per epoch in windows of 5 and 4; a save every 7 steps and at the end. Step 7 falls inside an
      // epoch's last window, so it is saved at the epoch's end, once that epoch's loss is known; so is step 35.
      List<TrainState> saved = new ArrayList<>();
      CheckpointPolicy policy = new CheckpointPolicy() {
        @Override
        public boolean due(int epoch, int step, long stepsDone) {
          return stepsDone > 0 && stepsDone % 7 == 0 || step == 0 && epoch == config.epochs();
        }

        @Override
        public void save(TrainState state) {
          saved.add(state);
        }
      };
      TrainState start = TrainState.start(init, 42, Map.of(), "");
      TrainResult whole = training.train(new JobExchange(blocks, training.kernel(blocks, SIZE), 1), start, policy);
      assertEquals(List.of("1/0 9 steps 1 losses", "1/5 14 steps 1 losses", "2/5 23 steps 2 losses",
          "3/5 32 steps 3 losses", "4/0 36 steps 4 losses"), saved.stream()
          .map(t -> t.epoch() + "/" + t.step() + " " + t.stepsDone() + " steps " + t.history().epochs() + " losses")
          .toList());
      assertArrayEquals(whole.params(), saved.get(saved.size() - 1).params(), 0.0, "the last state is the result");
      for (TrainState from : saved.subList(0, saved.size() - 1)) {
        TrainResult resumed = training.train(new JobExchange(blocks, training.kernel(blocks, SIZE), 1), from,
            CheckpointPolicy.NEVER);
        String at = "resumed at " + from.epoch() + "/" + from.step();
        assertArrayEquals(whole.params(), resumed.params(), 0.0, at + ": weights");
        assertArrayEquals(whole.history().batchLosses(), resumed.history().batchLosses(), 0.0, at + ": batch losses");
        assertArrayEquals(whole.history().trainLosses(), resumed.history().trainLosses(), 0.0, at + ": epoch losses");
      }
    } finally {
      blocks.release();
    }
  }

  @ParameterizedTest(name = "--sync-every {0}")
  @ValueSource(ints = {1, 4})
  void skippedTrainingLossesChangeNoWeight(int syncEvery) {
    Blocks blocks = Blocks.of(data, 2, 3);
    try {
      double[] init = LinearModel.initial(6, 3, LinearModel.Init.NORMAL, 42).params();
      TrainConfig config = new TrainConfig(50, 0.1, 0.9, 4, 42, true).withSyncEvery(syncEvery);
      TrainResult every = new Training(config.withTrainLossEvery(1), LOSS).train(blocks, init);
      TrainResult second = new Training(config.withTrainLossEvery(2), LOSS).train(blocks, init);
      TrainResult last = new Training(config.withTrainLossEvery(0), LOSS).train(blocks, init);
      double[] all = every.history().trainLosses();
      assertTrue(Arrays.stream(all).allMatch(Double::isFinite), Arrays.toString(all));
      assertArrayEquals(new double[] {Double.NaN, all[1], Double.NaN, all[3]}, second.history().trainLosses(), 0.0);
      assertArrayEquals(new double[] {Double.NaN, Double.NaN, Double.NaN, all[3]}, last.history().trainLosses(),
          0.0);
      for (TrainResult r : List.of(second, last)) {
        assertArrayEquals(every.params(), r.params(), 0.0, "weights");
        assertArrayEquals(every.history().batchLosses(), r.history().batchLosses(), 0.0, "batch losses");
      }
    } finally {
      blocks.release();
    }
  }
}
