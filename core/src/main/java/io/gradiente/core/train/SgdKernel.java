package io.gradiente.core.train;

import io.gradiente.core.data.InstanceBlock;
import io.gradiente.core.eval.Evaluator;
import io.gradiente.core.loss.Loss;
import io.gradiente.core.optim.BatchPlan;
import java.util.Arrays;
import java.util.List;

/**
 * The analytic gradient of a round. Every partition adds {@link Loss#addGradient} over its share of each step's
 * rows (chosen by the {@link BatchPlan}). A round of one step returns the step's gradient sum: the exact
 * synchronous SGD. A round of H steps is local SGD with outer momentum (SlowMo, Wang et al., ICLR 2020; the outer
 * loop of DiLoCo, Douillard et al. 2023): from the synchronized parameters {@code w} every partition takes the H
 * steps on its own share with plain SGD, {@code w_p <- w_p - lr * g_p} ({@code g_p} the mean gradient of its
 * share), and returns {@code n_p (w - w_p) / lr} as {@code sum_h gradSum_ph * (n_p / n_ph)}; the driver divides by
 * the rows, {@code u = sum_p n_p (w - w_p) / (lr * sum_p n_p)}, and gives {@code u} to the outer optimizer. With
 * {@code H = 1} the factor is exactly 1, so H = 1 is bit for bit the synchronous run. Batch losses of H > 1 are
 * those of the partitions' local parameters.
 */
public final class SgdKernel implements RoundKernel {
  private static final long serialVersionUID = 1L;

  private final Loss loss;
  private final BatchPlan plan;
  private final double learningRate;
  private final int size;

  /**
   * A kernel of {@code size} parameters.
   *
   * @param learningRate the local steps' rate (the outer optimizer's); unused by rounds of one step
   */
  public SgdKernel(Loss loss, BatchPlan plan, double learningRate, int size) {
    this.loss = loss;
    this.plan = plan;
    this.learningRate = learningRate;
    this.size = size;
  }

  @Override
  public int size() {
    return size;
  }

  @Override
  public int sums(int steps) {
    return steps == 0 ? 0 : size;
  }

  @Override
  public int stepsPerEpoch() {
    return plan.stepsPerEpoch();
  }

  @Override
  public void compute(int partition, List<InstanceBlock> blocks, Round round, double[] params, RoundResult out) {
    for (InstanceBlock block : blocks) {
      if (round.fullLoss()) {
        out.fullLoss += Evaluator.lossSum(block, loss, params);
        out.fullRows += block.rows();
      }
      if (round.steps() > 0) {
        steps(block, round, partition, params, out);
      }
    }
  }

  /** The block's share of the round's steps from {@code start}. */
  private void steps(InstanceBlock block, Round round, int partition, double[] start, RoundResult out) {
    int window = round.steps();
    int[] order = EpochOrders.get(plan, round.epoch(), partition, block.rows());
    if (window == 1) {
      int from = plan.from(round.first(), block.rows());
      int to = plan.to(round.first(), block.rows());
      out.stepLoss[0] += loss.addGradient(block, order, from, to, start, out.sums);
      out.stepRows[0] += to - from;
      return;
    }
    long rows = 0;
    for (int h = 0; h < window; h++) {
      rows += plan.to(round.first() + h, block.rows()) - plan.from(round.first() + h, block.rows());
    }
    double[] local = start.clone();
    double[] g = new double[start.length];
    for (int h = 0; h < window; h++) {
      int from = plan.from(round.first() + h, block.rows());
      int to = plan.to(round.first() + h, block.rows());
      int count = to - from;
      if (count == 0) {
        continue;
      }
      Arrays.fill(g, 0.0);
      out.stepLoss[h] += loss.addGradient(block, order, from, to, local, g);
      out.stepRows[h] += count;
      double weight = (double) rows / count;
      double rate = learningRate / count;
      for (int i = 0; i < g.length; i++) {
        out.sums[i] += g[i] * weight;
        local[i] -= rate * g[i];
      }
    }
  }

  @Override
  public void meanStep(RoundResult total, double[] out) {
    double inv = 1.0 / total.rows();
    for (int i = 0; i < out.length; i++) {
      out[i] = total.sums[i] * inv;
    }
  }
}
