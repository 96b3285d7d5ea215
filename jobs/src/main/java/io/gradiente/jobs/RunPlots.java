package io.gradiente.jobs;

import io.gradiente.core.eval.ConfusionMatrix;
import io.gradiente.core.eval.Evaluation;
import io.gradiente.core.report.RunReport;
import io.gradiente.core.train.History;
import io.gradiente.core.train.TrainResult;
import io.gradiente.jobs.plot.Plots;
import io.gradiente.jobs.plot.Series;
import java.util.List;

/** The PNG plots of a run, written beside its tables for people without a notebook. */
final class RunPlots {
  private RunPlots() {}

  /**
   * {@code loss.png} (per epoch), {@code batch_loss.png} (per step; when the run measured the loss over the whole
   * training set before its steps, that curve and the per-epoch training loss too, the lesson's three curves) and a
   * confusion matrix per split.
   */
  static void add(RunReport report, Run run, TrainResult result, Evaluation train, Evaluation test,
      int stepsPerEpoch) {
    History h = result.history();
    String name = run.target().runId();
    report.file("loss.png", Plots.lines(name + ": training loss after each epoch", "epoch", "loss",
        List.of(Series.indexed("train loss", h.trainLosses())), false));
    double[] batch = h.batchLosses();
    double[] epochs = new double[batch.length];
    for (int s = 0; s < batch.length; s++) {
      epochs[s] = (s + 1.0) / stepsPerEpoch;
    }
    Series beforeSteps = Series.measured("training loss before each step", epochs, h.stepTrainLosses());
    if (beforeSteps.size() == 0) {
      report.file("batch_loss.png", Plots.lines(name + ": loss of every mini-batch before its update", "epoch",
          "batch loss", List.of(new Series("batch loss", epochs, batch)), true));
    } else {
      report.file("batch_loss.png", Plots.lines(name + ": mini-batch loss and training loss", "epoch", "loss",
          List.of(new Series("mini-batch loss before its step", epochs, batch),
              Series.indexed("training loss after each epoch", h.trainLosses()), beforeSteps), true));
    }
    for (Evaluation e : new Evaluation[] {train, test}) {
      if (e != null && e.isClassification()) {
        String split = e == train ? "train" : "test";
        ConfusionMatrix cm = e.confusion();
        report.file("confusion_" + split + ".png", Plots.confusionMatrix(
            name + ": confusion matrix (" + split + ")", cm.labels(), cm.counts(),
            names(cm, run.data().targetNames())));
      }
    }
  }

  private static String[] names(ConfusionMatrix cm, List<String> targetNames) {
    if (targetNames.isEmpty()) {
      return null;
    }
    int[] labels = cm.labels();
    String[] out = new String[labels.length];
    for (int i = 0; i < labels.length; i++) {
      out[i] = labels[i] < targetNames.size() ? targetNames.get(labels[i]) : Integer.toString(labels[i]);
    }
    return out;
  }
}
