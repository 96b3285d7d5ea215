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

  /**
   * Throws when the training loss after epoch {@code epoch} is not finite: the update of its last step
   * {@code step}, made with {@code gradient}, overflowed.
   */
  static void checkEpoch(int epoch, int step, double lr, double trainLoss, double[] gradient) {
    if (!Double.isFinite(trainLoss)) {
      check(epoch, step, lr, "training loss after the step", trainLoss, gradient, true);
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
    check(epoch, step, lr, "batch loss", loss, gradient, false);
  }

  private static void check(int epoch, int step, double lr, String what, double loss, double[] gradient,
      boolean failed) {
    boolean finite = !failed && Double.isFinite(loss);
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
          "training diverged at epoch %d, step %d (learning rate %s): %s %s, largest gradient entry %s at "
              + "parameter %d; try a smaller --lr", epoch, step, lr, what, loss,
          gradient.length == 0 ? "none" : Double.toString(gradient[largest]), largest));
    }
  }
}
