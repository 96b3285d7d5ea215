package io.gradiente.core.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class IndexRangesTest {
  @Test
  void firstPartitionsTakeTheRemainder() {
    IndexRanges l = new IndexRanges(10, 3);
    assertEquals(0, l.start(0));
    assertEquals(4, l.start(1));
    assertEquals(7, l.start(2));
    assertEquals(10, l.start(3));
  }

  @Test
  void partitionOfIsTheInverseOfStart() {
    for (long n : new long[] {1, 7, 100, 1003, 5_000_000_123L}) {
      for (int parts : new int[] {1, 2, 3, 7, 64}) {
        if (parts > n) {
          continue;
        }
        IndexRanges l = new IndexRanges(n, parts);
        for (int p = 0; p < parts; p++) {
          assertEquals(p, l.partitionOf(l.start(p)), n + " rows, " + parts + " parts: first of " + p);
          assertEquals(p, l.partitionOf(l.start(p + 1) - 1), n + " rows, " + parts + " parts: last of " + p);
          long size = l.start(p + 1) - l.start(p);
          assertEquals(n / parts + (p < n % parts ? 1 : 0), size);
        }
      }
    }
    assertThrows(IllegalArgumentException.class, () -> new IndexRanges(10, 3).partitionOf(10));
  }
}
