package io.gradiente.core.linalg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Which variables describe BLAS kernels and which reach executors, that the product checksum tells OpenBLAS's
 * kernels apart, and how a survey of the executors reads when they agree with the driver and when they do not.
 */
class BlasKernelTest {
  private static final BlasKernel HASWELL = new BlasKernel("native (dev.ludovic.netlib.blas.JNIBLAS)",
      "/usr/lib/x86_64-linux-gnu/openblas-pthread/libopenblasp-r0.3.21.so", "OPENBLAS_CORETYPE=Haswell", "bd10f006");
  private static final BlasKernel PRESCOTT = new BlasKernel("native (dev.ludovic.netlib.blas.JNIBLAS)",
      "/usr/lib/x86_64-linux-gnu/openblas-pthread/libopenblasp-r0.3.21.so", "OPENBLAS_CORETYPE=Prescott",
      "fbc0c964");

  /** Prints this JVM's kernel: the child JVM of {@link #theProductsTellOpenBlasCoreTypesApart}. */
  public static void main(String[] args) {
    System.out.println(BlasKernel.local().describe());
  }

  @Test
  void blasVariablesAreTheLibrariesOwnAndExecutorsGetAllButThreadCounts() {
    Map<String, String> env = Map.of("OPENBLAS_CORETYPE", "Haswell", "OPENBLAS_L2_SIZE", "512",
        "OPENBLAS_NUM_THREADS", "1", "GOTO_NUM_THREADS", "4", "MKL_CBWR", "AVX2", "MKL_DYNAMIC", "FALSE",
        "BLIS_ARCH_TYPE", "zen3", "OMP_NUM_THREADS", "2", "PATH", "/usr/bin", "JAVA_HOME", "/opt/jdk");
    assertEquals(List.of("BLIS_ARCH_TYPE", "GOTO_NUM_THREADS", "MKL_CBWR", "MKL_DYNAMIC", "OPENBLAS_CORETYPE",
        "OPENBLAS_L2_SIZE", "OPENBLAS_NUM_THREADS"), List.copyOf(BlasKernel.variables(env).keySet()));
    assertEquals(List.of("BLIS_ARCH_TYPE", "MKL_CBWR", "OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE"),
        List.copyOf(BlasKernel.carried(env).keySet()));
    assertEquals("Haswell", BlasKernel.carried(env).get("OPENBLAS_CORETYPE"));
  }

  @Test
  void describesImplementationLibraryVariablesAndProducts() {
    assertEquals("native (dev.ludovic.netlib.blas.JNIBLAS), libopenblasp-r0.3.21.so, OPENBLAS_CORETYPE=Haswell, "
        + "products bd10f006", HASWELL.describe());
    assertEquals("java (dev.ludovic.netlib.blas.Java11BLAS), no BLAS variables (kernels chosen from the CPU), "
        + "products 29be9011", new BlasKernel("java (dev.ludovic.netlib.blas.Java11BLAS)", null, "", "29be9011")
        .describe());
    BlasKernel here = BlasKernel.local();
    assertTrue(here.describe().startsWith(Blas.implementation().split(";")[0]), here.describe());
    assertTrue(here.checksum().matches("[0-9a-f]{8}"), here.checksum());
    assertEquals(Blas.isNative(), here.library() != null, String.valueOf(here.library()));
  }

  /**
   * OpenBLAS's Haswell and Prescott (SSE3) kernels round the same products differently, and one kernel always the
   * same way: the checksum is what tells a driver and an executor apart.
   */
  @Test
  void theProductsTellOpenBlasCoreTypesApart() throws IOException, InterruptedException {
    assumeTrue(Blas.isNative() && BlasKernel.local().library() != null
        && BlasKernel.local().library().contains("openblas"), "needs native OpenBLAS: " + Blas.implementation());
    String haswell = kernelIn("Haswell");
    String prescott = kernelIn("Prescott");
    assertTrue(haswell.contains("OPENBLAS_CORETYPE=Haswell"), haswell);
    assertEquals(haswell, kernelIn("Haswell"));
    assertNotEquals(products(haswell), products(prescott), haswell + " / " + prescott);
  }

  @Test
  void executorsOnTheDriversKernelNeedNoWarning() {
    BlasSurvey survey = new BlasSurvey(HASWELL, Map.of("2", HASWELL, "1", HASWELL));
    assertEquals("same as the driver (executors 1, 2)", survey.executorsText());
    assertNull(survey.warning());
    assertEquals("same as the driver (executor driver)",
        new BlasSurvey(HASWELL, Map.of("driver", HASWELL)).executorsText());
  }

  @Test
  void anExecutorOnAnotherKernelIsNamedInTheWarning() {
    BlasSurvey survey = new BlasSurvey(HASWELL, Map.of("1", HASWELL, "2", PRESCOTT, "3", PRESCOTT));
    assertEquals("executor 1: " + HASWELL.describe() + "; executors 2, 3: " + PRESCOTT.describe(),
        survey.executorsText());
    assertEquals("warning: BLAS differs between the driver and the executors, so the weights can differ in the "
        + "last bits from a run elsewhere: driver " + HASWELL.describe() + "; executors 2, 3 " + PRESCOTT.describe()
        + " (README, \"Determinism\")", survey.warning());
    assertTrue(new BlasSurvey(HASWELL, Map.of("1", PRESCOTT)).warning().contains("; executor 1 native"));
  }

  private static String kernelIn(String coreType) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), BlasKernelTest.class.getName())
        .redirectError(ProcessBuilder.Redirect.DISCARD);
    pb.environment().put("OPENBLAS_CORETYPE", coreType);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    assertEquals(0, p.waitFor(), out);
    return out;
  }

  private static String products(String described) {
    return described.substring(described.lastIndexOf(' ') + 1);
  }
}
