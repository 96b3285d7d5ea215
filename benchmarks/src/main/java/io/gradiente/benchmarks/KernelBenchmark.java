package io.gradiente.benchmarks;

import io.gradiente.core.data.InstanceBlock;
import io.gradiente.core.linalg.Blas;
import io.gradiente.core.loss.BinaryCrossEntropy;
import io.gradiente.core.loss.Loss;
import io.gradiente.core.loss.SoftmaxCrossEntropy;
import io.gradiente.core.loss.SquaredError;
import io.gradiente.core.optim.BatchPlan;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One step's block kernel on one partition's share of the lesson's softmax configuration: {@code batch} shuffled
 * rows of a {@code rows x 784} block (half of Fashion-MNIST's 60,000 rows on each of 2 partitions, so 250 of the
 * 500-row batch), pixels in [0, 1], stored in double or float. Each {@code blas} value runs in its own forked JVM, because {@link Blas} picks
 * its implementation once per JVM.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xmx2g"})
public class KernelBenchmark {
  @Param({"linear", "logistic", "softmax"})
  public String loss;

  @Param({"native", "java"})
  public String blas;

  @Param({"double", "float"})
  public String precision;

  @Param({"250"})
  public int batch;

  @Param({"30000"})
  public int rows;

  @Param({"784"})
  public int features;

  private Loss kernelLoss;
  private InstanceBlock block;
  private int[] order;
  private double[] params;
  private double[] gradSum;
  private int step;
  private int steps;

  @Setup(Level.Trial)
  public void setUp() {
    if (blas.equals("java")) {
      System.setProperty("gradiente.blas.java", "true");
    }
    String loaded = Blas.implementation();
    if (blas.equals("native") != Blas.isNative()) {
      throw new IllegalStateException("asked for " + blas + " BLAS, loaded " + loaded);
    }
    int classes = loss.equals("softmax") ? 10 : 2;
    kernelLoss = switch (loss) {
      case "linear" -> SquaredError.INSTANCE;
      case "logistic" -> BinaryCrossEntropy.INSTANCE;
      default -> SoftmaxCrossEntropy.INSTANCE;
    };
    int k = kernelLoss.outputs(classes);
    SplittableRandom random = new SplittableRandom(7);
    double[] values = new double[rows * features];
    for (int i = 0; i < values.length; i++) {
      values[i] = random.nextInt(256) / 255.0;
    }
    double[] labels = new double[rows];
    for (int r = 0; r < rows; r++) {
      labels[r] = loss.equals("linear") ? random.nextGaussian() : random.nextInt(classes);
    }
    if (precision.equals("float")) {
      float[] floats = new float[values.length];
      for (int i = 0; i < values.length; i++) {
        floats[i] = (float) values[i];
      }
      block = new InstanceBlock(rows, features, floats, labels);
    } else {
      block = new InstanceBlock(rows, features, values, labels);
    }
    params = new double[(features + 1) * k];
    for (int i = 0; i < params.length; i++) {
      params[i] = random.nextGaussian() * 0.01;
    }
    gradSum = new double[params.length];
    order = new BatchPlan(42, true, rows, batch).order(0, 0, rows, null);
    steps = rows / batch;
  }

  /** The gradient of one step's rows (gathered through the epoch order), added into a reused buffer. */
  @Benchmark
  public double addGradient() {
    int from = step * batch;
    step = (step + 1) % steps;
    return kernelLoss.addGradient(block, order, from, from + batch, params, gradSum);
  }
}
