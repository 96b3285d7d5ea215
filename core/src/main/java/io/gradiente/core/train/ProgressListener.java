package io.gradiente.core.train;

/** Hears about training as it goes, for progress displays; every method defaults to doing nothing. */
public interface ProgressListener {
  /** A listener that ignores everything. */
  ProgressListener NONE = new ProgressListener() {};

  /** Step {@code step} (0-based within the epoch) of {@code stepsPerEpoch} finished with this batch loss. */
  default void onStep(int epoch, int epochs, int step, int stepsPerEpoch, double batchLoss) {}

  /** Epoch {@code epoch} (0-based) of {@code epochs} finished with this training loss. */
  default void onEpoch(int epoch, int epochs, double trainLoss) {}
}
