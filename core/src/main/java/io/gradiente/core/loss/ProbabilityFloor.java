package io.gradiente.core.loss;

/** Checks the probability floor of the lesson's clipped cross-entropy. */
final class ProbabilityFloor {
  private ProbabilityFloor() {}

  /** Returns {@code floor} when it is in {@code [0, 0.5)}. */
  static double check(double floor) {
    if (!(floor >= 0 && floor < 0.5)) {
      throw new IllegalArgumentException("probability floor must be in [0, 0.5), got " + floor);
    }
    return floor;
  }
}
