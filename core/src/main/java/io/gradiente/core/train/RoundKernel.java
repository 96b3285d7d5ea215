package io.gradiente.core.train;

import io.gradiente.core.data.InstanceBlock;
import java.io.Serializable;
import java.util.List;

/**
 * The arithmetic of a round on one partition, and how the driver turns the rounds' total into a step: the same
 * code runs whichever {@link RoundExchange} carries the round. {@link SgdKernel} is the analytic gradient (one
 * step or H local steps); {@link FiniteDifferenceKernel} is the lesson's slope from loss values.
 */
public interface RoundKernel extends Serializable {
  /** Parameters of the model. */
  int size();

  /** Length of {@link RoundResult#sums()} for a round of {@code steps} steps. */
  int sums(int steps);

  /** Steps per epoch. */
  int stepsPerEpoch();

  /**
   * Adds partition {@code partition}'s share of {@code round} at {@code params} (not modified) into {@code out}, a
   * zero result of the round's shape.
   */
  void compute(int partition, List<InstanceBlock> blocks, Round round, double[] params, RoundResult out);

  /** The gradient-like step the optimizer takes from the round's total (of all partitions), written to {@code out}. */
  void meanStep(RoundResult total, double[] out);
}
