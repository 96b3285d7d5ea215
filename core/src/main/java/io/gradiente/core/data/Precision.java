package io.gradiente.core.data;

import java.util.Locale;

/**
 * How cached feature values are stored and multiplied. {@link #DOUBLE} is the default and what the lesson's numbers
 * (gradient check, reference parity) are checked in; {@link #FLOAT} halves the cached memory and uses {@code sgemm}
 * for the two matrix products of a step, while margins, losses, gradient sums and parameters stay in double.
 * Double by default is deliberate: the lesson casts its data to float32 for TensorFlow, but float64 lets every
 * number be checked against numpy to 1e-9.
 */
public enum Precision {
  /** 8-byte values, {@code dgemm}. */
  DOUBLE,
  /** 4-byte values, {@code sgemm}. */
  FLOAT;

  /** The precision named on the command line ({@code double} or {@code float}). */
  public static Precision parse(String name) {
    for (Precision p : values()) {
      if (p.name().toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))) {
        return p;
      }
    }
    throw new BadInputException("unknown --precision '" + name + "', expected double or float");
  }

  /** The name in lower case, as on the command line and in reports. */
  public String lowerName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
