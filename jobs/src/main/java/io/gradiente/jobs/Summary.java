package io.gradiente.jobs;

import io.gradiente.core.eval.ClassificationReport;
import io.gradiente.core.eval.Evaluation;
import io.gradiente.core.model.LinearModel;
import io.gradiente.core.model.ModelKind;
import io.gradiente.core.train.TrainResult;
import java.util.List;
import java.util.Locale;

/** What a run prints when it ends: losses, accuracy or MSE, the classification report and the report folder. */
final class Summary {
  private Summary() {}

  /** The summary of a finished run; {@code test} may be null. */
  static String of(Run run, TrainResult result, Evaluation train, Evaluation test, LinearModel model, String path) {
    StringBuilder s = new StringBuilder();
    double[] losses = result.history().trainLosses();
    s.append(String.format(Locale.ROOT, "%s: %s, %d epochs in %.1fs, final train loss %.6f%n", run.target().runId(),
        run.model().kind().label(), losses.length, result.trainSeconds(), losses[losses.length - 1]));
    if (run.model().kind() == ModelKind.LINEAR && model.features() == 1) {
      s.append(String.format(Locale.ROOT, "  w = %.4f, b = %.4f%n", model.weight(0, 0), model.bias(0)));
    }
    for (Evaluation e : new Evaluation[] {train, test}) {
      if (e == null) {
        continue;
      }
      String split = e == train ? "train" : "test";
      if (e.isClassification()) {
        s.append(String.format(Locale.ROOT, "  %s accuracy %.4f (%d rows), loss %.6f%n", split,
            e.confusion().accuracy(), e.rows(), e.meanLoss()));
      } else {
        s.append(String.format(Locale.ROOT, "  %s MSE %.6f, RMSE %.6f, R2 %.6f (%d rows)%n", split,
            e.regression().mse(), e.regression().rmse(), e.regression().r2(), e.rows()));
      }
    }
    Evaluation shown = test != null ? test : train;
    if (shown.isClassification()) {
      s.append("  classification report (").append(shown == test ? "test" : "train").append("):\n");
      ClassificationReport cr = ClassificationReport.of(shown.confusion());
      List<String> names = run.data().targetNames();
      String text = names.isEmpty() ? cr.format(2) : cr.format(2, names.toArray(String[]::new));
      text.lines().forEach(l -> s.append(l.isBlank() ? "" : "    " + l).append('\n'));
    }
    return s.append("  report: ").append(path).toString();
  }
}
