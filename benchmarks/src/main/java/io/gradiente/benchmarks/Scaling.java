package io.gradiente.benchmarks;

import io.gradiente.core.data.Blocks;
import io.gradiente.core.data.LabeledRows;
import io.gradiente.core.data.Precision;
import io.gradiente.core.linalg.Blas;
import io.gradiente.core.loss.Loss;
import io.gradiente.core.loss.SoftmaxCrossEntropy;
import io.gradiente.core.loss.SquaredError;
import io.gradiente.core.model.LinearModel;
import io.gradiente.core.train.TrainConfig;
import io.gradiente.core.train.TrainResult;
import io.gradiente.core.train.Training;
import io.gradiente.datasets.Mnist;
import io.gradiente.datasets.SyntheticLinear;
import java.util.Locale;
import org.apache.spark.sql.SparkSession;

/**
 * How time per epoch grows: with rows (the synthetic linear set at 1x, 2x, 4x and 8x of {@code --rows}, batch 500,
 * synchronous and local SGD) and with partitions (Fashion-MNIST, the lesson's softmax configuration, 1, 2 and 4
 * partitions). Arguments: {@code --rows} (100000), {@code --epochs} (2), {@code --data} (Fashion-MNIST folder),
 * {@code --master} (local[2]), {@code --sync-every} (30).
 */
public final class Scaling {
  private Scaling() {}

  /** Prints one line per configuration: seconds per epoch and the ratio to the first row of its table. */
  public static void main(String[] argv) {
    long rows = 100_000;
    int epochs = 2;
    String data = "/usr/share/datasets/fashion-mnist";
    String master = "local[2]";
    int h = 30;
    for (int i = 0; i + 1 < argv.length; i += 2) {
      switch (argv[i]) {
        case "--rows" -> rows = Long.parseLong(argv[i + 1]);
        case "--epochs" -> epochs = Integer.parseInt(argv[i + 1]);
        case "--data" -> data = argv[i + 1];
        case "--master" -> master = argv[i + 1];
        case "--sync-every" -> h = Integer.parseInt(argv[i + 1]);
        default -> throw new IllegalArgumentException("unknown argument " + argv[i]);
      }
    }
    SparkSession spark = SparkSession.builder().master(master).appName("gradiente scaling")
        .config("spark.ui.enabled", "false").getOrCreate();
    spark.sparkContext().setLogLevel("WARN");
    System.out.printf(Locale.ROOT, "BLAS %s, master %s, %d epochs%n", Blas.implementation(), master, epochs);
    TrainConfig config = new TrainConfig(500, 0.01, 0.9, epochs, 42, true);
    // Warm-up (JIT, first jobs), not reported: otherwise the first row of each table carries it.
    LabeledRows warm = SyntheticLinear.generate(spark, rows, 42, 2);
    Blocks warmBlocks = Blocks.of(warm, 2, 0);
    perEpoch(warmBlocks, SquaredError.INSTANCE, 1, config, 1);
    perEpoch(warmBlocks, SquaredError.INSTANCE, 1, config, h);
    warmBlocks.release();
    for (int syncEvery : new int[] {1, h}) {
      double base = 0;
      for (int factor : new int[] {1, 2, 4, 8}) {
        long n = rows * factor;
        LabeledRows synthetic = SyntheticLinear.generate(spark, n, 42, 2);
        Blocks blocks = Blocks.of(synthetic, 2, 0);
        double s = perEpoch(blocks, SquaredError.INSTANCE, 1, config, syncEvery);
        base = factor == 1 ? s : base;
        System.out.printf(Locale.ROOT, "rows %dx (%d), sync-every %d: %.3f s/epoch, %.2fx the 1x time%n", factor,
            n, syncEvery, s, s / base);
        blocks.release();
      }
    }
    var fashion = io.gradiente.datasets.Scaling.DIVIDE255.apply(Mnist.read(spark, data, 4)).train();
    for (int syncEvery : new int[] {1, h}) {
      for (int partitions : new int[] {1, 2, 4}) {
        Blocks blocks = Blocks.of(fashion, partitions, 10, Precision.FLOAT);
        double s = perEpoch(blocks, SoftmaxCrossEntropy.INSTANCE, 10, config, syncEvery);
        System.out.printf(Locale.ROOT, "Fashion-MNIST float, %d partitions, sync-every %d: %.3f s/epoch%n",
            partitions, syncEvery, s);
        blocks.release();
      }
    }
    spark.stop();
  }

  private static double perEpoch(Blocks blocks, Loss loss, int outputs, TrainConfig config, int syncEvery) {
    double[] init = LinearModel.initial(blocks.features(), outputs, LinearModel.Init.NORMAL, 42).params();
    TrainResult r = new Training(config.withSyncEvery(syncEvery), loss).train(blocks, init);
    return r.trainSeconds() / config.epochs();
  }
}
