package io.gradiente.core.linalg;

import dev.ludovic.netlib.blas.BLAS;
import dev.ludovic.netlib.blas.JavaBLAS;
import dev.ludovic.netlib.blas.NativeBLAS;

/**
 * The one door to BLAS. Matrices are row-major {@code double[]} (or {@code float[]} for {@link #sgemm}) with explicit shapes and offsets; this class
 * translates to the column-major calls of {@code dev.ludovic.netlib} (a row-major {@code C = A B} is the
 * column-major {@code C^T = B^T A^T}). Native OpenBLAS is used when the JVM can load it, else the Java
 * implementation (the Vector API one when {@code jdk.incubator.vector} is available).
 */
public final class Blas {
  /** Why native BLAS is not loaded, or null when it is. */
  private static String nativeMissing;
  private static final BLAS BLAS_IMPL = load();

  private Blas() {}

  private static BLAS load() {
    if (Boolean.getBoolean("gradiente.blas.java")) {
      nativeMissing = "-Dgradiente.blas.java=true asks for Java";
      return JavaBLAS.getInstance();
    }
    try {
      // NativeBLAS drops the reason its JNI class did not load; loading that class first keeps it.
      Class.forName("dev.ludovic.netlib.blas.JNIBLAS");
      return NativeBLAS.getInstance();
    } catch (Throwable unavailable) {
      StringBuilder why = new StringBuilder(System.getProperty("os.name") + "/" + System.getProperty("os.arch"));
      for (Throwable t = unavailable; t != null; t = t.getCause() == t ? null : t.getCause()) {
        if (!(t instanceof ExceptionInInitializerError)) {
          why.append(": ").append(t.getMessage() != null ? t.getMessage() : t.getClass().getName());
        }
      }
      nativeMissing = why.toString();
      return JavaBLAS.getInstance();
    }
  }

  /**
   * Which implementation is loaded: {@code native} (a system BLAS through JNI, OpenBLAS when installed),
   * {@code vector} (Java, Vector API) or {@code java} (plain Java); followed by the implementing class and, when it
   * is not native, why native BLAS did not load (for example {@code vector (dev.ludovic.netlib.blas.VectorBLAS);
   * native BLAS not loaded: Linux/amd64: ...libnetlibblasjni.so: libblas.so.3: cannot open shared object file}).
   */
  public static String implementation() {
    String cls = BLAS_IMPL.getClass().getSimpleName();
    String kind = cls.startsWith("JNI") ? "native" : cls.startsWith("Vector") ? "vector" : "java";
    return kind + " (" + BLAS_IMPL.getClass().getName() + ")"
        + (nativeMissing == null ? "" : "; native BLAS not loaded: " + nativeMissing);
  }

  /** True when a native BLAS is loaded. */
  public static boolean isNative() {
    return implementation().startsWith("native");
  }

  /**
   * Row-major {@code C (m x n) = alpha * op(A) * op(B) + beta * C}, where {@code op(A)} is {@code m x k} and
   * {@code op(B)} is {@code k x n}. With {@code transA}, A is stored {@code k x m}; with {@code transB}, B is stored
   * {@code n x k}. Each matrix starts at its offset and is packed (leading dimension = its stored row length).
   */
  public static void gemm(
      boolean transA, boolean transB, int m, int n, int k, double alpha,
      double[] a, int aOffset, double[] b, int bOffset, double beta, double[] c, int cOffset) {
    if (m == 0 || n == 0) {
      return;
    }
    int lda = transA ? m : k;
    int ldb = transB ? k : n;
    // Column-major C^T (n x m) = op(B)^T (n x k) * op(A)^T (k x m).
    BLAS_IMPL.dgemm(transB ? "T" : "N", transA ? "T" : "N", n, m, k, alpha,
        b, bOffset, ldb, a, aOffset, lda, beta, c, cOffset, n);
  }

  /** As {@link #gemm} in single precision ({@code sgemm}). */
  public static void sgemm(
      boolean transA, boolean transB, int m, int n, int k, float alpha,
      float[] a, int aOffset, float[] b, int bOffset, float beta, float[] c, int cOffset) {
    if (m == 0 || n == 0) {
      return;
    }
    int lda = transA ? m : k;
    int ldb = transB ? k : n;
    BLAS_IMPL.sgemm(transB ? "T" : "N", transA ? "T" : "N", n, m, k, alpha,
        b, bOffset, ldb, a, aOffset, lda, beta, c, cOffset, n);
  }
}
