package io.gradiente.core.linalg;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.CRC32;

/**
 * Which BLAS arithmetic this JVM runs, so that two JVMs can be compared: the implementation {@link Blas} loaded,
 * the native library file behind it, the environment variables that pick that library's kernels, and a checksum
 * of the bits of a fixed set of products (shaped like the block kernels' GEMMs). Two JVMs with equal values run the
 * same kernels on those shapes; a different checksum proves different rounding, so weights trained there can differ
 * in the last bits. OpenBLAS chooses its kernel once, when it loads: {@code OPENBLAS_CORETYPE} when set, else from
 * the CPU, so the environment is what names the core type (OpenBLAS's own {@code openblas_get_corename} is not
 * reachable through netlib's JNI binding).
 *
 * @param implementation {@link Blas#implementation()} without the reason native BLAS did not load
 * @param library the loaded native BLAS library's real file, or null (Java BLAS, or not Linux)
 * @param environment the BLAS variables ({@link #variables}) as {@code NAME=value} separated by spaces, or empty
 * @param checksum CRC-32 of the products' bits, 8 hex digits
 */
public record BlasKernel(String implementation, String library, String environment, String checksum)
    implements Serializable {
  /**
   * The prefixes of the environment variables by which a BLAS library that netlib can load picks its kernels or
   * blocking: OpenBLAS ({@code OPENBLAS_CORETYPE}, {@code OPENBLAS_L2_SIZE}, ...; {@code GOTO_} is its older
   * spelling), MKL ({@code MKL_CBWR}, {@code MKL_ENABLE_INSTRUCTIONS}, {@code MKL_DEBUG_CPU_TYPE}) and BLIS
   * ({@code BLIS_ARCH_TYPE}).
   */
  public static final List<String> PREFIXES = List.of("OPENBLAS_", "GOTO_", "MKL_", "BLIS_");
  private static final long serialVersionUID = 1L;

  /** This JVM's kernel (probed once, on first use). */
  public static BlasKernel local() {
    return Local.KERNEL;
  }

  /**
   * The BLAS variables of {@code env} (every name with one of {@link #PREFIXES}), sorted by name: what a kernel is
   * described by. The thread counts are among them because they change the bits too: OpenBLAS 0.3.21's GEMM gives
   * other bits with 2 threads than with 1 on the products of {@link #local()} (measured).
   */
  public static Map<String, String> variables(Map<String, String> env) {
    return env.entrySet().stream()
        .filter(e -> PREFIXES.stream().anyMatch(p -> e.getKey().startsWith(p)))
        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, TreeMap::new));
  }

  /**
   * The {@link #variables} a driver passes on to its executors: all but the thread counts ({@code *_NUM_THREADS},
   * {@code *_DYNAMIC}), which Spark settings own (one BLAS thread per task, {@code OPENBLAS_NUM_THREADS=1}).
   */
  public static Map<String, String> carried(Map<String, String> env) {
    Map<String, String> carried = variables(env);
    carried.keySet().removeIf(name -> name.endsWith("_NUM_THREADS") || name.endsWith("_DYNAMIC"));
    return carried;
  }

  /**
   * One line, e.g. {@code native (dev.ludovic.netlib.blas.JNIBLAS), libopenblasp-r0.3.21.so,
   * OPENBLAS_CORETYPE=Haswell OPENBLAS_NUM_THREADS=1, products bd10f006}.
   */
  public String describe() {
    return implementation + (library == null ? "" : ", " + Path.of(library).getFileName())
        + ", " + (environment.isEmpty() ? "no BLAS variables (kernels chosen from the CPU)" : environment)
        + ", products " + checksum;
  }

  private static BlasKernel probe() {
    String impl = Blas.implementation();
    int reason = impl.indexOf(';');
    String environment = variables(System.getenv()).entrySet().stream()
        .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" "));
    return new BlasKernel(reason < 0 ? impl : impl.substring(0, reason), Blas.isNative() ? nativeLibrary() : null,
        environment, productBits());
  }

  /**
   * The BLAS library file mapped into this process (Linux's {@code /proc/self/maps}), other than netlib's own JNI
   * glue; null when there is none or the map cannot be read.
   */
  private static String nativeLibrary() {
    try (Stream<String> maps = Files.lines(Path.of("/proc/self/maps"))) {
      return maps.map(l -> l.substring(l.lastIndexOf(' ') + 1))
          .filter(f -> f.startsWith("/") && f.contains("blas") && !f.contains("netlib"))
          .findFirst().orElse(null);
    } catch (IOException | RuntimeException unreadable) {
      return null;
    }
  }

  /**
   * The bits of the products the block kernels compute (the only BLAS calls of training and evaluation): a double
   * GEMM in both layouts (margins {@code X W} and gradient {@code X^T D}, with 785 features as for MNIST) and the
   * margins in single precision, on fixed pseudo-random inputs.
   */
  private static String productBits() {
    int s = 40;
    int f = 785;
    int k = 10;
    SplittableRandom random = new SplittableRandom(20261129L);
    double[] x = random.doubles(s * f, -1, 1).toArray();
    double[] w = random.doubles(f * k, -1, 1).toArray();
    double[] d = random.doubles(s * k, -1, 1).toArray();
    double[] margins = new double[s * k];
    double[] gradient = new double[f * k];
    Blas.gemm(false, false, s, k, f, 1.0, x, 0, w, 0, 0.0, margins, 0);
    Blas.gemm(true, false, f, k, s, 1.0, x, 0, d, 0, 0.0, gradient, 0);
    float[] xf = new float[x.length];
    float[] wf = new float[w.length];
    for (int i = 0; i < x.length; i++) {
      xf[i] = (float) x[i];
    }
    for (int i = 0; i < w.length; i++) {
      wf[i] = (float) w[i];
    }
    float[] marginsF = new float[s * k];
    Blas.sgemm(false, false, s, k, f, 1f, xf, 0, wf, 0, 0f, marginsF, 0);

    CRC32 crc = new CRC32();
    for (double[] a : new double[][] {margins, gradient}) {
      for (double v : a) {
        update(crc, Double.doubleToRawLongBits(v));
      }
    }
    for (float v : marginsF) {
      update(crc, Float.floatToRawIntBits(v));
    }
    return String.format(Locale.ROOT, "%08x", crc.getValue());
  }

  private static void update(CRC32 crc, long bits) {
    for (int i = 0; i < 8; i++) {
      crc.update((int) (bits >>> (8 * i)));
    }
  }

  /** Holds the probe, so that {@link #variables} and {@link #carried} do not run it. */
  private static final class Local {
    static final BlasKernel KERNEL = probe();
  }
}
