package io.gradiente.core.train;

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
}
