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

  /** True for the classifiers. */
  public boolean classifies() {
    return this != LINEAR;
  }

  /** The lower-case name used on the command line and in reports. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
