package io.gradiente.core.linalg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The loaded BLAS says which it is and, when it is not native, why native BLAS did not load. */
class BlasTest {
  private static final String BECAUSE = "; native BLAS not loaded: ";

  /** Prints {@link Blas#implementation()}: the child JVM of {@link #aNativeLibraryThatCannotLoadIsExplained}. */
  public static void main(String[] args) {
    System.out.println(Blas.implementation());
  }

  @Test
  void saysWhyNativeBlasDidNotLoad() {
    String loaded = Blas.implementation();
    assertEquals(!Blas.isNative(), loaded.contains(BECAUSE), loaded);
  }

  /** A JVM whose architecture has no bundled JNI library (os.arch set to one that does not exist). */
  @Test
  void aNativeLibraryThatCannotLoadIsExplained() throws IOException, InterruptedException {
    Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Dos.arch=none", "-cp", System.getProperty("java.class.path"), BlasTest.class.getName())
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    assertEquals(0, p.waitFor(), out);
    assertTrue(out.startsWith("java (dev.ludovic.netlib.blas.") && out.contains(BECAUSE), out);
    assertTrue(out.endsWith(BECAUSE + "Linux/none: java.lang.NullPointerException"), out);
  }
}
