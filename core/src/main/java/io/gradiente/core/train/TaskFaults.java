package io.gradiente.core.train;

import java.io.Serializable;
import org.apache.spark.SparkContext;
import org.apache.spark.TaskContext;

/**
 * Test-only faults in the partition kernel of {@link SgdKernel}, off unless a Spark setting (or a
 * thread-local property of the same name, {@link SparkContext#setLocalProperty}) asks for one:
 * <ul>
 *   <li>{@value #FAIL}{@code =step:S,partition:P} fails the first attempt of partition {@code P}'s task at the round
 *       starting at global step {@code S} (steps counted from 0 over the whole run), so Spark re-runs the task (one
 *       job per round) or the driver restarts the resident stage;</li>
 *   <li>{@value #STALL}{@code =step:S,partition:P} makes that first attempt print a line to stderr and sleep, so a
 *       test can kill the driver in the middle of an epoch.</li>
 * </ul>
 */
final class TaskFaults implements Serializable {
  private static final long serialVersionUID = 1L;
  /** Fails the first attempt of one task. */
  static final String FAIL = "spark.gradiente.test.failTask";
  /** Stalls the first attempt of one task. */
  static final String STALL = "spark.gradiente.test.stallTask";
  /** No faults. */
  static final TaskFaults NONE = new TaskFaults(-1, -1, -1, -1);

  private final long failStep;
  private final int failPartition;
  private final long stallStep;
  private final int stallPartition;

  private TaskFaults(long failStep, int failPartition, long stallStep, int stallPartition) {
    this.failStep = failStep;
    this.failPartition = failPartition;
    this.stallStep = stallStep;
    this.stallPartition = stallPartition;
  }

  /** The faults asked for in the context's settings or the calling thread's properties (usually none). */
  static TaskFaults of(SparkContext sc) {
    String fail = first(sc.getLocalProperty(FAIL), sc.getConf().get(FAIL, null));
    String stall = first(sc.getLocalProperty(STALL), sc.getConf().get(STALL, null));
    if (fail == null && stall == null) {
      return NONE;
    }
    long[] f = parse(FAIL, fail);
    long[] s = parse(STALL, stall);
    return new TaskFaults(f[0], (int) f[1], s[0], (int) s[1]);
  }

  private static String first(String a, String b) {
    return a != null ? a : b;
  }

  private static long[] parse(String key, String spec) {
    if (spec == null || spec.isBlank()) {
      return new long[] {-1, -1};
    }
    long step = -1;
    long partition = -1;
    for (String part : spec.split(",")) {
      String[] kv = part.trim().split(":");
      if (kv.length == 2 && kv[0].equals("step")) {
        step = Long.parseLong(kv[1].trim());
      } else if (kv.length == 2 && kv[0].equals("partition")) {
        partition = Long.parseLong(kv[1].trim());
      } else {
        throw new IllegalArgumentException(key + " must look like step:7,partition:1, got '" + spec + "'");
      }
    }
    if (step < 0 || partition < 0) {
      throw new IllegalArgumentException(key + " must look like step:7,partition:1, got '" + spec + "'");
    }
    return new long[] {step, partition};
  }

  /**
   * Applies the faults to the task of {@code partition} at global step {@code step}, on its first attempt: the
   * task's first attempt in the first stage that serves the round ({@code stageAttempt} 0).
   */
  void apply(long step, int partition, int stageAttempt) {
    if (this == NONE || (step != failStep && step != stallStep) || stageAttempt != 0) {
      return;
    }
    TaskContext tc = TaskContext.get();
    if (tc == null || tc.attemptNumber() != 0) {
      return;
    }
    if (step == stallStep && partition == stallPartition) {
      System.err.println("gradiente test: stalling the task of step " + step + ", partition " + partition);
      System.err.flush();
      try {
        Thread.sleep(600_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (step == failStep && partition == failPartition) {
      throw new IllegalStateException("injected failure (" + FAIL + ") at step " + step + ", partition " + partition);
    }
  }
}
