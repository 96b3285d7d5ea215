package io.gradiente.core.train;

import io.gradiente.core.data.InstanceBlock;
import io.gradiente.core.eval.Evaluator;
import io.gradiente.core.loss.Loss;
import io.gradiente.core.optim.BatchPlan;
import java.util.Arrays;
import java.util.List;

/**
 * The lesson's "pendiente": the slope of the loss estimated by forward differences,
 * {@code dL/dp_i ~ (L(p + delta e_i) - L(p)) / delta}, for a chosen set of parameters (the others get slope 0 and
 * so stay where they are). Each round is one step: every partition sums the loss of the step's rows at {@code p}
 * (the step's batch loss) and at {@code p + delta e_i} for each trainable {@code i} (the round's sums); the driver
 * turns the totals into slopes.
 */
public final class FiniteDifferenceKernel implements RoundKernel {
  private static final long serialVersionUID = 1L;

  private final Loss loss;
  private final BatchPlan plan;
  private final int size;
  private final int[] trainable;
  private final double delta;

  /**
   * A finite-difference slope over {@code size} parameters, of which only the indices in {@code trainable} move.
   *
   * @param delta the forward step (the lesson uses 1e-6)
   */
  public FiniteDifferenceKernel(Loss loss, BatchPlan plan, int size, int[] trainable, double delta) {
    if (!(delta > 0)) {
      throw new IllegalArgumentException("delta must be positive, got " + delta);
    }
    for (int i : trainable) {
      if (i < 0 || i >= size) {
        throw new IllegalArgumentException("parameter " + i + " outside 0.." + (size - 1));
      }
    }
    this.loss = loss;
    this.plan = plan;
    this.size = size;
    this.trainable = trainable.clone();
    this.delta = delta;
  }

  @Override
  public int size() {
    return size;
  }

  @Override
  public int sums(int steps) {
    if (steps > 1) {
      throw new IllegalArgumentException("finite differences take one step per round, not " + steps);
    }
    return steps == 0 ? 0 : trainable.length;
  }

  @Override
  public int stepsPerEpoch() {
    return plan.stepsPerEpoch();
  }

  @Override
  public void compute(int partition, List<InstanceBlock> blocks, Round round, double[] params, RoundResult out) {
    double[] q = params.clone();
    for (InstanceBlock block : blocks) {
      if (round.fullLoss()) {
        out.fullLoss += Evaluator.lossSum(block, loss, params);
        out.fullRows += block.rows();
      }
      if (round.steps() == 0) {
        continue;
      }
      int[] order = EpochOrders.get(plan, round.epoch(), partition, block.rows());
      int from = plan.from(round.first(), block.rows());
      int to = plan.to(round.first(), block.rows());
      out.stepLoss[0] += loss.loss(block, order, from, to, q);
      out.stepRows[0] += to - from;
      for (int j = 0; j < trainable.length; j++) {
        int i = trainable[j];
        q[i] = params[i] + delta;
        out.sums[j] += loss.loss(block, order, from, to, q);
        q[i] = params[i];
      }
    }
  }

  /** Slopes of the mean loss of the step's rows (the other parameters get 0). */
  @Override
  public void meanStep(RoundResult total, double[] out) {
    Arrays.fill(out, 0.0);
    long rows = total.stepRows(0);
    double base = total.stepLoss[0] / rows;
    double inv = 1.0 / rows;
    for (int j = 0; j < trainable.length; j++) {
      // The summed loss's slope, then divided by the rows as every step's mean is (same bits as before rounds).
      out[trainable[j]] = (total.sums[j] / rows - base) / delta * rows * inv;
    }
  }
}
