package io.gradiente.ml;

import io.gradiente.core.loss.Loss;
import io.gradiente.core.model.LinearModel;
import io.gradiente.core.model.ModelKind;
import java.io.Serializable;
import java.util.List;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * What a fit learned: the model kind and its loss, the classes, the parameters in {@link LinearModel}'s layout and
 * the training losses. Saved as one Parquet row beside the params' metadata; doubles round-trip exactly.
 *
 * @param kind linear, logistic or softmax
 * @param probabilityFloor the probability floor of the reported cross-entropy (0 for linear)
 * @param classes 0 for regression, else the number of classes
 * @param features features per row
 * @param weights the parameters: {@code features x outputs} weights, then one bias per output
 * @param trainLosses the mean training loss after each epoch where it was measured, NaN elsewhere
 */
record ModelState(ModelKind kind, double probabilityFloor, int classes, int features, double[] weights,
    double[] trainLosses) implements Serializable {
  private static final StructType SCHEMA = new StructType()
      .add("kind", DataTypes.StringType, false)
      .add("probability_floor", DataTypes.DoubleType, false)
      .add("classes", DataTypes.IntegerType, false)
      .add("features", DataTypes.IntegerType, false)
      .add("weights", DataTypes.createArrayType(DataTypes.DoubleType, false), false)
      .add("train_losses", DataTypes.createArrayType(DataTypes.DoubleType, false), false);

  /** Checks the weights against the shape. */
  ModelState {
    int size = LinearModel.size(features, kind.loss().outputs(classes));
    if (weights.length != size) {
      throw new IllegalArgumentException("a " + kind.label() + " model of " + features + " features and " + classes
          + " classes has " + size + " parameters, got " + weights.length);
    }
  }

  /** The model's loss. */
  Loss loss() {
    return kind.loss(probabilityFloor);
  }

  /** Margins per row: 1 for linear and logistic, one per class for softmax. */
  int outputs() {
    return kind.loss().outputs(classes);
  }

  /** The margins {@code z = x W + b} of one feature vector. */
  double[] margins(Vector x) {
    return new LinearModel(features, outputs(), weights).margins(x.toArray());
  }

  /** Writes the state as one Parquet row into {@code dir}. */
  void write(SparkSession spark, String dir) {
    Row row = RowFactory.create(kind.label(), probabilityFloor, classes, features, weights, trainLosses);
    spark.createDataFrame(List.of(row), SCHEMA).repartition(1).write().parquet(dir);
  }

  /** Reads the state {@link #write} wrote into {@code dir}. */
  static ModelState read(SparkSession spark, String dir) {
    Row row = spark.read().schema(SCHEMA).parquet(dir).first();
    return new ModelState(ModelKind.valueOf(row.getString(0).toUpperCase(java.util.Locale.ROOT)), row.getDouble(1),
        row.getInt(2), row.getInt(3), doubles(row.getList(4)), doubles(row.getList(5)));
  }

  private static double[] doubles(List<Double> list) {
    return list.stream().mapToDouble(Double::doubleValue).toArray();
  }
}
