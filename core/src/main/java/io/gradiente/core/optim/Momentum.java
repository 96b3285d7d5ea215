package io.gradiente.core.optim;

/**
 * Classical momentum, the lesson's rule: {@code v = mu * v - lr * g; w = w + v} (Polyak 1964; Sutskever et al.
 * 2013, eq. 1). {@code mu = 0} is plain gradient descent ({@code w = w - lr * g}); full-batch GD and mini-batch SGD
 * differ only in the batch plan. Velocity starts at zero.
 */
public final class Momentum implements Optimizer {
  private final double lr;
  private final double mu;
  private final double[] velocity;

  /** An optimizer for {@code size} parameters with learning rate {@code lr > 0} and momentum {@code 0 <= mu < 1}. */
  public Momentum(int size, double lr, double mu) {
    if (!(lr > 0) || Double.isInfinite(lr)) {
      throw new IllegalArgumentException("learning rate must be a positive number, got " + lr);
    }
    if (!(mu >= 0 && mu < 1)) {
      throw new IllegalArgumentException("momentum must be in [0, 1), got " + mu);
    }
    this.lr = lr;
    this.mu = mu;
    this.velocity = new double[size];
  }

  @Override
  public void step(double[] params, double[] meanGradient) {
    for (int i = 0; i < params.length; i++) {
      double v = mu * velocity[i] - lr * meanGradient[i];
      velocity[i] = v;
      params[i] += v;
    }
  }

  @Override
  public double[] state() {
    return velocity.clone();
  }

  @Override
  public void restore(double[] state) {
    if (state.length != velocity.length) {
      throw new IllegalArgumentException("velocity of length " + state.length + ", expected " + velocity.length);
    }
    System.arraycopy(state, 0, velocity, 0, velocity.length);
  }
}
