package io.gradiente.ml;

import io.gradiente.core.model.ModelKind;
import org.apache.spark.ml.classification.ProbabilisticClassificationModel;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import scala.Tuple3;

/**
 * A fitted {@link SgdClassifier}: logistic (one margin {@code z}, {@code rawPrediction = [-z, z]}, {@code probability
 * = [1 - sigma(z), sigma(z)]}, as Spark's binary logistic regression) or softmax ({@code rawPrediction} the K
 * margins, {@code probability} their softmax). {@code prediction} is the class of the largest margin, the same as
 * {@code gradiente train}'s evaluation, unless {@code thresholds} are set.
 */
public final class SgdClassificationModel
    extends ProbabilisticClassificationModel<Vector, SgdClassificationModel> implements MLWritable {
  private static final long serialVersionUID = 1L;

  private String uid;
  private final ModelState state;

  SgdClassificationModel(String uid, ModelState state) {
    this(Uids.reserve(uid), state);
  }

  private SgdClassificationModel(Uids.Reserved reserved, ModelState state) {
    uid();
    this.state = state;
  }

  @Override
  public String uid() {
    return uid != null ? uid : (uid = Uids.claim()); // first called by Spark's constructor, see Uids
  }

  /** {@code logistic} or {@code softmax}. */
  public String loss() {
    return state.kind().label();
  }

  /** The parameters in {@code LinearModel}'s layout: {@code numFeatures x outputs} weights, one bias per output. */
  public double[] weights() {
    return state.weights().clone();
  }

  /** The mean training loss after each epoch where it was measured ({@code trainLossEvery}), NaN elsewhere. */
  public double[] trainLosses() {
    return state.trainLosses().clone();
  }

  @Override
  public int numClasses() {
    return state.classes();
  }

  @Override
  public int numFeatures() {
    return state.features();
  }

  @Override
  public Vector predictRaw(Vector features) {
    double[] z = state.margins(features);
    return state.kind() == ModelKind.LOGISTIC ? Vectors.dense(-z[0], z[0]) : Vectors.dense(z);
  }

  @Override
  public Vector raw2probabilityInPlace(Vector rawPrediction) {
    double[] v = ((DenseVector) rawPrediction).values();
    if (state.kind() == ModelKind.LOGISTIC) {
      double z = v[1];
      double e = Math.exp(-Math.abs(z));
      double p = z >= 0 ? 1 / (1 + e) : e / (1 + e);
      v[0] = 1 - p;
      v[1] = p;
      return rawPrediction;
    }
    double max = Double.NEGATIVE_INFINITY;
    for (double z : v) {
      max = Math.max(max, z);
    }
    double sum = 0;
    for (int k = 0; k < v.length; k++) {
      v[k] = Math.exp(v[k] - max);
      sum += v[k];
    }
    for (int k = 0; k < v.length; k++) {
      v[k] /= sum;
    }
    return rawPrediction;
  }

  @Override
  public SgdClassificationModel copy(ParamMap extra) {
    return copyValues(new SgdClassificationModel(uid(), state), extra).setParent(parent());
  }

  /** Spark's two superclasses both declare it with different generic types, which Java must resolve here. */
  @Override
  @SuppressWarnings({"rawtypes", "unchecked"})
  public Tuple3 findSummaryModel() {
    return super.findSummaryModel();
  }

  @Override
  public MLWriter write() {
    return ModelStore.writer(this, state);
  }

  /** Reads a saved model ({@code PipelineModel.load} calls this for its stages). */
  public static MLReader<SgdClassificationModel> read() {
    return ModelStore.reader(SgdClassificationModel.class, SgdClassificationModel::new);
  }

  /** Loads a model saved by {@link #save}. */
  public static SgdClassificationModel load(String path) {
    return read().load(path);
  }

  @Override
  public String toString() {
    return "SgdClassificationModel: uid=" + uid() + ", loss=" + loss() + ", numClasses=" + numClasses()
        + ", numFeatures=" + numFeatures();
  }
}
