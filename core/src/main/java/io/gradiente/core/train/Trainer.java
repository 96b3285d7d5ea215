package io.gradiente.core.train;

import io.gradiente.core.optim.Optimizer;
import java.util.function.ToDoubleFunction;

/**
 * The training loop, the whole algorithm in one screen: for every epoch and step, one Spark job computes the
 * step's gradient sum over all partitions; the driver turns it into the mean gradient and lets the optimizer update
 * the parameters; after each epoch the loss over the whole training set is recorded.
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
    double[] params = initial.clone();
    double[] mean = new double[params.length];
    History history = new History();
    int steps = gradient.stepsPerEpoch();
    long start = System.nanoTime();
    for (int epoch = 0; epoch < config.epochs(); epoch++) {
      for (int step = 0; step < steps; step++) {
        GradientSum sum = gradient.compute(epoch, step, params);
        sum.meanGradient(mean);
        TrainingDivergedException.check(epoch, step, config.learningRate(), sum.meanLoss(), mean);
        history.addStep(epoch, sum.meanLoss());
        optimizer.step(params, mean);
        progress.onStep(epoch, config.epochs(), step, steps, sum.meanLoss());
      }
      double loss = trainLoss.applyAsDouble(params);
      history.addEpoch(loss);
      progress.onEpoch(epoch, config.epochs(), loss);
    }
    return new TrainResult(params, history, (System.nanoTime() - start) / 1e9);
  }
}
