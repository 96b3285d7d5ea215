package io.gradiente.core.loss;

/**
 * A loss of one output whose rows stand alone ({@link SquaredError}, {@link BinaryCrossEntropy}): it says what one
 * margin {@code z} and label {@code y} give, and the loops over the rows are written here once.
 */
interface ScalarLoss extends Loss {
  /** One row's loss. */
  double rowLoss(double z, double y);

  /** One row's {@code dloss/dz}. */
  double rowMultiplier(double z, double y);

  @Override
  default int outputs(int classes) {
    return 1;
  }

  @Override
  default double toMultipliers(double[] margins, double[] labels, int labelOffset, int rows, int outputs) {
    double sum = 0.0;
    for (int r = 0; r < rows; r++) {
      double z = margins[r];
      double y = labels[labelOffset + r];
      sum += rowLoss(z, y);
      margins[r] = rowMultiplier(z, y);
    }
    return sum;
  }

  @Override
  default double lossSum(double[] margins, double[] labels, int labelOffset, int rows, int outputs) {
    double sum = 0.0;
    for (int r = 0; r < rows; r++) {
      sum += rowLoss(margins[r], labels[labelOffset + r]);
    }
    return sum;
  }
}
