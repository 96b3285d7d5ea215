package io.gradiente.core.nn;

import java.util.Locale;

/**
 * The lesson's activation functions, applied element by element, in forms that stay finite for large {@code |x|}.
 */
public enum Activation {
  /** Rectified linear unit, {@code max(0, x)}. */
  RELU {
    @Override
    public double apply(double x) {
      return Math.max(0.0, x);
    }
  },
  /**
   * Scaled exponential linear unit, {@code scale * x} for {@code x > 0} and {@code scale * alpha * (e^x - 1)}
   * otherwise, with {@link #SELU_ALPHA} and {@link #SELU_SCALE}.
   */
  SELU {
    @Override
    public double apply(double x) {
      return x > 0 ? SELU_SCALE * x : SELU_SCALE * (SELU_ALPHA * Math.expm1(x));
    }
  },
  /** Hyperbolic tangent, {@code (e^x - e^-x) / (e^x + e^-x)}. */
  TANH {
    @Override
    public double apply(double x) {
      return Math.tanh(x);
    }
  },
  /** Softplus, {@code ln(1 + e^x)}, computed as {@code log1p(e^-|x|) + max(x, 0)} so it never overflows. */
  SOFTPLUS {
    @Override
    public double apply(double x) {
      return Math.log1p(Math.exp(-Math.abs(x))) + Math.max(x, 0.0);
    }
  },
  /** Softsign, {@code x / (1 + |x|)}. */
  SOFTSIGN {
    @Override
    public double apply(double x) {
      return x / (1.0 + Math.abs(x));
    }
  },
  /**
   * Logistic sigmoid, {@code 1 / (1 + e^-x)}, computed as {@code e^x / (1 + e^x)} for negative {@code x} so that
   * neither branch overflows.
   */
  SIGMOID {
    @Override
    public double apply(double x) {
      if (x >= 0) {
        return 1.0 / (1.0 + Math.exp(-x));
      }
      double e = Math.exp(x);
      return e / (1.0 + e);
    }
  };

  /** SELU's alpha (Klambauer et al., 2017). */
  public static final double SELU_ALPHA = 1.6732632423543772848170429916717;
  /** SELU's scale (Klambauer et al., 2017). */
  public static final double SELU_SCALE = 1.0507009873554804934193349852946;

  /** The function's value at {@code x}. */
  public abstract double apply(double x);

  /** The function applied to every element, into a new array. */
  public double[] apply(double[] xs) {
    double[] out = new double[xs.length];
    for (int i = 0; i < xs.length; i++) {
      out[i] = apply(xs[i]);
    }
    return out;
  }

  /** The lower-case name, for example {@code "relu"}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * {@code n} evenly spaced values from {@code start} to {@code stop} inclusive, as numpy's {@code linspace}:
   * {@code x_i = start + i * (stop - start) / (n - 1)}, with the last value exactly {@code stop}.
   *
   * @throws IllegalArgumentException when {@code n < 0}
   */
  public static double[] linspace(double start, double stop, int n) {
    if (n < 0) {
      throw new IllegalArgumentException("linspace needs n >= 0, got " + n);
    }
    double[] out = new double[n];
    if (n == 1) {
      out[0] = start;
    }
    if (n <= 1) {
      return out;
    }
    int div = n - 1;
    double delta = stop - start;
    double step = delta / div;
    for (int i = 0; i < n; i++) {
      // numpy multiplies by the step, unless the step underflows to 0, then it scales i / div by the range.
      out[i] = (step == 0.0 ? (double) i / div * delta : i * step) + start;
    }
    out[n - 1] = stop;
    return out;
  }
}
