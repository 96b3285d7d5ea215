package io.gradiente.core.train;

import io.gradiente.core.optim.NormClip;
import io.gradiente.core.optim.Optimizer;

/**
 * The training loop, the whole algorithm in one screen. Every round runs the next {@code H = --sync-every} steps
 * on all partitions through a {@link RoundExchange} (H = 1: one exact synchronous step); the driver turns the
 * partitions' total into a step ({@link RoundKernel#meanStep}: the mean gradient, or local SGD's averaged change),
 * checks it, records the batch losses and lets the optimizer update the parameters. After each epoch a loss pass
 * measures the loss over the whole training set (NaN for the epochs that {@link TrainConfig#trainLossAfter}
 * skips); {@link TrainConfig#stepLossDue} rounds also measure it before their first step. A
 * {@link CheckpointPolicy} may save the {@link TrainState} between rounds, and a run continues from any saved state.
 * {@link Training} builds the kernel and the optimizer from the same configuration and runs this loop.
 */
public final class Trainer {
  private final TrainConfig config;
  private final ProgressListener progress;

  /** A trainer for a configuration, reporting to {@code progress} ({@link Training} makes one). */
  Trainer(TrainConfig config, ProgressListener progress) {
    this.config = config;
    this.progress = progress;
  }

  /**
   * Trains from a state (the start of a run or a checkpoint taken with the same {@code --sync-every}), saving
   * states as {@code checkpoints} asks. States stand between rounds: a position that is due inside a round of H
   * steps is saved at the round's end.
   *
   * @throws TrainingDivergedException when a loss or step stops being finite (nothing is saved after it)
   */
  public TrainResult train(RoundExchange exchange, Optimizer optimizer, TrainState from,
      CheckpointPolicy checkpoints) {
    int every = config.syncEvery();
    if (from.step() % every != 0) {
      throw new IllegalArgumentException("a state at step " + from.step() + " does not stand at a synchronization "
          + "of --sync-every " + every);
    }
    double[] params = from.params();
    if (from.optimizerState() != null) {
      optimizer.restore(from.optimizerState());
    }
    RoundKernel kernel = exchange.kernel();
    double[] mean = new double[params.length];
    History history = from.history();
    int steps = kernel.stepsPerEpoch();
    double lr = config.learningRate();
    boolean owed = false;
    long start = System.nanoTime();
    for (int epoch = from.epoch(); epoch < config.epochs(); epoch++) {
      for (int step = epoch == from.epoch() ? from.step() : 0; step < steps; step += every) {
        int window = Math.min(every, steps - step);
        boolean fullLoss = config.stepLossDue((long) epoch * steps + step);
        RoundResult round = exchange.run(Round.steps(epoch, step, window, fullLoss), params);
        kernel.meanStep(round, mean);
        for (int h = 0; h < window; h++) {
          TrainingDivergedException.check(epoch, step + h, lr, round.meanStepLoss(h), mean);
          history.addStep(epoch, round.meanStepLoss(h), h == 0 && fullLoss ? round.meanFullLoss() : Double.NaN);
        }
        NormClip.clip(mean, config.clipNorm());
        optimizer.step(params, mean);
        for (int h = 0; h < window; h++) {
          progress.onStep(epoch, config.epochs(), step + h, steps, round.meanStepLoss(h));
        }
        int next = step + window;
        boolean dueInside = dueInside(checkpoints, epoch, next, history.steps(), window);
        if (next < steps) {
          saveIfDue(checkpoints, from, params, optimizer, epoch, next, history, dueInside);
        } else {
          owed = dueInside;
        }
      }
      double loss = Double.NaN;
      if (config.trainLossAfter(epoch)) {
        loss = exchange.run(Round.lossPass(epoch), params).meanFullLoss();
        TrainingDivergedException.checkEpoch(epoch, steps - 1, lr, loss, mean);
      }
      history.addEpoch(loss);
      progress.onEpoch(epoch, config.epochs(), loss);
      saveIfDue(checkpoints, from, params, optimizer, epoch + 1, 0, history, owed);
      owed = false;
    }
    return new TrainResult(params, history, (System.nanoTime() - start) / 1e9);
  }

  /**
   * Whether a position inside the round of {@code window} steps that ends before step {@code end} of
   * {@code epoch}, {@code stepsDone} steps into the run, was due; no state exists there, so it is saved at the
   * round's end.
   */
  private static boolean dueInside(CheckpointPolicy checkpoints, int epoch, int end, long stepsDone, int window) {
    for (int h = 1; h < window; h++) {
      if (checkpoints.due(epoch, end - h, stepsDone - h)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Saves the state standing before step {@code step} of {@code epoch} when the policy says it is due, or when
   * {@code owed} (a due position inside a round of H steps, where no state exists).
   */
  private static void saveIfDue(CheckpointPolicy checkpoints, TrainState from, double[] params,
      Optimizer optimizer, int epoch, int step, History history, boolean owed) {
    if (owed || checkpoints.due(epoch, step, history.steps())) {
      checkpoints.save(from.advance(params, optimizer.state(), epoch, step, history));
    }
  }
}
