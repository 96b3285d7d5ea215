package io.gradiente.core.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class BatchPlanTest {
  @Test
  void onePartitionGivesTheLessonsBatches() {
    BatchPlan plan = new BatchPlan(1, false, 105, 50);
    assertEquals(3, plan.stepsPerEpoch());
    assertEquals(0, plan.from(0, 105));
    assertEquals(50, plan.to(0, 105));
    assertEquals(100, plan.from(2, 105));
    assertEquals(105, plan.to(2, 105));
    assertNull(plan.order(0, 0, 105, null));
  }

  @Test
  void fullBatchIsOneStepOverEveryRow() {
    BatchPlan plan = new BatchPlan(1, true, 500, Long.MAX_VALUE);
    assertEquals(1, plan.stepsPerEpoch());
    assertEquals(500, plan.batchSize());
    assertEquals(0, plan.from(0, 250));
    assertEquals(250, plan.to(0, 250));
  }

  @Test
  void partitionsShareEachBatchInProportionAndUseEveryRowOnce() {
    long n = 1003;
    int[] sizes = {250, 251, 251, 251};
    BatchPlan plan = new BatchPlan(9, true, n, 100);
    assertEquals(11, plan.stepsPerEpoch());
    for (int p = 0; p < sizes.length; p++) {
      int[] order = plan.order(3, p, sizes[p], null);
      boolean[] seen = new boolean[sizes[p]];
      int covered = 0;
      for (int s = 0; s < plan.stepsPerEpoch(); s++) {
        for (int i = plan.from(s, sizes[p]); i < plan.to(s, sizes[p]); i++) {
          assertFalse(seen[order[i]], "row used twice");
          seen[order[i]] = true;
          covered++;
        }
      }
      assertEquals(sizes[p], covered);
    }
    for (int s = 0; s < 10; s++) {
      int batch = 0;
      for (int size : sizes) {
        batch += plan.to(s, size) - plan.from(s, size);
      }
      assertEquals(100, batch, 4, "step " + s + " takes about B rows in all");
    }
  }

  @Test
  void ordersArePureFunctionsOfSeedEpochAndPartition() {
    BatchPlan plan = new BatchPlan(42, true, 100, 10);
    int[] a = plan.order(5, 1, 50, null);
    assertArrayEquals(a, new BatchPlan(42, true, 100, 10).order(5, 1, 50, new int[50]));
    assertFalse(Arrays.equals(a, plan.order(6, 1, 50, null)), "a new epoch reshuffles");
    assertFalse(Arrays.equals(a, plan.order(5, 0, 50, null)), "partitions differ");
    assertFalse(Arrays.equals(a, new BatchPlan(43, true, 100, 10).order(5, 1, 50, null)), "seeds differ");
    int[] sorted = a.clone();
    Arrays.sort(sorted);
    for (int i = 0; i < sorted.length; i++) {
      assertEquals(i, sorted[i]);
    }
  }
}
