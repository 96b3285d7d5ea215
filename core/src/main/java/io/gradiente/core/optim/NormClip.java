package io.gradiente.core.optim;

/**
 * Global L2-norm clipping of a gradient: when {@code ||g|| > c}, {@code g = g * c / ||g||}, so no step moves the
 * parameters by more than {@code lr * c} (before momentum). It keeps the direction and only shortens long steps
 * (Pascanu, Mikolov and Bengio 2013, algorithm 1).
 */
public final class NormClip {
  private NormClip() {}

  /**
   * Clips {@code gradient} in place to L2 norm at most {@code maxNorm}; {@code maxNorm <= 0} means no clipping.
   *
   * @return the norm before clipping
   */
  public static double clip(double[] gradient, double maxNorm) {
    if (maxNorm <= 0) {
      return Double.NaN;
    }
    double sumSq = 0.0;
    for (double g : gradient) {
      sumSq += g * g;
    }
    double norm = Math.sqrt(sumSq);
    if (norm > maxNorm) {
      double scale = maxNorm / norm;
      for (int i = 0; i < gradient.length; i++) {
        gradient[i] *= scale;
      }
    }
    return norm;
  }
}
