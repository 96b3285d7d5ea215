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
