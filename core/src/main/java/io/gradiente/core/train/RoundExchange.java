package io.gradiente.core.train;

/**
 * How a round reaches every partition and how the partitions' results come back to the driver, added up in
 * partition order. {@link JobExchange} runs one Spark job per round; {@link io.gradiente.core.stream.StreamExchange}
 * keeps the partitions resident in one long barrier stage and exchanges each round over a socket. For the same
 * blocks and kernel both return the same bits.
 */
public interface RoundExchange extends AutoCloseable {
  /** The name recorded with the run: {@code job} or {@code stream}. */
  String name();

  /** The kernel every partition runs. */
  RoundKernel kernel();

  /**
   * Runs {@code round} at {@code params} (not modified) on every partition and returns the results added up in
   * partition order (the caller may keep it until the next round).
   */
  RoundResult run(Round round, double[] params);

  /**
   * Ends the exchange (for a resident stage: ends its tasks and frees their slots). A resident stage holds every
   * task slot while open, so no other Spark job can run until it is closed: evaluate after closing.
   */
  @Override
  void close();
}
