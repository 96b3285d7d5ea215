package io.gradiente.core.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every case of {@code reference/classification_report.json} (scikit-learn 1.2, {@code confusion_matrix} and
 * {@code classification_report(output_dict=True, zero_division=0)}): the matrix exactly, the report to 1e-12.
 *
 * <p>The file is read into plain maps and lists ({@code ObjectMapper.readValue(in, Map.class)}) rather than a
 * {@code JsonNode} tree: Spark's dependencies put jackson-core 2.14 next to jackson-databind 2.15 on the test
 * classpath, and the 2.15 tree nodes need a jackson-core 2.15 class.
 */
class ClassificationReportReferenceTest {
  private static final double TOL = 1e-12;
  private static List<Map<String, Object>> cases;

  @BeforeAll
  @SuppressWarnings("unchecked")
  static void load() throws IOException {
    try (InputStream in = ClassificationReportReferenceTest.class.getResourceAsStream(
        "/reference/classification_report.json")) {
      cases = (List<Map<String, Object>>) new ObjectMapper().readValue(in, Map.class).get("cases");
    }
  }

  static Stream<Integer> caseIndices() throws IOException {
    load();
    return IntStream.range(0, cases.size()).boxed();
  }

  @SuppressWarnings("unchecked")
  private static List<Number> numbers(Object array) {
    return (List<Number>) array;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> object(Object map) {
    return (Map<String, Object>) map;
  }

  private static double number(Map<String, Object> map, String key) {
    return ((Number) map.get(key)).doubleValue();
  }

  private static double[] doubles(Object array) {
    return numbers(array).stream().mapToDouble(Number::doubleValue).toArray();
  }

  private static int[] ints(Object array) {
    return numbers(array).stream().mapToInt(Number::intValue).toArray();
  }

  @SuppressWarnings("unchecked")
  private static long[][] matrix(Object rows) {
    return ((List<Object>) rows).stream()
        .map(row -> numbers(row).stream().mapToLong(Number::longValue).toArray())
        .toArray(long[][]::new);
  }

  private static ConfusionMatrix fromLabels(Map<String, Object> c) {
    return ConfusionMatrix.of(doubles(c.get("y_true")), doubles(c.get("y_pred")));
  }

  @ParameterizedTest(name = "case {0}")
  @MethodSource("caseIndices")
  void confusionMatrixEqualsSklearn(int index) {
    Map<String, Object> c = cases.get(index);
    ConfusionMatrix cm = fromLabels(c);
    assertArrayEquals(ints(c.get("labels")), cm.labels(), "labels of case " + index);
    long[][] expected = matrix(c.get("confusion"));
    assertEquals(expected.length, cm.size(), "classes of case " + index);
    for (int a = 0; a < expected.length; a++) {
      assertArrayEquals(expected[a], cm.counts()[a], "case " + index + ", actual row " + a);
    }
    assertEquals(numbers(c.get("y_true")).size(), cm.total(), "total of case " + index);
  }

  @ParameterizedTest(name = "case {0}")
  @MethodSource("caseIndices")
  void fromCountsEqualsOf(int index) {
    Map<String, Object> c = cases.get(index);
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
    Map<String, Object> c = cases.get(index);
    Map<String, Object> expected = object(c.get("report"));
    ClassificationReport report = ClassificationReport.of(fromLabels(c));
    List<String> names = new ArrayList<>(expected.keySet());
    names.remove("accuracy");
    List<ClassificationReport.Line> lines = report.lines();
    assertEquals(names, lines.stream().map(ClassificationReport.Line::label).toList(), "lines of case " + index);
    for (ClassificationReport.Line line : lines) {
      Map<String, Object> want = object(expected.get(line.label()));
      String where = "case " + index + ", line '" + line.label() + "', ";
      assertEquals(number(want, "precision"), line.precision(), TOL, where + "precision");
      assertEquals(number(want, "recall"), line.recall(), TOL, where + "recall");
      assertEquals(number(want, "f1-score"), line.f1(), TOL, where + "f1-score");
      assertEquals(((Number) want.get("support")).longValue(), line.support(), where + "support");
    }
    assertEquals(number(expected, "accuracy"), report.accuracy(), TOL, "accuracy of case " + index);
    assertEquals(lines.get(lines.size() - 2), report.macroAvg());
    assertEquals(lines.get(lines.size() - 1), report.weightedAvg());
  }

  @Test
  void referenceCoversNeverPredictedAndAbsentFromTruth() {
    boolean neverPredicted = false;
    boolean absentFromTruth = false;
    for (Map<String, Object> c : cases) {
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
