package io.gradiente.core.train;

import io.gradiente.core.optim.BatchPlan;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The executor-side cache of each partition's row order for the current epoch, so a partition draws its
 * permutation once per epoch instead of once per step. The order is a pure function of the plan, epoch and
 * partition, so a cache miss (a new executor, a re-run task) recomputes the same one. Orders are never modified
 * after they are cached, so concurrent tasks may share them. The cache lives as long as the executor's JVM (a
 * long-lived notebook session's too), so it is bounded: at most {@value #MAX_ENTRIES} orders and
 * {@value #MAX_BYTES} bytes of them; when a new order would pass either bound the cache starts over, and an order
 * larger than the byte bound is not cached.
 */
final class EpochOrders {
  static final int MAX_ENTRIES = 4096;
  static final long MAX_BYTES = 64L << 20;
  private static final Map<Key, Entry> CACHE = new ConcurrentHashMap<>();

  private EpochOrders() {}

  /** The order of the partition's rows for the epoch, or {@code null} when the plan does not shuffle. */
  static int[] get(BatchPlan plan, int epoch, int partition, int rows) {
    if (!plan.shuffle()) {
      return null;
    }
    Key key = new Key(plan, partition);
    Entry e = CACHE.get(key);
    if (e != null && e.epoch == epoch && e.order.length == rows) {
      return e.order;
    }
    int[] order = plan.order(epoch, partition, rows, null);
    long bytes = (long) Integer.BYTES * order.length;
    if (bytes <= MAX_BYTES) {
      synchronized (CACHE) {
        CACHE.remove(key);
        if (CACHE.size() >= MAX_ENTRIES || cachedBytes() + bytes > MAX_BYTES) {
          CACHE.clear();
        }
        CACHE.put(key, new Entry(epoch, order));
      }
    }
    return order;
  }

  /** The bytes of the orders cached now. */
  static long cachedBytes() {
    long sum = 0;
    for (Entry e : CACHE.values()) {
      sum += (long) Integer.BYTES * e.order.length;
    }
    return sum;
  }

  private record Key(BatchPlan plan, int partition) {}

  private record Entry(int epoch, int[] order) {}
}
