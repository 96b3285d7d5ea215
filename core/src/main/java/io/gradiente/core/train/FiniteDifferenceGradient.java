package io.gradiente.core.train;

import io.gradiente.core.data.Blocks;
import io.gradiente.core.data.InstanceBlock;
import io.gradiente.core.loss.Loss;
import io.gradiente.core.optim.BatchPlan;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;

/**
 * The lesson's "pendiente": the slope of the loss estimated by forward differences,
 * {@code dL/dp_i ~ (L(p + delta e_i) - L(p)) / delta}, for a chosen set of parameters (the others get slope 0 and
 * so stay where they are). One Spark job per step evaluates the summed loss of the step's rows at the
 * {@code 1 + |trainable|} points in every partition; the driver adds them in partition order.
 */
public final class FiniteDifferenceGradient implements StepGradient {
  private final JavaRDD<InstanceBlock> blocks;
  private final Loss loss;
  private final BatchPlan plan;
  private final int size;
  private final int[] trainable;
  private final double delta;

  /**
   * A finite-difference gradient over {@code size} parameters, of which only the indices in {@code trainable} move.
   *
   * @param delta the forward step (the lesson uses 1e-6)
   */
  public FiniteDifferenceGradient(Blocks blocks, Loss loss, BatchPlan plan, int size, int[] trainable, double delta) {
    if (!(delta > 0)) {
      throw new IllegalArgumentException("delta must be positive, got " + delta);
    }
    for (int i : trainable) {
      if (i < 0 || i >= size) {
        throw new IllegalArgumentException("parameter " + i + " outside 0.." + (size - 1));
      }
    }
    this.blocks = blocks.rdd();
    this.loss = loss;
    this.plan = plan;
    this.size = size;
    this.trainable = trainable.clone();
    this.delta = delta;
  }

  @Override
  public GradientSum compute(int epoch, int step, double[] params) {
    double[] p = params.clone();
    Loss l = loss;
    BatchPlan bp = plan;
    int[] moved = trainable;
    double d = delta;
    // Per partition: [loss at p, loss at p + d e_moved[0], ..., rows].
    List<double[]> parts = PartitionResults.collect(blocks, double[].class, (partition, it) -> {
      double[] out = new double[moved.length + 2];
      double[] q = p.clone();
      while (it.hasNext()) {
        InstanceBlock block = it.next();
        int[] order = EpochOrders.get(bp, epoch, partition, block.rows());
        int from = bp.from(step, block.rows());
        int to = bp.to(step, block.rows());
        out[0] += l.loss(block, order, from, to, q);
        for (int j = 0; j < moved.length; j++) {
          int i = moved[j];
          q[i] = p[i] + d;
          out[j + 1] += l.loss(block, order, from, to, q);
          q[i] = p[i];
        }
        out[moved.length + 1] += to - from;
      }
      return out;
    });
    double[] total = new double[moved.length + 2];
    for (double[] part : parts) {
      for (int j = 0; j < total.length; j++) {
        total[j] += part[j];
      }
    }
    long rows = (long) total[moved.length + 1];
    // Slopes of the mean loss, scaled back to the summed loss's gradient (the trainer divides by rows again).
    double[] gradient = new double[size];
    double base = total[0] / rows;
    for (int j = 0; j < moved.length; j++) {
      gradient[moved[j]] = (total[j + 1] / rows - base) / delta * rows;
    }
    return new GradientSum(gradient, total[0], rows);
  }

  @Override
  public int stepsPerEpoch() {
    return plan.stepsPerEpoch();
  }
}
