package io.gradiente.core.train;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Everything needed to continue a run exactly where it stood: the parameters and optimizer state after
 * {@code history.steps()} steps, the position of the next step, and what the run must not change (seed,
 * configuration, data fingerprint). Since every epoch's row order is a pure function of (seed, epoch, partition)
 * and partition results are summed in partition order, a run resumed from a state computes bit-identical steps.
 *
 * @param params the parameters before the next step (copied in and out)
 * @param optimizerState the optimizer's {@link io.gradiente.core.optim.Optimizer#state}, or {@code null} at the
 *     start of a run (the optimizer keeps its initial state)
 * @param epoch the epoch of the next step, {@code epochs} when training is done
 * @param step the next step within that epoch; 0 right after an epoch ended (its training loss recorded)
 * @param seed the seed of the initial parameters and of every epoch's row order
 * @param config the settings a resumed run must repeat exactly, by name (sorted)
 * @param dataFingerprint rows per partition and a hash of the blocks (see
 *     {@link io.gradiente.core.data.Blocks#fingerprint})
 * @param history the losses recorded so far (copied in and out)
 */
public record TrainState(double[] params, double[] optimizerState, int epoch, int step, long seed,
    Map<String, String> config, String dataFingerprint, History history) {
  /** Checks the position and takes copies, so a saved state never changes under the trainer. */
  public TrainState {
    Objects.requireNonNull(params, "params");
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(dataFingerprint, "dataFingerprint");
    Objects.requireNonNull(history, "history");
    if (epoch < 0 || step < 0) {
      throw new IllegalArgumentException("bad position: epoch " + epoch + ", step " + step);
    }
    params = params.clone();
    optimizerState = optimizerState == null ? null : optimizerState.clone();
    config = Map.copyOf(new TreeMap<>(config));
    history = history.copy();
  }

  /** The start of a run: initial parameters, no optimizer state, no history. */
  public static TrainState start(double[] initial, long seed, Map<String, String> config, String dataFingerprint) {
    return new TrainState(initial, null, 0, 0, seed, config, dataFingerprint, new History());
  }

  /** The same run further on: the fixed fields of this state with new parameters, position and history. */
  public TrainState advance(double[] newParams, double[] newOptimizerState, int nextEpoch, int nextStep,
      History newHistory) {
    return new TrainState(newParams, newOptimizerState, nextEpoch, nextStep, seed, config, dataFingerprint,
        newHistory);
  }

  /** The parameters (a copy). */
  @Override
  public double[] params() {
    return params.clone();
  }

  /** The optimizer state (a copy), or {@code null} at the start of a run. */
  @Override
  public double[] optimizerState() {
    return optimizerState == null ? null : optimizerState.clone();
  }

  /** The history (a copy). */
  @Override
  public History history() {
    return history.copy();
  }

  /** Steps taken so far, over the whole run. */
  public long stepsDone() {
    return history.steps();
  }
}
