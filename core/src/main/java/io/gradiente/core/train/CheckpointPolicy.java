package io.gradiente.core.train;

import java.util.function.Consumer;
import org.apache.hadoop.fs.Path;

/**
 * When the {@link Trainer} saves its {@link TrainState}, and where to. The trainer asks at every step boundary and
 * at the end of every epoch (after its training loss is recorded); it builds a state only when one is due.
 */
public interface CheckpointPolicy {
  /** Never saves. */
  CheckpointPolicy NEVER = new CheckpointPolicy() {
    @Override
    public boolean due(int epoch, int step, long stepsDone) {
      return false;
    }

    @Override
    public void save(TrainState state) {
      throw new IllegalStateException("never due");
    }
  };

  /**
   * Whether to save the state that stands before step {@code step} of epoch {@code epoch} ({@code step == 0}:
   * epoch {@code epoch - 1} has just ended), {@code stepsDone} steps into the run.
   */
  boolean due(int epoch, int step, long stepsDone);

  /** Saves a state; a failure stops training. */
  void save(TrainState state);

  /**
   * A policy that saves to {@code store} every {@code everyEpochs} epochs and every {@code everySteps} steps (0 turns
   * either off), and always once the last of {@code totalEpochs} ends, so that a failure while evaluating or
   * reporting loses no training.
   *
   * @param log hears one line per checkpoint saved
   */
  static CheckpointPolicy every(int everyEpochs, long everySteps, int totalEpochs, Checkpoints store,
      Consumer<String> log) {
    return new CheckpointPolicy() {
      @Override
      public boolean due(int epoch, int step, long stepsDone) {
        boolean epochEnd = step == 0 && epoch > 0;
        return epochEnd && epoch == totalEpochs
            || everyEpochs > 0 && epochEnd && epoch % everyEpochs == 0
            || everySteps > 0 && stepsDone > 0 && stepsDone % everySteps == 0;
      }

      @Override
      public void save(TrainState state) {
        Path p = store.save(state);
        log.accept("checkpoint saved: epoch " + state.epoch() + ", step " + state.step() + " (" + state.stepsDone()
            + " steps done): " + p);
      }
    };
  }
}
