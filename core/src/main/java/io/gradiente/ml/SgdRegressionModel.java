package io.gradiente.ml;

import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.regression.RegressionModel;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;

/** A fitted {@link SgdRegressor}: {@code prediction} is {@code x w + b}. */
public final class SgdRegressionModel extends RegressionModel<Vector, SgdRegressionModel> implements MLWritable {
  private static final long serialVersionUID = 1L;

  private String uid;
  private final ModelState state;

  SgdRegressionModel(String uid, ModelState state) {
    this(Uids.reserve(uid), state);
  }

  private SgdRegressionModel(Uids.Reserved reserved, ModelState state) {
    uid();
    this.state = state;
  }

  @Override
  public String uid() {
    return uid != null ? uid : (uid = Uids.claim()); // first called by Spark's constructor, see Uids
  }

  /** The parameters in {@code LinearModel}'s layout: {@code numFeatures} weights, then the bias. */
  public double[] weights() {
    return state.weights().clone();
  }

  /** The mean training loss after each epoch where it was measured ({@code trainLossEvery}), NaN elsewhere. */
  public double[] trainLosses() {
    return state.trainLosses().clone();
  }

  @Override
  public int numFeatures() {
    return state.features();
  }

  @Override
  public double predict(Vector features) {
    return state.margins(features)[0];
  }

  @Override
  public SgdRegressionModel copy(ParamMap extra) {
    return copyValues(new SgdRegressionModel(uid(), state), extra).setParent(parent());
  }

  @Override
  public MLWriter write() {
    return ModelStore.writer(this, state);
  }

  /** Reads a saved model ({@code PipelineModel.load} calls this for its stages). */
  public static MLReader<SgdRegressionModel> read() {
    return ModelStore.reader(SgdRegressionModel.class, SgdRegressionModel::new);
  }

  /** Loads a model saved by {@link #save}. */
  public static SgdRegressionModel load(String path) {
    return read().load(path);
  }

  @Override
  public String toString() {
    return "SgdRegressionModel: uid=" + uid() + ", numFeatures=" + numFeatures();
  }
}
