package io.gradiente.core.train;

/**
 * Training produced a non-finite loss or gradient. The message names the epoch, the step, the learning rate and the
 * largest gradient entry, and suggests a smaller learning rate.
 */
public final class TrainingDivergedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private TrainingDivergedException(String message) {
    super(message);
  }

  /** Throws when the training loss after epoch {@code epoch} is not finite (the last update overflowed). */
  static void checkEpoch(int epoch, double lr, double trainLoss) {
    if (!Double.isFinite(trainLoss)) {
      throw new TrainingDivergedException(String.format(
          "training diverged in epoch %d (learning rate %s): the training loss after its last step is %s; try a "
              + "smaller --lr", epoch, lr, trainLoss));
    }
  }

  /** The same failure with a note appended, for example where the last good checkpoint is. */
  public TrainingDivergedException withNote(String note) {
    TrainingDivergedException e = new TrainingDivergedException(getMessage() + "; " + note);
    e.setStackTrace(getStackTrace());
    return e;
  }

  /** Throws when {@code loss} or any entry of {@code gradient} is not finite. */
  static void check(int epoch, int step, double lr, double loss, double[] gradient) {
    boolean finite = Double.isFinite(loss);
    int largest = 0;
    for (int i = 0; i < gradient.length; i++) {
      double g = gradient[i];
      finite &= Double.isFinite(g);
      if (!(Math.abs(g) <= Math.abs(gradient[largest]))) {
        largest = i;
      }
    }
    if (!finite) {
      throw new TrainingDivergedException(String.format(
          "training diverged at epoch %d, step %d (learning rate %s): batch loss %s, largest gradient entry %s at "
              + "parameter %d; try a smaller --lr", epoch, step, lr, loss,
          gradient.length == 0 ? "none" : Double.toString(gradient[largest]), largest));
    }
  }
}
