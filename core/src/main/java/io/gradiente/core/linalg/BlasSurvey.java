package io.gradiente.core.linalg;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.apache.spark.SparkContext;
import org.apache.spark.SparkEnv;
import org.apache.spark.api.java.JavaRDD;
import scala.Tuple2;

/**
 * The BLAS kernel of the driver and of every executor that holds a partition of the training data (where the
 * block kernels run), and whether they agree. Weights are bit-identical to a local run only where every executor
 * runs the driver's kernel (README, "Determinism").
 *
 * @param driver this JVM's kernel
 * @param executors each executor's kernel by executor id ({@code driver} in local mode)
 */
public record BlasSurvey(BlasKernel driver, Map<String, BlasKernel> executors) {
  public BlasSurvey {
    executors = Collections.unmodifiableMap(new TreeMap<>(executors));
  }

  /**
   * Asks every partition of {@code rdd} (one small Spark job; none in local mode, where the driver is the only
   * executor) which kernel its executor runs, and reports a disagreement to {@code warn} in one line.
   */
  public static BlasSurvey of(SparkContext sc, JavaRDD<?> rdd, Consumer<String> warn) {
    BlasKernel driver = BlasKernel.local();
    Map<String, BlasKernel> executors = new TreeMap<>();
    if (sc.isLocal()) {
      executors.put("driver", driver);
    } else {
      sc.setJobDescription("which BLAS kernel every executor runs");
      try {
        for (Tuple2<String, BlasKernel> t : rdd.mapPartitions(rows -> List.of(
            new Tuple2<>(SparkEnv.get().executorId(), BlasKernel.local())).iterator()).collect()) {
          executors.put(t._1(), t._2());
        }
      } finally {
        sc.setJobDescription(null);
      }
    }
    BlasSurvey survey = new BlasSurvey(driver, executors);
    if (survey.warning() != null) {
      warn.accept(survey.warning());
    }
    return survey;
  }

  /**
   * The executors' kernels: {@code same as the driver (executors 1, 2)} when they agree, else each distinct
   * kernel with its executors, e.g. {@code executors 1, 3: <kernel>; executor 2: <kernel>}.
   */
  public String executorsText() {
    Map<BlasKernel, List<String>> byKernel = byKernel();
    if (byKernel.size() == 1 && byKernel.containsKey(driver)) {
      return "same as the driver (" + executorList(byKernel.get(driver)) + ")";
    }
    return byKernel.entrySet().stream().map(e -> executorList(e.getValue()) + ": " + e.getKey().describe())
        .collect(Collectors.joining("; "));
  }

  /**
   * One line when an executor's kernel differs from the driver's, naming both (weights can then differ from a
   * local run with the driver's settings in the last bits); null when they all agree.
   */
  public String warning() {
    List<String> differing = new ArrayList<>();
    byKernel().forEach((kernel, ids) -> {
      if (!kernel.equals(driver)) {
        differing.add(executorList(ids) + " " + kernel.describe());
      }
    });
    if (differing.isEmpty()) {
      return null;
    }
    return "warning: BLAS differs between the driver and the executors, so the weights can differ in the last bits "
        + "from a run elsewhere: driver " + driver.describe() + "; " + String.join("; ", differing)
        + " (README, \"Determinism\")";
  }

  private Map<BlasKernel, List<String>> byKernel() {
    Map<BlasKernel, List<String>> byKernel = new LinkedHashMap<>();
    executors.forEach((id, kernel) -> byKernel.computeIfAbsent(kernel, k -> new ArrayList<>()).add(id));
    return byKernel;
  }

  private static String executorList(List<String> ids) {
    return (ids.size() == 1 ? "executor " : "executors ") + String.join(", ", ids);
  }
}
