package io.gradiente.core.train;

import io.gradiente.core.optim.BatchPlan;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The executor-side cache of each partition's row order for the current epoch, so a partition draws its
 * permutation once per epoch instead of once per step. The order is a pure function of the plan, epoch and
 * partition, so a cache miss (a new executor, a re-run task) recomputes the same one. Orders are never modified
 * after they are cached, so concurrent tasks may share them.
 */
final class EpochOrders {
  private static final int MAX_ENTRIES = 4096;
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
    if (CACHE.size() >= MAX_ENTRIES) {
      CACHE.clear();
    }
    CACHE.put(key, new Entry(epoch, order));
    return order;
  }

  private record Key(BatchPlan plan, int partition) {}

  private record Entry(int epoch, int[] order) {}
}
