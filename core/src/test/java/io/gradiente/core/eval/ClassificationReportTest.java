package io.gradiente.core.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.gradiente.core.eval.ClassificationReport.Line;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClassificationReportTest {
  // scikit-learn's docstring example: y_true = [0, 1, 2, 2, 2], y_pred = [0, 0, 2, 2, 1].
  private static final ConfusionMatrix DOC_EXAMPLE =
      ConfusionMatrix.of(new double[] {0, 1, 2, 2, 2}, new double[] {0, 0, 2, 2, 1});

  // Class 1 is predicted 8 times and right once: precision 1/8 = 0.125, a tie that Python rounds half-even to 0.12.
  private static final ConfusionMatrix TIES =
      ConfusionMatrix.of(new double[] {1, 0, 0, 0, 0, 0, 0, 0, 0, 0}, new double[] {1, 1, 1, 1, 1, 1, 1, 1, 0, 0});

  @Test
  void handComputedValues() {
    ClassificationReport report = ClassificationReport.of(DOC_EXAMPLE);
    // class 0: tp 1, predicted 2, support 1; class 1: tp 0, predicted 1, support 1; class 2: tp 2, predicted 2,
    // support 3.
    List<Line> expected = List.of(
        new Line("0", 0.5, 1.0, 2.0 * 0.5 * 1.0 / 1.5, 1),
        new Line("1", 0.0, 0.0, 0.0, 1),
        new Line("2", 1.0, 2.0 / 3.0, 2.0 * (2.0 / 3.0) / (1.0 + 2.0 / 3.0), 3),
        new Line("macro avg", 0.5, (1.0 + 2.0 / 3.0) / 3.0, (2.0 / 3.0 + 0.8) / 3.0, 5),
        new Line("weighted avg", 0.7, 0.6, (2.0 / 3.0 + 3 * 0.8) / 5.0, 5));
    for (int i = 0; i < expected.size(); i++) {
      Line want = expected.get(i);
      Line got = report.lines().get(i);
      assertEquals(want.label(), got.label());
      assertEquals(want.precision(), got.precision(), 1e-15, want.label() + " precision");
      assertEquals(want.recall(), got.recall(), 1e-15, want.label() + " recall");
      assertEquals(want.f1(), got.f1(), 1e-15, want.label() + " f1");
      assertEquals(want.support(), got.support(), want.label() + " support");
    }
    assertEquals(0.6, report.accuracy(), 0.0);
    assertEquals(5, report.total());
    assertEquals(3, report.classLines().size());
  }

  @Test
  void formatTwoDigitsMatchesSklearnLayout() {
    String expected = """
                      precision    recall  f1-score   support

                   0       0.50      1.00      0.67         1
                   1       0.00      0.00      0.00         1
                   2       1.00      0.67      0.80         3

            accuracy                           0.60         5
           macro avg       0.50      0.56      0.49         5
        weighted avg       0.70      0.60      0.61         5
        """;
    assertEquals(expected, ClassificationReport.of(DOC_EXAMPLE).format(2));
    assertEquals(expected, ClassificationReport.of(DOC_EXAMPLE).toString());
  }

  @Test
  void formatWithTargetNamesWidensToTheLongestNameAndRoundsHalfEven() {
    // healthy: p 2/2, r 2/9, f1 4/11; very long name: p 1/8, r 1/1, f1 2/9; macro p 0.5625 rounds to 0.56.
    String expected = """
                        precision    recall  f1-score   support

               healthy       1.00      0.22      0.36         9
        very long name       0.12      1.00      0.22         1

              accuracy                           0.30        10
             macro avg       0.56      0.61      0.29        10
          weighted avg       0.91      0.30      0.35        10
        """;
    assertEquals(expected, ClassificationReport.of(TIES).format(2, new String[] {"healthy", "very long name"}));
  }

  @Test
  void formatThreeDigitsWithBreastCancerNames() {
    String expected = """
                      precision    recall  f1-score   support

           malignant      1.000     0.222     0.364         9
              benign      0.125     1.000     0.222         1

            accuracy                          0.300        10
           macro avg      0.562     0.611     0.293        10
        weighted avg      0.912     0.300     0.349        10
        """;
    assertEquals(expected, ClassificationReport.of(TIES).format(3, new String[] {"malignant", "benign"}));
  }

  @Test
  void targetNamesAreIndexedByClassValue() {
    // Class 0 never occurs, so the labels are [1, 2]; names still follow the class values.
    ConfusionMatrix cm = ConfusionMatrix.of(new double[] {1, 2}, new double[] {1, 2});
    String text = ClassificationReport.of(cm).format(2, new String[] {"zero", "one", "two"});
    assertEquals("         one       1.00      1.00      1.00         1", text.split("\n")[2]);
    assertEquals("         two       1.00      1.00      1.00         1", text.split("\n")[3]);
    assertThrows(IllegalArgumentException.class,
        () -> ClassificationReport.of(cm).format(2, new String[] {"zero", "one"}));
    assertThrows(IllegalArgumentException.class, () -> ClassificationReport.of(cm).format(-1));
  }

  @Test
  void emptyMatrixGivesZeroAverages() {
    ClassificationReport report = ClassificationReport.of(ConfusionMatrix.fromCounts(new long[2][2]));
    assertEquals(List.of(new Line("macro avg", 0, 0, 0, 0), new Line("weighted avg", 0, 0, 0, 0)), report.lines());
    assertEquals(0.0, report.accuracy(), 0.0);
  }
}
