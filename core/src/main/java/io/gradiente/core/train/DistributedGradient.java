package io.gradiente.core.train;

import io.gradiente.core.data.Blocks;
import io.gradiente.core.data.InstanceBlock;
import io.gradiente.core.loss.Loss;
import io.gradiente.core.optim.BatchPlan;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;

/**
 * The analytic gradient of a step: every partition adds {@link Loss#addGradient} over its share of the step's rows
 * (chosen by the {@link BatchPlan}); the partition results are added in partition order (on the driver, or in
 * contiguous groups first with a tree aggregation depth above 1), so the sum does not depend on which task
 * finishes first. The parameters travel in the task closure (a broadcast per step measured
 * slower), and the job runs straight on the cached RDD ({@link PartitionResults}). A task that fails and is re-run
 * computes the same partition result, so retries do not change the sum.
 */
public final class DistributedGradient implements StepGradient {
  private final JavaRDD<InstanceBlock> blocks;
  private final Loss loss;
  private final BatchPlan plan;
  private final int size;
  private final int depth;
  private final String confFail;
  private final String confStall;

  /** A gradient over cached blocks with a loss, a batch plan and {@code size} parameters. */
  public DistributedGradient(Blocks blocks, Loss loss, BatchPlan plan, int size) {
    this(blocks, loss, plan, size, 1);
  }

  /** As above, the partition sums reaching the driver through {@link PartitionResults#reduce} of this depth. */
  public DistributedGradient(Blocks blocks, Loss loss, BatchPlan plan, int size, int depth) {
    this.blocks = blocks.rdd();
    this.loss = loss;
    this.plan = plan;
    this.size = size;
    this.depth = depth;
    SparkConf conf = this.blocks.context().getConf();
    this.confFail = conf.get(TaskFaults.FAIL, null);
    this.confStall = conf.get(TaskFaults.STALL, null);
  }

  @Override
  public GradientSum compute(int epoch, int step, double[] params) {
    double[] p = params.clone();
    Loss l = loss;
    BatchPlan bp = plan;
    int n = size;
    long globalStep = (long) epoch * plan.stepsPerEpoch() + step;
    TaskFaults faults = TaskFaults.of(blocks.context(), confFail, confStall);
    // The reduced sum is the driver's own copy (deserialized from the task results); partition sums start at +0.0
    // and only have values added, so this is bit for bit the sum started from zero on the driver.
    return PartitionResults.reduce(blocks, GradientSum.class, (partition, it) -> {
      faults.apply(globalStep, partition);
      GradientSum sum = new GradientSum(n);
      while (it.hasNext()) {
        InstanceBlock block = it.next();
        int[] order = EpochOrders.get(bp, epoch, partition, block.rows());
        int from = bp.from(step, block.rows());
        int to = bp.to(step, block.rows());
        double partLoss = l.addGradient(block, order, from, to, p, sum.gradient());
        sum.addLoss(partLoss, to - from);
      }
      return sum;
    }, GradientSum::add, depth);
  }

  @Override
  public int stepsPerEpoch() {
    return plan.stepsPerEpoch();
  }
}
