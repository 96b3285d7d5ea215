package io.gradiente.core.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.gradiente.core.ReferenceJson;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every case of {@code reference/classification_report.json} (scikit-learn 1.2, {@code confusion_matrix} and
 * {@code classification_report(output_dict=True, zero_division=0)}): the matrix exactly, the report to 1e-12.
 */
class ClassificationReportReferenceTest {
  private static final double TOL = 1e-12;
  private static final JsonNode CASES = ReferenceJson.load("classification_report.json").at("/cases");

  static Stream<Integer> caseIndices() {
    return IntStream.range(0, CASES.size()).boxed();
  }

  private static int[] ints(JsonNode array) {
    return Arrays.stream(ReferenceJson.doubles(array)).mapToInt(v -> (int) v).toArray();
  }

  private static long[] longs(JsonNode array) {
    return Arrays.stream(ReferenceJson.doubles(array)).mapToLong(v -> (long) v).toArray();
  }

  private static ConfusionMatrix fromLabels(JsonNode c) {
    return ConfusionMatrix.of(ReferenceJson.doubles(c.get("y_true")), ReferenceJson.doubles(c.get("y_pred")));
  }

  @ParameterizedTest(name = "case {0}")
  @MethodSource("caseIndices")
  void confusionMatrixEqualsSklearn(int index) {
    JsonNode c = CASES.get(index);
    ConfusionMatrix cm = fromLabels(c);
    assertArrayEquals(ints(c.get("labels")), cm.labels(), "labels of case " + index);
    JsonNode expected = c.get("confusion");
    assertEquals(expected.size(), cm.size(), "classes of case " + index);
    for (int a = 0; a < expected.size(); a++) {
      assertArrayEquals(longs(expected.get(a)), cm.counts()[a], "case " + index + ", actual row " + a);
    }
    assertEquals(c.get("y_true").size(), cm.total(), "total of case " + index);
  }

  @ParameterizedTest(name = "case {0}")
  @MethodSource("caseIndices")
  void fromCountsEqualsOf(int index) {
    JsonNode c = CASES.get(index);
    ConfusionMatrix cm = fromLabels(c);
    int[] labels = cm.labels();
    // The trainer's counts run over class indices 0..K-1 and may include classes that never occur: pad with two.
    int k = labels[labels.length - 1] + 3;
    long[][] byClass = new long[k][k];
    for (int a = 0; a < labels.length; a++) {
      for (int p = 0; p < labels.length; p++) {
        byClass[labels[a]][labels[p]] = cm.count(a, p);
      }
    }
    assertEquals(cm, ConfusionMatrix.fromCounts(byClass), "case " + index);
    assertEquals(ClassificationReport.of(cm).lines(),
        ClassificationReport.of(ConfusionMatrix.fromCounts(byClass)).lines(), "case " + index);
  }

  @ParameterizedTest(name = "case {0}")
  @MethodSource("caseIndices")
  void reportEqualsSklearn(int index) {
    JsonNode c = CASES.get(index);
    JsonNode expected = c.get("report");
    ClassificationReport report = ClassificationReport.of(fromLabels(c));
    List<String> names = new ArrayList<>();
    expected.fieldNames().forEachRemaining(names::add);
    names.remove("accuracy");
    List<ClassificationReport.Line> lines = report.lines();
    assertEquals(names, lines.stream().map(ClassificationReport.Line::label).toList(), "lines of case " + index);
    for (ClassificationReport.Line line : lines) {
      JsonNode want = expected.get(line.label());
      String where = "case " + index + ", line '" + line.label() + "', ";
      assertEquals(want.get("precision").asDouble(), line.precision(), TOL, where + "precision");
      assertEquals(want.get("recall").asDouble(), line.recall(), TOL, where + "recall");
      assertEquals(want.get("f1-score").asDouble(), line.f1(), TOL, where + "f1-score");
      assertEquals(want.get("support").asLong(), line.support(), where + "support");
    }
    assertEquals(expected.get("accuracy").asDouble(), report.accuracy(), TOL, "accuracy of case " + index);
    assertEquals(lines.get(lines.size() - 2), report.macroAvg());
    assertEquals(lines.get(lines.size() - 1), report.weightedAvg());
  }

  @Test
  void referenceCoversNeverPredictedAndAbsentFromTruth() {
    boolean neverPredicted = false;
    boolean absentFromTruth = false;
    for (JsonNode c : CASES) {
      ConfusionMatrix cm = fromLabels(c);
      for (int i = 0; i < cm.size(); i++) {
        neverPredicted |= cm.predictedCount(i) == 0 && cm.support(i) > 0;
        absentFromTruth |= cm.support(i) == 0 && cm.predictedCount(i) > 0;
      }
    }
    assertTrue(neverPredicted, "a reference case has a class that is never predicted");
    assertTrue(absentFromTruth, "a reference case has a class absent from the truth");
  }
}
