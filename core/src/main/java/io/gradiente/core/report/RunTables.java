package io.gradiente.core.report;

import io.gradiente.core.eval.ClassificationReport;
import io.gradiente.core.eval.ConfusionMatrix;
import io.gradiente.core.eval.Evaluation;
import io.gradiente.core.eval.RegressionMetrics;
import io.gradiente.core.model.LinearModel;
import io.gradiente.core.train.History;
import java.util.List;

/** Fills a {@link RunReport}'s standard tables from training and evaluation results. */
public final class RunTables {
  private RunTables() {}

  /**
   * The {@code history} table: one row per step, the training loss on each epoch's last step (null for epochs whose
   * loss was not computed), the whole training set's loss before the step (null where not measured).
   */
  public static void history(RunReport report, History history) {
    report.declare("history", Tables.HISTORY);
    double[] batch = history.batchLosses();
    double[] stepTrain = history.stepTrainLosses();
    double[] train = history.trainLosses();
    for (int s = 0; s < batch.length; s++) {
      int epoch = history.epochOf(s);
      boolean last = s == batch.length - 1 || history.epochOf(s + 1) != epoch;
      Double trainLoss = last && epoch < train.length && !Double.isNaN(train[epoch]) ? train[epoch] : null;
      Double before = Double.isNaN(stepTrain[s]) ? null : stepTrain[s];
      report.add("history", Tables.HISTORY, epoch, s, batch[s], trainLoss, before);
    }
  }

  /**
   * The {@code metrics} rows of one split (loss and rows; accuracy for classifiers; MSE, RMSE and R² for
   * regression) and, for classifiers, its {@code confusion} and {@code class_report} rows.
   */
  public static void evaluation(RunReport report, String split, Evaluation e) {
    report.add("metrics", Tables.METRICS, split, "loss", null, e.meanLoss());
    report.add("metrics", Tables.METRICS, split, "rows", null, (double) e.rows());
    if (!e.isClassification()) {
      RegressionMetrics m = e.regression();
      report.add("metrics", Tables.METRICS, split, "mse", null, m.mse());
      report.add("metrics", Tables.METRICS, split, "rmse", null, m.rmse());
      report.add("metrics", Tables.METRICS, split, "r2", null, m.r2());
      return;
    }
    ConfusionMatrix cm = e.confusion();
    report.add("metrics", Tables.METRICS, split, "accuracy", null, cm.accuracy());
    int[] labels = cm.labels();
    for (int i = 0; i < labels.length; i++) {
      for (int j = 0; j < labels.length; j++) {
        report.add("confusion", Tables.CONFUSION, split, labels[i], labels[j], cm.count(i, j));
      }
    }
    ClassificationReport cr = ClassificationReport.of(cm);
    List<ClassificationReport.Line> lines = cr.lines();
    int perClass = labels.length;
    for (int i = 0; i < perClass; i++) {
      ClassificationReport.Line l = lines.get(i);
      report.add("class_report", Tables.CLASS_REPORT, split, l.label(), l.precision(), l.recall(), l.f1(),
          l.support());
      report.add("metrics", Tables.METRICS, split, "f1", l.label(), l.f1());
    }
    report.add("class_report", Tables.CLASS_REPORT, split, "accuracy", null, null, cr.accuracy(), cm.total());
    for (int i = perClass; i < lines.size(); i++) {
      ClassificationReport.Line l = lines.get(i);
      report.add("class_report", Tables.CLASS_REPORT, split, l.label(), l.precision(), l.recall(), l.f1(),
          l.support());
    }
  }

  /** The {@code model} table: every weight, and each output's bias as feature index -1 named "bias". */
  public static void model(RunReport report, LinearModel model, List<String> featureNames) {
    for (int k = 0; k < model.outputs(); k++) {
      for (int f = 0; f < model.features(); f++) {
        String name = featureNames != null && f < featureNames.size() ? featureNames.get(f) : "x" + f;
        report.add("model", Tables.MODEL, k, f, name, model.weight(f, k));
      }
      report.add("model", Tables.MODEL, k, -1, "bias", model.bias(k));
    }
  }
}
