package io.gradiente.core.loss;

import io.gradiente.core.data.InstanceBlock;

/**
 * Which selected rows a kernel workspace gathered ahead of their step ({@link BlockKernel#prepare}): the block, the
 * order array and the range. A step that selects the same rows finds them gathered and skips the copy; the mark is
 * taken once and any other gather clears it. Identity of the block and the order is enough because blocks are
 * immutable and the row orders a kernel passes are never modified after they are made.
 */
final class Prepared {
  private InstanceBlock block;
  private int[] order;
  private int from;
  private int to;

  /** Marks the workspace's rows as {@code order[from..to)} of {@code block}. */
  void mark(InstanceBlock block, int[] order, int from, int to) {
    this.block = block;
    this.order = order;
    this.from = from;
    this.to = to;
  }

  /** Whether the workspace holds exactly these rows; clears the mark either way. */
  boolean take(InstanceBlock block, int[] order, int from, int to) {
    boolean same = order != null && this.block == block && this.order == order && this.from == from
        && this.to == to;
    this.block = null;
    this.order = null;
    return same;
  }
}
