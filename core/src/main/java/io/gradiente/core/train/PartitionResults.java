package io.gradiente.core.train;

import io.gradiente.core.spark.ScalaIterators;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.Partitioner;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.rdd.RDD;
import scala.Tuple2;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;
import scala.runtime.AbstractFunction2;

/**
 * One Spark job straight over a cached RDD: {@code SparkContext.runJob} with a function of (partition, rows), the
 * results coming back to the driver in partition order. Unlike {@code mapPartitionsWithIndex(...).collect()} no new
 * RDD is built per job; measured on local[2] with Fashion-MNIST's step, about 1.5x cheaper per job
 * (docs/BENCHMARKS.md), which matters when there is one job per step. {@link #reduce} also combines the results in
 * partition order, straight on the driver or through a deterministic tree ({@code --aggregation-depth}).
 */
public final class PartitionResults {
  private PartitionResults() {}

  /** What a partition computes from its index and its elements. */
  @FunctionalInterface
  public interface PartitionFunction<T, U> extends Serializable {
    /** The result of partition {@code partition}. */
    U apply(int partition, Iterator<T> elements) throws Exception;
  }

  /** Adds {@code right} into {@code left} and returns {@code left}; partition results are combined left to right. */
  @FunctionalInterface
  public interface Combiner<U> extends Serializable {
    /** {@code left} followed by {@code right}. */
    U combine(U left, U right);
  }

  /**
   * Runs {@code fn} on every partition of {@code rdd} and combines the results in partition order. With
   * {@code depth} 1 every result goes straight to the driver ({@link #collect}). With a larger depth, as in Spark's
   * {@code treeAggregate}, up to {@code depth - 1} shuffle rounds first combine contiguous groups of about
   * {@code P^(1/depth)} partitions on the executors, each group in partition order, so the driver receives fewer
   * and the sum stays a pure function of the partition count and the depth (a different depth associates the
   * additions differently, so its last bits may differ).
   */
  public static <T, U> U reduce(JavaRDD<T> rdd, Class<U> type, PartitionFunction<T, U> fn, Combiner<U> combine,
      int depth) {
    if (depth < 1) {
      throw new IllegalArgumentException("aggregation depth must be at least 1, got " + depth);
    }
    int parts = rdd.getNumPartitions();
    int scale = scale(parts, depth);
    List<U> results;
    if (depth == 1 || parts <= scale) {
      results = collect(rdd, type, fn);
    } else {
      JavaPairRDD<Integer, U> level = rdd.mapPartitionsWithIndex(
          (p, it) -> List.of(new Tuple2<>(p, fn.apply(p, it))).iterator(), true).mapToPair(t -> t);
      for (int round = 1; round < depth && parts > scale; round++) {
        int groups = (parts + scale - 1) / scale;
        int size = scale;
        level = level.partitionBy(new Groups(groups, size)).mapPartitionsWithIndex((g, it) -> {
          List<Tuple2<Integer, U>> members = new ArrayList<>();
          it.forEachRemaining(members::add);
          members.sort(Comparator.comparing(Tuple2::_1));
          U total = members.get(0)._2();
          for (int i = 1; i < members.size(); i++) {
            total = combine.combine(total, members.get(i)._2());
          }
          return List.of(new Tuple2<>(g, total)).iterator();
        }, true).mapToPair(t -> t);
        parts = groups;
      }
      List<Tuple2<Integer, U>> groups = new ArrayList<>(level.collect());
      groups.sort(Comparator.comparing(Tuple2::_1));
      results = groups.stream().map(Tuple2::_2).toList();
    }
    U total = results.get(0);
    for (int i = 1; i < results.size(); i++) {
      total = combine.combine(total, results.get(i));
    }
    return total;
  }

  /**
   * Combines results given in partition order exactly as {@link #reduce} of the same depth does (the same groups,
   * each added in order, then the groups in order), so a driver that receives every partition's result itself gets
   * the same bits as the tree.
   */
  public static <U> U combineInOrder(List<U> results, int depth, Combiner<U> combine) {
    int parts = results.size();
    int scale = scale(parts, depth);
    List<U> level = results;
    for (int round = 1; round < depth && parts > scale; round++) {
      int groups = (parts + scale - 1) / scale;
      List<U> next = new ArrayList<>(groups);
      for (int g = 0; g < groups; g++) {
        U total = level.get(g * scale);
        for (int i = g * scale + 1; i < Math.min(parts, (g + 1) * scale); i++) {
          total = combine.combine(total, level.get(i));
        }
        next.add(total);
      }
      level = next;
      parts = groups;
    }
    U total = level.get(0);
    for (int i = 1; i < level.size(); i++) {
      total = combine.combine(total, level.get(i));
    }
    return total;
  }

  private static int scale(int parts, int depth) {
    return Math.max((int) Math.ceil(Math.pow(parts, 1.0 / depth)), 2);
  }

  /** Partition {@code p}'s result goes to group {@code p / size}: contiguous ranges, in order. */
  private static final class Groups extends Partitioner {
    private static final long serialVersionUID = 1L;
    private final int groups;
    private final int size;

    Groups(int groups, int size) {
      this.groups = groups;
      this.size = size;
    }

    @Override
    public int numPartitions() {
      return groups;
    }

    @Override
    public int getPartition(Object key) {
      return (Integer) key / size;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Groups g && g.groups == groups && g.size == size;
    }

    @Override
    public int hashCode() {
      return 31 * groups + size;
    }
  }

  /** Runs {@code fn} on every partition of {@code rdd} in one job; the results in partition order. */
  public static <T, U> List<U> collect(JavaRDD<T> rdd, Class<U> type, PartitionFunction<T, U> fn) {
    RDD<T> r = rdd.rdd();
    ClassTag<U> tag = ClassTag$.MODULE$.apply(type);
    @SuppressWarnings("unchecked")
    U[] results = (U[]) r.sparkContext().runJob(r, new Task<>(fn), tag);
    return Arrays.asList(results);
  }

  /** Adapts the Java function to the Scala one {@code runJob} takes. */
  private static final class Task<T, U> extends AbstractFunction2<TaskContext, scala.collection.Iterator<T>, U>
      implements Serializable {
    private static final long serialVersionUID = 1L;
    private final PartitionFunction<T, U> fn;

    Task(PartitionFunction<T, U> fn) {
      this.fn = fn;
    }

    @Override
    public U apply(TaskContext context, scala.collection.Iterator<T> elements) {
      try {
        return fn.apply(context.partitionId(), ScalaIterators.asJava(elements));
      } catch (RuntimeException e) {
        throw e;
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
  }
}
