package io.gradiente.core.train;

import io.gradiente.core.data.InstanceBlock;
import java.util.List;
import org.apache.spark.TaskContext;

/**
 * A kernel with one injected fault, for tests: the first attempt of partition {@code P}'s task at the round that starts
 * at global step {@code S} (steps counted from 0 over the whole run) fails, or stalls until it is interrupted (at most
 * 600 s), before the wrapped kernel computes. "First attempt" is the task's first attempt in the first stage that
 * serves the round (round attempt 0), so Spark's re-run of the task (one job per round) or the driver's restart of the
 * resident stage goes through. The fault travels with the kernel into the task, as any kernel does.
 */
public final class FaultyKernel implements RoundKernel {
  private static final long serialVersionUID = 1L;

  private final RoundKernel kernel;
  private final boolean stall;
  private final long step;
  private final int partition;

  private FaultyKernel(RoundKernel kernel, boolean stall, long step, int partition) {
    this.kernel = kernel;
    this.stall = stall;
    this.step = step;
    this.partition = partition;
  }

  /** {@code kernel}, failing the first attempt of partition {@code partition} at global step {@code step}. */
  public static RoundKernel failing(RoundKernel kernel, long step, int partition) {
    return new FaultyKernel(kernel, false, step, partition);
  }

  /** {@code kernel}, stalling the first attempt of partition {@code partition} at global step {@code step}. */
  public static RoundKernel stalling(RoundKernel kernel, long step, int partition) {
    return new FaultyKernel(kernel, true, step, partition);
  }

  @Override
  public void compute(int partition, List<InstanceBlock> blocks, Round round, double[] params, RoundResult out) {
    long at = (long) round.epoch() * kernel.stepsPerEpoch() + round.first();
    TaskContext task = TaskContext.get();
    if (at == step && partition == this.partition && round.attempt() == 0 && task != null
        && task.attemptNumber() == 0) {
      if (!stall) {
        throw new IllegalStateException("injected failure at step " + step + ", partition " + partition);
      }
      try {
        Thread.sleep(600_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    kernel.compute(partition, blocks, round, params, out);
  }

  @Override
  public int size() {
    return kernel.size();
  }

  @Override
  public int sums(int steps) {
    return kernel.sums(steps);
  }

  @Override
  public int stepsPerEpoch() {
    return kernel.stepsPerEpoch();
  }

  @Override
  public void meanStep(RoundResult total, double[] out) {
    kernel.meanStep(total, out);
  }
}
