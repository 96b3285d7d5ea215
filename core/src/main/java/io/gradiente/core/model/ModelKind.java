package io.gradiente.core.model;

import io.gradiente.core.loss.BinaryCrossEntropy;
import io.gradiente.core.loss.Loss;
import io.gradiente.core.loss.SoftmaxCrossEntropy;
import io.gradiente.core.loss.SquaredError;
import java.util.Locale;

/** The three models of the lesson, each a linear model with its loss. */
public enum ModelKind {
  /** Linear regression, squared error. */
  LINEAR(SquaredError.INSTANCE),
  /** Logistic regression, binary cross-entropy, labels 0 and 1. */
  LOGISTIC(BinaryCrossEntropy.INSTANCE),
  /** Softmax regression, cross-entropy over K classes. */
  SOFTMAX(SoftmaxCrossEntropy.INSTANCE);

  private final Loss loss;

  ModelKind(Loss loss) {
    this.loss = loss;
  }

  /** The model's loss. */
  public Loss loss() {
    return loss;
  }

  /**
   * The model's loss with the reported cross-entropy clipped at a probability floor (the lesson uses 1e-6; 0 is the
   * exact loss). The squared error has no probabilities, so the floor must be 0 for it.
   */
  public Loss loss(double probabilityFloor) {
    switch (this) {
      case LOGISTIC:
        return BinaryCrossEntropy.withProbabilityFloor(probabilityFloor);
      case SOFTMAX:
        return SoftmaxCrossEntropy.withProbabilityFloor(probabilityFloor);
      default:
        if (probabilityFloor != 0) {
          throw new IllegalArgumentException("linear regression has no probabilities to floor");
        }
        return loss;
    }
  }

  /** The lower-case name used on the command line and in reports. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
