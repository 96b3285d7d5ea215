package io.gradiente.ml;

import io.gradiente.core.LessonConstants;
import io.gradiente.core.model.ModelKind;
import java.util.List;
import java.util.Locale;
import org.apache.spark.ml.classification.ProbabilisticClassifier;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;

/**
 * Binary logistic or multinomial softmax regression trained by Gradiente's SGD, as a Spark ML estimator: it fits
 * in a {@code Pipeline}, its params tune with {@code ParamGridBuilder} and {@code CrossValidator}, and its model
 * adds {@code rawPrediction}, {@code probability} and {@code prediction}. The labels are class numbers
 * {@code 0..K-1} (a {@code StringIndexer} makes them); {@code loss} {@code auto} takes logistic for two classes and
 * softmax for more. Training is {@code gradiente train}'s: same rows, params and partitions give the same weights.
 */
public final class SgdClassifier extends ProbabilisticClassifier<Vector, SgdClassifier, SgdClassificationModel>
    implements SgdParams<SgdClassifier>, DefaultParamsWritable {
  private static final long serialVersionUID = 1L;
  /** The most classes a fit accepts when the label column has no metadata saying how many. */
  private static final int MAX_CLASSES = 100_000;

  private String uid;
  private final TrainingParams training;
  private final Param<String> loss;
  private final DoubleParam probabilityFloor;

  /** An estimator with a new random uid and the default params. */
  public SgdClassifier() {
    this(Identifiable.randomUID("sgdClassifier"));
  }

  /** An estimator with the given uid and the default params. */
  public SgdClassifier(String uid) {
    this(Uids.reserve(uid));
  }

  private SgdClassifier(Uids.Reserved reserved) {
    String id = uid();
    training = new TrainingParams(id);
    training.setDefaults(this);
    loss = new Param<>(id, "loss", "auto (logistic for two classes, else softmax), logistic or softmax (--model)",
        ParamValidators.inArray(List.of("auto", "logistic", "softmax")));
    probabilityFloor = new DoubleParam(id, "probabilityFloor", "the probability at which the reported "
        + "cross-entropy is clipped from below, 0 for the exact loss (the lesson's is "
        + LessonConstants.PROBABILITY_FLOOR + "); the gradient is exact either way (--prob-floor)",
        ParamValidators.inRange(0, 0.5, true, false));
    setDefault(loss, "auto");
    setDefault(probabilityFloor, 0.0);
  }

  @Override
  public String uid() {
    return uid != null ? uid : (uid = Uids.claim()); // first called by Spark's constructor, see Uids
  }

  @Override
  public TrainingParams trainingParams() {
    return training;
  }

  /** The model: {@code auto}, {@code logistic} or {@code softmax}. */
  public Param<String> loss() {
    return loss;
  }

  /** See {@link #loss()}. */
  public String getLoss() {
    return getOrDefault(loss);
  }

  /** See {@link #loss()}. */
  public SgdClassifier setLoss(String value) {
    return (SgdClassifier) set(loss, value.toLowerCase(Locale.ROOT));
  }

  /** The probability floor of the reported cross-entropy (the model's {@code trainLosses}). */
  public DoubleParam probabilityFloor() {
    return probabilityFloor;
  }

  /** See {@link #probabilityFloor()}. */
  public double getProbabilityFloor() {
    return (Double) getOrDefault(probabilityFloor);
  }

  /** See {@link #probabilityFloor()}. */
  public SgdClassifier setProbabilityFloor(double value) {
    return (SgdClassifier) set(probabilityFloor, value);
  }

  @Override
  public SgdClassificationModel train(Dataset<?> dataset) {
    int found = getNumClasses(dataset, MAX_CLASSES);
    ModelKind kind = switch (getLoss()) {
      case "logistic" -> ModelKind.LOGISTIC;
      case "softmax" -> ModelKind.SOFTMAX;
      default -> found <= 2 ? ModelKind.LOGISTIC : ModelKind.SOFTMAX;
    };
    int classes = kind == ModelKind.LOGISTIC ? 2 : Math.max(2, found);
    return new SgdClassificationModel(uid(), SgdFit.fit(dataset, this, getFeaturesCol(), getLabelCol(), kind,
        getProbabilityFloor(), classes));
  }

  @Override
  public SgdClassifier copy(ParamMap extra) {
    return defaultCopy(extra);
  }

  /** Reads a saved estimator ({@code Pipeline.load} calls this for its stages). */
  public static MLReader<SgdClassifier> read() {
    return new DefaultParamsReader<>();
  }

  /** Loads an estimator saved by {@link #save}. */
  public static SgdClassifier load(String path) {
    return read().load(path);
  }
}
