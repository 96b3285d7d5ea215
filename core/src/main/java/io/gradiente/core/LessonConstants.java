package io.gradiente.core;

/**
 * The numbers of the lesson "Aprendizaje por el gradiente" that a program needs to reproduce it with the library
 * (the lesson's softmax run is {@link io.gradiente.core.train.TrainConfig#defaults()}).
 */
public final class LessonConstants {
  /** The lesson reports cross-entropies with probabilities clipped at 1e-6 ({@code tf.clip_by_value}). */
  public static final double PROBABILITY_FLOOR = 1e-6;
  /** The forward step of the lesson's finite-difference slope ("pendiente"). */
  public static final double FINITE_DIFFERENCE_DELTA = 1e-6;
  /**
   * Where the lesson's analytic linear descent starts: two {@code uniform(-50, 50)} draws, far from the answer.
   * These are numpy's: {@code np.random.seed(42)}, the 100 noise draws of the data, then
   * {@code np.random.uniform(-50, 50)} twice (the start of the reference vectors). The notebook itself draws them
   * with Python's {@code random.uniform}, another generator, after the gradient check's 200 draws.
   */
  public static final double W0 = -46.85708143132658;
  /** See {@link #W0}. */
  public static final double B0 = 13.641041126378042;

  private LessonConstants() {}
}
