package io.gradiente.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/** The reference reader: values by JSON pointer, errors that name the file and the pointer, copies kept current. */
class ReferenceJsonTest {
  @Test
  void readsNumbersAndArraysByPointer() {
    ReferenceJson linear = ReferenceJson.load("linear.json");
    double[] x = linear.doubles("/x");
    assertEquals(100, x.length);
    assertEquals(-1.0, x[0], 0.0, "x = linspace(-1, 1, 100)");
    assertEquals(1.0, x[99], 0.0);
    assertEquals(x[1], linear.number("/x/1"), 0.0);
    assertEquals(1e-6, linear.number("/finite_difference/delta"), 0.0);
  }

  @Test
  void aMissingFileOrValueIsNamed() {
    IllegalStateException file = assertThrows(IllegalStateException.class, () -> ReferenceJson.load("none.json"));
    assertEquals("missing test resource /reference/none.json (a copy of ../shared/reference/none.json belongs in "
        + "the module's src/test/resources/reference/)", file.getMessage());
    ReferenceJson linear = ReferenceJson.load("linear.json");
    assertEquals("/reference/linear.json has no /analytic/v",
        assertThrows(IllegalStateException.class, () -> linear.number("/analytic/v")).getMessage());
    String object = assertThrows(IllegalStateException.class, () -> linear.number("/analytic")).getMessage();
    assertTrue(object.startsWith("/reference/linear.json: /analytic is not a number but {\""), object);
  }

  @Test
  void aMissingSharedFolderSkipsTheComparisonAndSaysSo(@TempDir Path dir) throws Exception {
    Path missing = dir.resolve("shared/reference");
    TestAbortedException skipped = assertThrows(TestAbortedException.class,
        () -> ReferenceJson.assertSameAs(missing, "linear.json"));
    assertEquals("Assumption failed: skipped: " + missing + " (../shared/reference/ beside the repository) is "
        + "missing, so the copy /reference/linear.json is not compared with it", skipped.getMessage());
    Files.createDirectories(missing);
    Files.writeString(missing.resolve("linear.json"), "{}");
    AssertionFailedError differs = assertThrows(AssertionFailedError.class,
        () -> ReferenceJson.assertSameAs(missing, "linear.json"));
    assertTrue(differs.getMessage().startsWith("/reference/linear.json differs from " + missing.resolve("linear.json")),
        differs.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"linear.json", "classification_report.json"})
  void theCopiesAreTheSharedFiles(String name) {
    ReferenceJson.assertSameAsShared(name);
  }
}
