package io.gradiente.notebook;

import io.gradiente.core.data.Columns;
import io.gradiente.datasets.BreastCancer;
import io.gradiente.datasets.Scaling;
import io.gradiente.datasets.Split;
import io.gradiente.jobs.Lesson;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.feature.PCA;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Two-dimensional views of the breast cancer training rows (min-max scaled as for training): t-SNE, as the lesson
 * draws them, computed on the driver by {@link Tsne} (exact, O(n^2): a few thousand rows at most), and Spark ML's
 * PCA, which is fitted and applied by Spark and so scales to any number of rows.
 */
public final class Embeddings {
  /**
   * The columns of an embedding: {@code method} ("t-SNE" or "PCA"), {@code index}, {@code x}, {@code y},
   * {@code diagnosis} (the lesson's class names, {@link Lesson#CANCER_LABELS}).
   */
  public static final StructType SCHEMA = DataTypes.createStructType(List.of(
      DataTypes.createStructField("method", DataTypes.StringType, false),
      DataTypes.createStructField("index", DataTypes.LongType, false),
      DataTypes.createStructField("x", DataTypes.DoubleType, false),
      DataTypes.createStructField("y", DataTypes.DoubleType, false),
      DataTypes.createStructField("diagnosis", DataTypes.StringType, false)));

  private Embeddings() {}

  /** Both embeddings of the 500 training rows, t-SNE with scikit-learn's defaults (perplexity 30, 1000 iterations). */
  public static Dataset<Row> breastCancer(SparkSession spark, long seed) {
    return breastCancer(spark, Tsne.DEFAULT_PERPLEXITY, Tsne.DEFAULT_ITERATIONS, seed);
  }

  /** Both embeddings of the 500 training rows, one row per (method, training row). */
  public static Dataset<Row> breastCancer(SparkSession spark, double perplexity, int iterations, long seed) {
    Split data = Scaling.MINMAX.apply(BreastCancer.bundled(spark, 2));
    Dataset<Row> train = data.train().frame();
    List<Row> rows = train.orderBy(Columns.INDEX).select(Columns.INDEX, Columns.FEATURES, Columns.LABEL)
        .collectAsList();
    double[][] x = new double[rows.size()][];
    for (int i = 0; i < x.length; i++) {
      x[i] = ((Vector) rows.get(i).get(1)).toArray();
    }
    double[][] y = new Tsne(perplexity, iterations, seed).embed(x, 2).y();
    List<Row> tsne = new ArrayList<>(x.length);
    for (int i = 0; i < x.length; i++) {
      tsne.add(RowFactory.create("t-SNE", rows.get(i).getLong(0), y[i][0], y[i][1],
          diagnosis(rows.get(i).getDouble(2))));
    }
    Dataset<Row> pca = new PCA().setInputCol(Columns.FEATURES).setOutputCol("pca").setK(2).fit(train)
        .transform(train)
        .select(functions.lit("PCA").as("method"), functions.col(Columns.INDEX),
            org.apache.spark.ml.functions.vector_to_array(functions.col("pca"), "float64").getItem(0).as("x"),
            org.apache.spark.ml.functions.vector_to_array(functions.col("pca"), "float64").getItem(1).as("y"),
            functions.when(functions.col(Columns.LABEL).equalTo(0.0), Lesson.CANCER_LABELS.get(0))
                .otherwise(Lesson.CANCER_LABELS.get(1)).as("diagnosis"));
    return spark.createDataFrame(tsne, SCHEMA).unionByName(pca);
  }

  private static String diagnosis(double label) {
    return Lesson.CANCER_LABELS.get((int) label);
  }
}
