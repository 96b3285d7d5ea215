package io.gradiente.benchmarks;

import io.gradiente.core.data.InstanceBlock;
import io.gradiente.core.loss.Loss;
import io.gradiente.core.optim.BatchPlan;
import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.rdd.RDD;
import scala.reflect.ClassTag$;
import scala.runtime.AbstractFunction2;

/**
 * Ways of running one step's job over the cached blocks, timed side by side: how the parameters travel (task
 * closure or broadcast) and how the partition results come back ({@code mapPartitionsWithIndex().collect()} or
 * {@code SparkContext.runJob} on the cached RDD itself). Each returns the summed gradient of step {@code step} of
 * epoch 0.
 */
final class StepVariants {
  /** Epoch 0's order per partition, drawn once (all variants run steps of epoch 0 of the same plan). */
  private static final Map<Integer, int[]> ORDERS = new ConcurrentHashMap<>();

  private StepVariants() {}

  /** The job without kernel work: ship the parameters, return a gradient-sized array per partition. */
  static double shipOnly(JavaRDD<InstanceBlock> blocks, double[] params) {
    double[] p = params.clone();
    List<double[]> parts = blocks.mapPartitions(it -> List.of(new double[p.length]).iterator()).collect();
    return parts.get(0)[0];
  }

  /** Parameters in the closure, results by {@code mapPartitionsWithIndex(...).collect()} (the first version). */
  static GradientSum closureCollect(JavaRDD<InstanceBlock> blocks, Loss loss, BatchPlan plan, int step,
      double[] params) {
    double[] p = params.clone();
    List<GradientSum> parts = blocks.mapPartitionsWithIndex((partition, it) -> {
      GradientSum sum = new GradientSum(p.length);
      while (it.hasNext()) {
        addShare(it.next(), loss, plan, partition, step, p, sum);
      }
      return List.of(sum).iterator();
    }, true).collect();
    return total(parts, p.length);
  }

  /** Parameters in a broadcast made and destroyed every step, results by collect. */
  static GradientSum broadcastCollect(JavaSparkContext sc, JavaRDD<InstanceBlock> blocks, Loss loss,
      BatchPlan plan, int step, double[] params) {
    Broadcast<double[]> b = sc.broadcast(params.clone());
    try {
      int n = params.length;
      List<GradientSum> parts = blocks.mapPartitionsWithIndex((partition, it) -> {
        GradientSum sum = new GradientSum(n);
        double[] p = b.value();
        while (it.hasNext()) {
          addShare(it.next(), loss, plan, partition, step, p, sum);
        }
        return List.of(sum).iterator();
      }, true).collect();
      return total(parts, n);
    } finally {
      b.destroy(false);
    }
  }

  /** Parameters in the closure, results by {@code runJob} on the cached RDD (no extra RDD per step). */
  static GradientSum closureRunJob(JavaRDD<InstanceBlock> blocks, Loss loss, BatchPlan plan, int step,
      double[] params) {
    RDD<InstanceBlock> rdd = blocks.rdd();
    Object result = rdd.sparkContext().runJob(rdd, new Task(loss, plan, step, params.clone()),
        ClassTag$.MODULE$.apply(GradientSum.class));
    return total(List.of((GradientSum[]) result), params.length);
  }

  private static void addShare(InstanceBlock block, Loss loss, BatchPlan plan, int partition, int step,
      double[] p, GradientSum sum) {
    int[] order = ORDERS.computeIfAbsent(partition, q -> plan.order(0, q, block.rows(), null));
    int from = plan.from(step, block.rows());
    int to = plan.to(step, block.rows());
    sum.addLoss(loss.addGradient(block, order, from, to, p, sum.gradient()), to - from);
  }

  private static GradientSum total(List<GradientSum> parts, int n) {
    GradientSum total = new GradientSum(n);
    for (GradientSum part : parts) {
      total.add(part);
    }
    return total;
  }

  /** The per-partition function of {@link #closureRunJob}. */
  private static final class Task
      extends AbstractFunction2<TaskContext, scala.collection.Iterator<InstanceBlock>, GradientSum>
      implements Serializable {
    private static final long serialVersionUID = 1L;
    private final Loss loss;
    private final BatchPlan plan;
    private final int step;
    private final double[] params;

    Task(Loss loss, BatchPlan plan, int step, double[] params) {
      this.loss = loss;
      this.plan = plan;
      this.step = step;
      this.params = params;
    }

    @Override
    public GradientSum apply(TaskContext context, scala.collection.Iterator<InstanceBlock> it) {
      GradientSum sum = new GradientSum(params.length);
      while (it.hasNext()) {
        addShare(it.next(), loss, plan, context.partitionId(), step, params, sum);
      }
      return sum;
    }
  }
}
