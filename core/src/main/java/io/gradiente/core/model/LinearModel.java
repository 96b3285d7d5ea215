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
   * Starting parameters: every weight and bias drawn in layout order from {@code java.util.Random(seed)}, uniform in
   * [-1, 1) ({@code 2 nextDouble() - 1}) or standard normal ({@code nextGaussian()}), or all zeros.
   */
  public static LinearModel initial(int features, int outputs, Init init, long seed) {
    double[] p = new double[size(features, outputs)];
    if (init != Init.ZEROS) {
      Random random = new Random(seed);
      for (int i = 0; i < p.length; i++) {
        p[i] = init == Init.UNIFORM ? 2 * random.nextDouble() - 1 : random.nextGaussian();
      }
    }
    return new LinearModel(features, outputs, p);
  }

  /** How to choose starting parameters. */
  public enum Init {
    /**
     * Uniform in [-1, 1), the lesson's {@code tf.random.uniform(shape, minval=-1, maxval=1)} of every TensorFlow
     * training cell (the draws themselves come from the seed, not TensorFlow's generator).
     */
    UNIFORM,
    /** Standard normal draws (not the lesson's: a choice for other data). */
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
