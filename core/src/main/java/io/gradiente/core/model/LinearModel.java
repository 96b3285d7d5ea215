package io.gradiente.core.model;

import io.gradiente.core.loss.Loss;
import java.util.Arrays;
import java.util.Random;

/**
 * A linear model's parameters in one flat array: weights {@code W} ({@code features x outputs}, row-major, weight of
 * feature f for output k at {@code f * outputs + k}) followed by one bias per output (at
 * {@code features * outputs + k}). Linear and logistic regression have one output, softmax one per class.
 */
public final class LinearModel {
  private final int features;
  private final int outputs;
  private final double[] params;

  /** Wraps a parameter array of length {@code (features + 1) * outputs} (no copy). */
  public LinearModel(int features, int outputs, double[] params) {
    if (params.length != size(features, outputs)) {
      throw new IllegalArgumentException("a model of " + features + " features and " + outputs
          + " outputs has " + size(features, outputs) + " parameters, got " + params.length);
    }
    this.features = features;
    this.outputs = outputs;
    this.params = params;
  }

  /** Number of parameters of a model: {@code features * outputs} weights and {@code outputs} biases. */
  public static int size(int features, int outputs) {
    return Math.multiplyExact(features + 1, outputs);
  }

  /**
   * Starting parameters as the lesson draws them: every weight and bias from a standard normal distribution
   * ({@code java.util.Random(seed).nextGaussian()}, in layout order), or all zeros.
   */
  public static LinearModel initial(int features, int outputs, Init init, long seed) {
    double[] p = new double[size(features, outputs)];
    if (init == Init.NORMAL) {
      Random random = new Random(seed);
      for (int i = 0; i < p.length; i++) {
        p[i] = random.nextGaussian();
      }
    }
    return new LinearModel(features, outputs, p);
  }

  /** How to choose starting parameters. */
  public enum Init {
    /** Standard normal draws, as the lesson's {@code np.random.randn}. */
    NORMAL,
    /** All zeros. */
    ZEROS
  }

  /** Number of features. */
  public int features() {
    return features;
  }

  /** Number of outputs. */
  public int outputs() {
    return outputs;
  }

  /** The flat parameters (shared, not copied). */
  public double[] params() {
    return params;
  }

  /** Weight of feature {@code f} for output {@code k}. */
  public double weight(int f, int k) {
    return params[f * outputs + k];
  }

  /** Bias of output {@code k}. */
  public double bias(int k) {
    return params[features * outputs + k];
  }

  /** Margins {@code z = x W + b} of one feature vector. */
  public double[] margins(double[] x) {
    if (x.length != features) {
      throw new IllegalArgumentException("expected " + features + " features, got " + x.length);
    }
    double[] z = Arrays.copyOfRange(params, features * outputs, params.length);
    for (int f = 0; f < features; f++) {
      double xf = x[f];
      int row = f * outputs;
      for (int k = 0; k < outputs; k++) {
        z[k] += xf * params[row + k];
      }
    }
    return z;
  }

  /** The loss's prediction (target value or class index) for one feature vector. */
  public double predict(Loss loss, double[] x) {
    return loss.predict(margins(x), 0, outputs);
  }
}
