package io.gradiente.core.train;

import io.gradiente.core.data.Blocks;
import io.gradiente.core.data.InstanceBlock;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;

/**
 * One Spark job per round, straight over the cached blocks ({@link PartitionResults}): the parameters travel in the
 * task closure (a broadcast per step measured slower), and the results come back in partition order, added on the
 * driver or in contiguous groups first with a tree aggregation depth above 1. A task that fails and is re-run
 * computes the same partition result, so retries do not change the sum. Costs a Spark job's scheduling per round
 * (milliseconds; docs/BENCHMARKS.md).
 */
public final class JobExchange implements RoundExchange {
  private final JavaRDD<InstanceBlock> blocks;
  private final RoundKernel kernel;
  private final int depth;

  /** An exchange over cached blocks whose results reach the driver through a tree of this depth (1: straight). */
  public JobExchange(Blocks blocks, RoundKernel kernel, int depth) {
    this.blocks = blocks.rdd();
    this.kernel = kernel;
    this.depth = depth;
  }

  @Override
  public String name() {
    return "job";
  }

  @Override
  public RoundKernel kernel() {
    return kernel;
  }

  @Override
  public RoundResult run(Round round, double[] params) {
    double[] p = params.clone();
    RoundKernel k = kernel;
    int sums = k.sums(round.steps());
    return PartitionResults.reduce(blocks, RoundResult.class, (partition, it) -> {
      List<InstanceBlock> list = new ArrayList<>(1);
      it.forEachRemaining(list::add);
      RoundResult out = new RoundResult(sums, round.steps());
      k.compute(partition, list, round, p, out);
      return out;
    }, RoundResult::add, depth);
  }

  @Override
  public void close() {}
}
