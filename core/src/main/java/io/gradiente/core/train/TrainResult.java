package io.gradiente.core.train;

/**
 * The outcome of training.
 *
 * @param params the final parameters
 * @param history the losses per step and per epoch
 * @param trainSeconds wall time from the first step to the last update (epoch losses included)
 */
public record TrainResult(double[] params, History history, double trainSeconds) {}
