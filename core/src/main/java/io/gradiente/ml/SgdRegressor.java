package io.gradiente.ml;

import io.gradiente.core.model.ModelKind;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.regression.Regressor;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;

/**
 * Linear regression (squared error) trained by Gradiente's SGD, as a Spark ML estimator: it fits in a
 * {@code Pipeline}, its params tune with {@code ParamGridBuilder} and {@code CrossValidator}, and its model adds
 * {@code prediction}. Training is {@code gradiente train --model linear}'s: same rows, params and partitions give
 * the same weights.
 */
public final class SgdRegressor extends Regressor<Vector, SgdRegressor, SgdRegressionModel>
    implements SgdParams<SgdRegressor>, DefaultParamsWritable {
  private static final long serialVersionUID = 1L;

  private String uid;
  private final TrainingParams training;

  /** An estimator with a new random uid and the default params. */
  public SgdRegressor() {
    this(Identifiable.randomUID("sgdRegressor"));
  }

  /** An estimator with the given uid and the default params. */
  public SgdRegressor(String uid) {
    this(Uids.reserve(uid));
  }

  private SgdRegressor(Uids.Reserved reserved) {
    training = new TrainingParams(uid());
    training.setDefaults(this);
  }

  @Override
  public String uid() {
    return uid != null ? uid : (uid = Uids.claim()); // first called by Spark's constructor, see Uids
  }

  @Override
  public TrainingParams trainingParams() {
    return training;
  }

  @Override
  public SgdRegressionModel train(Dataset<?> dataset) {
    return new SgdRegressionModel(uid(), SgdFit.fit(dataset, this, getFeaturesCol(), getLabelCol(), ModelKind.LINEAR,
        0, 0));
  }

  @Override
  public SgdRegressor copy(ParamMap extra) {
    return defaultCopy(extra);
  }

  /** Reads a saved estimator ({@code Pipeline.load} calls this for its stages). */
  public static MLReader<SgdRegressor> read() {
    return new DefaultParamsReader<>();
  }

  /** Loads an estimator saved by {@link #save}. */
  public static SgdRegressor load(String path) {
    return read().load(path);
  }
}
