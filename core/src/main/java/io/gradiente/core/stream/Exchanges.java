package io.gradiente.core.stream;

import io.gradiente.core.data.BadInputException;
import io.gradiente.core.data.Blocks;
import io.gradiente.core.train.JobExchange;
import io.gradiente.core.train.RoundExchange;
import io.gradiente.core.train.RoundKernel;
import java.util.Locale;
import java.util.function.Consumer;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkContext;

/**
 * Which {@link RoundExchange} a run uses ({@code --exchange job|stream|auto}). {@code stream} needs every partition
 * in a task slot at once (a barrier stage), no dynamic allocation (Spark refuses barrier stages with it) and,
 * unless its tasks run in the driver's JVM (local mode), no network encryption (the socket exchange is not
 * encrypted); {@code auto} takes {@code stream} when it can and otherwise {@code job}, saying why.
 */
public final class Exchanges {
  /** How long {@code auto} and {@code stream} wait for executors to register on a cluster. */
  private static final long WAIT_FOR_SLOTS_MILLIS = 10_000;

  private Exchanges() {}

  /** The {@code --exchange} values. */
  public enum Mode {
    /** One Spark job per round. */
    JOB,
    /** A resident barrier stage. */
    STREAM,
    /** {@code stream} when possible, else {@code job}. */
    AUTO;

    /** The value as written on the command line. */
    public String lowerName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * The exchange chosen and why.
   *
   * @param name {@code job} or {@code stream}
   * @param reason why {@code auto} did not take {@code stream}, or null
   */
  public record Choice(String name, String reason) {
    /** Whether the resident stage was chosen. */
    public boolean stream() {
      return name.equals("stream");
    }
  }

  /**
   * Chooses the exchange of a run over {@code partitions} partitions.
   *
   * @throws BadInputException when {@code stream} was asked for and cannot run, with the reason
   */
  public static Choice choose(Mode mode, SparkContext sc, int partitions) {
    if (mode == Mode.JOB) {
      return new Choice("job", null);
    }
    String reason = obstacle(sc, partitions);
    if (reason == null) {
      return new Choice("stream", null);
    }
    if (mode == Mode.STREAM) {
      throw new BadInputException("--exchange stream cannot run here: " + reason + "; use --exchange job or auto");
    }
    return new Choice("job", reason);
  }

  /** Opens the chosen exchange; {@code port} > 0 fixes the stream's port. */
  public static RoundExchange open(Choice choice, Blocks blocks, RoundKernel kernel, int depth, int port,
      Consumer<String> log) {
    if (!choice.stream()) {
      return new JobExchange(blocks, kernel, depth);
    }
    SparkConf conf = blocks.rdd().context().getConf();
    return new StreamExchange(blocks, kernel, depth, StreamExchange.Settings.of(conf, port), log);
  }

  /** Why a resident stage cannot run, or null when it can. */
  static String obstacle(SparkContext sc, int partitions) {
    SparkConf conf = sc.getConf();
    if (conf.getBoolean("spark.dynamicAllocation.enabled", false)) {
      return "Spark runs no barrier stage with dynamic allocation (spark.dynamicAllocation.enabled is on)";
    }
    boolean inJvm = StreamExchange.Settings.of(conf, 0).inJvm(sc);
    if (!inJvm && (conf.getBoolean("spark.network.crypto.enabled", false)
        || conf.getBoolean("spark.ssl.enabled", false) || conf.getBoolean("spark.ssl.rpc.enabled", false))) {
      return "Spark's network encryption is on and the stream exchange is not encrypted";
    }
    int slots = slots(sc);
    long until = System.currentTimeMillis() + WAIT_FOR_SLOTS_MILLIS;
    while (slots < partitions && !sc.isLocal() && System.currentTimeMillis() < until) {
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      slots = slots(sc);
    }
    if (slots < partitions) {
      return partitions + " partitions need " + partitions + " task slots at once and " + sc.master() + " has "
          + slots;
    }
    return null;
  }

  /** Tasks the cluster can run at once (every executor's cores over {@code spark.task.cpus}). */
  static int slots(SparkContext sc) {
    return sc.maxNumConcurrentTasks(sc.resourceProfileManager().defaultResourceProfile());
  }
}
