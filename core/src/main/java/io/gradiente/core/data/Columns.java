package io.gradiente.core.data;

import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Column names of the canonical labelled table every source produces: {@code index} (long, the row's 0-based
 * position in the source, dense from 0 to n-1), {@code features} (Spark ML dense vector) and {@code label}
 * (double: the target for regression, the class index for classification).
 */
public final class Columns {
  /** The row's 0-based position in its source; defines the partitioning and so determinism. */
  public static final String INDEX = "index";
  /** The feature vector ({@code org.apache.spark.ml.linalg.Vector}). */
  public static final String FEATURES = "features";
  /** The target value or class index. */
  public static final String LABEL = "label";
  /** A model's prediction, a target value or class index ({@code eval.Evaluator#predictions}). */
  public static final String PREDICTION = "prediction";
  /** {@code index} (long), {@code features} (ML vector), {@code label} (double), none nullable. */
  public static final StructType SCHEMA = new StructType(new StructField[] {
      DataTypes.createStructField(INDEX, DataTypes.LongType, false),
      DataTypes.createStructField(FEATURES, SQLDataTypes.VectorType(), false),
      DataTypes.createStructField(LABEL, DataTypes.DoubleType, false)});

  private Columns() {}
}
