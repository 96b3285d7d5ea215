package io.gradiente.core.eval;

/**
 * The evaluation of a model on one split.
 *
 * @param rows rows evaluated
 * @param meanLoss the mean loss
 * @param confusion the confusion matrix (classification), else null
 * @param regression MSE, RMSE and R² (regression), else null
 */
public record Evaluation(long rows, double meanLoss, ConfusionMatrix confusion, RegressionMetrics regression) {
  /** True for a classification evaluation. */
  public boolean isClassification() {
    return confusion != null;
  }
}
