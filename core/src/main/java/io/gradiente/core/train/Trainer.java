package io.gradiente.core.train;

import io.gradiente.core.optim.NormClip;
import io.gradiente.core.optim.Optimizer;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The training loop, the whole algorithm in one screen: for every epoch and step, one Spark job computes the
 * step's gradient sum over all partitions; the driver turns it into the mean gradient and lets the optimizer update
 * the parameters; after each epoch the loss over the whole training set is recorded (NaN for the epochs that
 * {@link TrainConfig#trainLossAfter} skips). A {@link CheckpointPolicy} may
 * save the {@link TrainState} at step and epoch boundaries, and a run continues from any saved state.
 */
public final class Trainer {
  private final TrainConfig config;
  private final ProgressListener progress;

  /** A trainer for a configuration, reporting to {@code progress}. */
  public Trainer(TrainConfig config, ProgressListener progress) {
    this.config = config;
    this.progress = progress;
  }

  /**
   * Trains from {@code initial} (not modified).
   *
   * @param gradient computes each step's gradient sum
   * @param optimizer applies the updates
   * @param trainLoss the mean loss over the whole training set at given parameters (one Spark job)
   * @throws TrainingDivergedException when a loss or gradient stops being finite
   */
  public TrainResult train(StepGradient gradient, Optimizer optimizer, ToDoubleFunction<double[]> trainLoss,
      double[] initial) {
    return train(gradient, optimizer, trainLoss, TrainState.start(initial, config.seed(), Map.of(), ""),
        CheckpointPolicy.NEVER);
  }

  /**
   * Trains from a state (the start of a run or a checkpoint), saving states as {@code checkpoints} asks.
   *
   * @throws TrainingDivergedException when a loss or gradient stops being finite (nothing is saved after it)
   */
  public TrainResult train(StepGradient gradient, Optimizer optimizer, ToDoubleFunction<double[]> trainLoss,
      TrainState from, CheckpointPolicy checkpoints) {
    double[] params = from.params();
    if (from.optimizerState() != null) {
      optimizer.restore(from.optimizerState());
    }
    double[] mean = new double[params.length];
    History history = from.history();
    int steps = gradient.stepsPerEpoch();
    long start = System.nanoTime();
    for (int epoch = from.epoch(); epoch < config.epochs(); epoch++) {
      for (int step = epoch == from.epoch() ? from.step() : 0; step < steps; step++) {
        GradientSum sum = gradient.compute(epoch, step, params);
        sum.meanGradient(mean);
        TrainingDivergedException.check(epoch, step, config.learningRate(), sum.meanLoss(), mean);
        history.addStep(epoch, sum.meanLoss());
        NormClip.clip(mean, config.clipNorm());
        optimizer.step(params, mean);
        progress.onStep(epoch, config.epochs(), step, steps, sum.meanLoss());
        if (step + 1 < steps) {
          saveIfDue(checkpoints, from, params, optimizer, epoch, step + 1, history, false);
        }
      }
      double loss = Double.NaN;
      if (config.trainLossAfter(epoch)) {
        loss = trainLoss.applyAsDouble(params);
        TrainingDivergedException.checkEpoch(epoch, steps - 1, config.learningRate(), loss, mean);
      }
      history.addEpoch(loss);
      progress.onEpoch(epoch, config.epochs(), loss);
      saveIfDue(checkpoints, from, params, optimizer, epoch + 1, 0, history, false);
    }
    return new TrainResult(params, history, (System.nanoTime() - start) / 1e9);
  }

  /**
   * Saves the state standing before step {@code step} of {@code epoch} when the policy says it is due, or when
   * {@code owed} (a due position inside a local SGD window, where no state exists).
   */
  static void saveIfDue(CheckpointPolicy checkpoints, TrainState from, double[] params, Optimizer optimizer,
      int epoch, int step, History history, boolean owed) {
    if (owed || checkpoints.due(epoch, step, history.steps())) {
      checkpoints.save(from.advance(params, optimizer.state(), epoch, step, history));
    }
  }
}
