package io.gradiente.example;

import io.gradiente.ml.SgdClassifier;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.tuning.CrossValidator;
import org.apache.spark.ml.tuning.CrossValidatorModel;
import org.apache.spark.ml.tuning.ParamGridBuilder;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The README's Pipeline example ("Spark ML estimators"), as code that compiles and runs: the lines between the
 * {@code README} markers are the README's code block, word for word ({@link PipelineExampleTest} checks both).
 */
final class PipelineExample {
  private PipelineExample() {}

  /**
   * Tunes the learning rate of a classifier on {@code train} (numeric columns {@code x1}, {@code x2} and a class
   * number {@code label}), saves the best pipeline to {@code path}, loads it and returns its accuracy on
   * {@code test}.
   */
  static double run(Dataset<Row> train, Dataset<Row> test, String path) throws Exception {
    // README begin
    VectorAssembler assembler = new VectorAssembler()
        .setInputCols(new String[] {"x1", "x2"}).setOutputCol("features");
    SgdClassifier classifier = new SgdClassifier()           // logistic for two classes, softmax for more
        .setEpochs(50).setBatchSize(64);                     // every other param as gradiente train's default
    Pipeline pipeline = new Pipeline().setStages(new PipelineStage[] {assembler, classifier});
    ParamMap[] grid = new ParamGridBuilder()
        .addGrid(classifier.learningRate(), new double[] {0.01, 0.1}).build();
    MulticlassClassificationEvaluator accuracy = new MulticlassClassificationEvaluator().setMetricName("accuracy");
    CrossValidatorModel cv = new CrossValidator().setEstimator(pipeline).setEstimatorParamMaps(grid)
        .setEvaluator(accuracy).setNumFolds(2).fit(train);
    ((PipelineModel) cv.bestModel()).write().overwrite().save(path);
    Dataset<Row> scored = PipelineModel.load(path).transform(test);  // + rawPrediction, probability, prediction
    double testAccuracy = accuracy.evaluate(scored);
    // README end
    return testAccuracy;
  }
}
