package io.gradiente.core.train;

import java.io.Serializable;

/**
 * What one round asks of every partition: {@code steps} consecutive steps of epoch {@code epoch} from step
 * {@code first} (one for the exact synchronous SGD, H for local SGD, 0 for a pass that only measures the loss), and
 * with {@code fullLoss} also the loss over all of the partition's rows at the round's starting parameters.
 * {@code attempt} counts the restarts of the stage that serves the round (0 for the first); it changes no number.
 *
 * @param epoch the epoch, from 0
 * @param first the first step of the round within the epoch
 * @param steps how many steps; 0 for a loss pass
 * @param fullLoss also sum the loss over every row of the partition at the starting parameters
 * @param attempt the serving stage's restart count
 */
public record Round(int epoch, int first, int steps, boolean fullLoss, int attempt) implements Serializable {
  /** Validates the numbers. */
  public Round {
    if (epoch < 0 || first < 0 || steps < 0 || attempt < 0) {
      throw new IllegalArgumentException("a round needs non-negative numbers, got " + epoch + ", " + first + ", "
          + steps + ", " + attempt);
    }
    if (steps == 0 && !fullLoss) {
      throw new IllegalArgumentException("a round of no steps must measure the loss");
    }
  }

  /** {@code steps} steps of an epoch from {@code first}, with or without the loss over all rows first. */
  public static Round steps(int epoch, int first, int steps, boolean fullLoss) {
    return new Round(epoch, first, steps, fullLoss, 0);
  }

  /** A pass measuring only the loss over all rows. */
  public static Round lossPass(int epoch) {
    return new Round(epoch, 0, 0, true, 0);
  }

  /** The same round served by a stage restarted {@code attempt} times. */
  public Round withAttempt(int attempt) {
    return new Round(epoch, first, steps, fullLoss, attempt);
  }
}
