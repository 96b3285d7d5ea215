package io.gradiente.jobs;

/**
 * How a run survives failures (docs/FAULT_TOLERANCE.md).
 *
 * @param checkpointEvery save the train state every this many epochs; 0 never
 * @param checkpointEverySteps save it every this many steps; 0 never
 * @param keepCheckpoints how many of the newest checkpoints to keep
 * @param resume continue the run from its newest checkpoint
 * @param orStart with {@code resume}: start the run when it has no checkpoint ({@code --resume-or-start})
 * @param onBadRow what the sources did with malformed rows ({@code fail} or {@code skip}), for the record
 */
record Resilience(int checkpointEvery, long checkpointEverySteps, int keepCheckpoints, boolean resume,
    boolean orStart, String onBadRow) {
  /** No checkpoints, a fresh run, failing on bad rows (the command line's defaults). */
  static final Resilience NONE = new Resilience(0, 0, 2, false, false, "fail");

  /** Whether the run saves checkpoints at all (a resumed run always saves at least its final state). */
  boolean checkpoints() {
    return checkpointEvery > 0 || checkpointEverySteps > 0 || resume;
  }

  /** The same run started from the beginning. */
  Resilience fresh() {
    return new Resilience(checkpointEvery, checkpointEverySteps, keepCheckpoints, false, false, onBadRow);
  }
}
