package io.gradiente.core.train;

import io.gradiente.core.data.Blocks;
import io.gradiente.core.loss.Loss;
import io.gradiente.core.optim.BatchPlan;
import io.gradiente.core.optim.Momentum;
import java.util.Map;

/**
 * The training call: from one {@link TrainConfig} and a loss it builds the batch plan, the round kernel of the
 * configured {@link Gradient} and the momentum optimizer, so the three cannot disagree, and runs the
 * {@link Trainer}'s loop. The shortest use, one Spark job per round:
 *
 * <pre>{@code
 * Blocks blocks = Blocks.of(rows, 4, 10);
 * double[] start = LinearModel.initial(blocks.features(), 10, LinearModel.Init.UNIFORM, 42).params();
 * TrainResult result = new Training(TrainConfig.defaults(), SoftmaxCrossEntropy.INSTANCE).train(blocks, start);
 * }</pre>
 *
 * Another exchange ({@code stream.Exchanges}) is opened over {@link #kernel} and given to
 * {@link #train(RoundExchange, TrainState, CheckpointPolicy)}.
 */
public final class Training {
  private final TrainConfig config;
  private final Loss loss;
  private final ProgressListener progress;

  /** Training with {@code loss} as {@code config} says, reporting no progress. */
  public Training(TrainConfig config, Loss loss) {
    this(config, loss, ProgressListener.NONE);
  }

  private Training(TrainConfig config, Loss loss, ProgressListener progress) {
    this.config = config;
    this.loss = loss;
    this.progress = progress;
  }

  /** The same training reporting every step and epoch to {@code listener}. */
  public Training withProgress(ProgressListener listener) {
    return new Training(config, loss, listener);
  }

  /** Which rows of each partition make every step, over {@code rows} rows in all. */
  public BatchPlan plan(long rows) {
    return new BatchPlan(config.seed(), config.shuffle(), rows, config.batchSize());
  }

  /** The round kernel of the configured gradient on {@code blocks}, for a model of {@code size} parameters. */
  public RoundKernel kernel(Blocks blocks, int size) {
    return config.gradient().kernel(loss, plan(blocks.rows()), config.learningRate(), size);
  }

  /** The configured momentum optimizer ({@code v = mu*v - lr*g; w = w + v}) for {@code size} parameters. */
  public Momentum optimizer(int size) {
    return new Momentum(size, config.learningRate(), config.momentum());
  }

  /** Trains on cached blocks from {@code initial} (not modified), one Spark job per round. */
  public TrainResult train(Blocks blocks, double[] initial) {
    return train(new JobExchange(blocks, kernel(blocks, initial.length), config.aggregationDepth()), initial);
  }

  /** Trains from {@code initial} (not modified) through an exchange opened over {@link #kernel}. */
  public TrainResult train(RoundExchange exchange, double[] initial) {
    return train(exchange, TrainState.start(initial, config.seed(), Map.of(), ""), CheckpointPolicy.NEVER);
  }

  /**
   * Trains from a state (the start of a run or a checkpoint of the same configuration) through an exchange opened
   * over {@link #kernel}, saving states as {@code checkpoints} asks.
   *
   * @throws TrainingDivergedException when a loss or step stops being finite
   */
  public TrainResult train(RoundExchange exchange, TrainState from, CheckpointPolicy checkpoints) {
    int size = exchange.kernel().size();
    if (size != from.params().length) {
      throw new IllegalArgumentException("a kernel of " + size + " parameters, a start of "
          + from.params().length);
    }
    return new Trainer(config, progress).train(exchange, optimizer(size), from, checkpoints);
  }
}
