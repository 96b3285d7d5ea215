package io.gradiente.core.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gradiente.core.optim.BatchPlan;
import org.junit.jupiter.api.Test;

/**
 * The executor's cache of epoch orders is bounded in bytes, however many runs a long-lived JVM (a notebook session)
 * trains: 100 runs of one partition of 2^18 rows would keep 100 MiB of orders without the bound.
 */
class EpochOrdersTest {
  @Test
  void staysWithinItsByteBoundAcrossManyRunsAndStillServesTheSameOrders() {
    int rows = 1 << 18;
    for (int run = 0; run < 100; run++) {
      BatchPlan plan = new BatchPlan(run, true, rows, 1000);
      int[] order = EpochOrders.get(plan, 0, 0, rows);
      assertArrayEquals(plan.order(0, 0, rows, null), order);
      assertSame(order, EpochOrders.get(plan, 0, 0, rows), "cached within the epoch");
      assertTrue(EpochOrders.cachedBytes() <= EpochOrders.MAX_BYTES,
          "run " + run + ": " + EpochOrders.cachedBytes() + " bytes cached");
    }
  }
}
