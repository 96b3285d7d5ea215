package io.gradiente.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The kill-and-resume scenario that {@link KillResumeTest} runs in local mode and {@code StandaloneClusterIT} runs
 * against a standalone cluster: the same data and {@code train} options, killed with SIGKILL at the same three points
 * and resumed each time. Only how a driver is started and where the stalled task runs differ.
 */
public final class KillResume {
  /** The run id of every attempt. */
  public static final String RUN_ID = "k";
  /** Steps of the whole run: 600 rows in batches of 50, 4 epochs. */
  public static final int STEPS = 48;
  /** The first attempt stalls the task of partition 1 at step 30 (epoch 2, step 6 of 12): {@link TaskStall}. */
  public static final int STALL_STEP = 30;
  public static final int STALL_PARTITION = 1;
  private static final long TIMEOUT_SECONDS = 300;

  private KillResume() {}

  /** A started driver: its process and its output so far. */
  public interface Driver {
    Process process();

    String log();
  }

  /**
   * Starts {@code gradiente train} with {@link #trainArgs} plus {@code runArgs}; with {@code stall}, the task of
   * {@link #STALL_PARTITION} at {@link #STALL_STEP} stalls ({@link TaskStall}).
   */
  @FunctionalInterface
  public interface Launcher {
    Driver start(String name, boolean stall, List<String> runArgs) throws IOException;
  }

  /** A CSV training set (600 rows) and test set (150 rows) of 4 features and 3 classes in {@code dir}. */
  public static void writeData(Path dir) throws IOException {
    Random random = new Random(1);
    for (String name : List.of("train.csv", "test.csv")) {
      StringBuilder s = new StringBuilder("a,b,c,d,label\n");
      for (int r = 0; r < (name.equals("train.csv") ? 600 : 150); r++) {
        double[] x = new double[4];
        for (int f = 0; f < 4; f++) {
          x[f] = random.nextGaussian();
          s.append(x[f]).append(',');
        }
        s.append((x[0] + x[1] > 0 ? 1 : 0) + (x[2] > 0.5 ? 1 : 0)).append('\n');
      }
      Files.writeString(dir.resolve(name), s);
    }
  }

  /** The {@code train} arguments of every attempt, data from {@link #writeData}; {@code more} adds the run id. */
  public static List<String> trainArgs(Path data, String master, String output, String... more) {
    List<String> args = new ArrayList<>(List.of("train", "--master", master, "--model", "softmax", "--format",
        "csv", "--train", data.resolve("train.csv").toString(), "--test", data.resolve("test.csv").toString(),
        "--output", output, "--partitions", "3", "--batch-size", "50", "--epochs", "4", "--lr", "0.1",
        "--checkpoint-every", "1"));
    args.addAll(List.of(more));
    return args;
  }

  /** The same arguments for the uninterrupted reference run: no checkpoints. */
  public static List<String> referenceArgs(Path data, String master, String output) {
    List<String> args = trainArgs(data, master, output, "--run-id", RUN_ID);
    args.removeAll(List.of("--checkpoint-every", "1"));
    return args;
  }

  /**
   * Kills the driver three times and resumes it, asserting what each attempt left behind; the report of
   * {@link #RUN_ID} is then complete in {@code output}.
   *
   * @param stalled whether the task of the first attempt is stalled
   */
  public static void killThreeTimesAndResume(Path output, Launcher launcher, Predicate<Driver> stalled)
      throws Exception {
    Path pending = output.resolve("_checkpoints").resolve(RUN_ID);

    // 1. Mid-epoch: the task of step 30 (epoch 2, step 6 of 12) stalls; the newest checkpoint is epoch 2's start.
    Driver a = launcher.start("a", true, List.of("--run-id", RUN_ID));
    killWhen(a, () -> stalled.test(a));
    assertEquals(List.of("step-000000000012.ckpt", "step-000000000024.ckpt"), checkpoints(pending), a.log());
    assertFalse(Files.exists(output.resolve(RUN_ID)));

    // 2. Right after a checkpoint: killed as soon as the checkpoint of epoch 3 is announced.
    Driver b = launcher.start("b", false, List.of("--resume", RUN_ID));
    killWhen(b, () -> b.log().contains("checkpoint saved: epoch 3, step 0"));
    assertTrue(b.log().contains(RUN_ID + ": resuming at epoch 2, step 0 (24 steps done)"), b.log());
    assertTrue(checkpoints(pending).contains("step-000000000036.ckpt"), b.log());

    // 3. During the report write: killed once the report's temporary folder appears.
    Driver c = launcher.start("c", false, List.of("--resume", RUN_ID));
    killWhen(c, () -> reportBeingWritten(output));
    assertTrue(c.log().contains(RUN_ID + ": resuming at epoch 3, step 0 (36 steps done)"), c.log());
    assertFalse(Files.exists(output.resolve(RUN_ID)), "the report is all or nothing");
    List<String> saved = checkpoints(pending);
    assertEquals("step-000000000048.ckpt", saved.get(saved.size() - 1), "training was saved");

    // 4. The last resume has nothing left to train: it evaluates and writes the report.
    Driver d = launcher.start("d", false, List.of("--resume", RUN_ID));
    assertEquals(0, waitFor(d), d.log());
    assertTrue(d.log().contains(RUN_ID + ": resuming at epoch 4, step 0 (48 steps done)"), d.log());
    for (Driver driver : List.of(a, b, c, d)) {
      assertFalse(driver.log().contains("\tat "), "no stack trace:\n" + driver.log());
    }
    assertFalse(reportBeingWritten(output), "the interrupted write's temporary folder is gone");
    assertFalse(Files.exists(output.resolve("_checkpoints")));
    assertTrue(Files.exists(output.resolve(RUN_ID).resolve("_checkpoints/step-000000000048.ckpt")));
  }

  /** Whether the report's hidden temporary folder exists in {@code output}. */
  public static boolean reportBeingWritten(Path output) {
    try (Stream<Path> s = Files.list(output)) {
      return s.anyMatch(p -> p.getFileName().toString().startsWith("." + RUN_ID + ".tmp-"));
    } catch (IOException e) {
      return false;
    }
  }

  /** The checkpoint files in a folder, by name. */
  public static List<String> checkpoints(Path folder) throws IOException {
    try (Stream<Path> s = Files.list(folder)) {
      return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".ckpt")).sorted().toList();
    }
  }

  /** Waits until {@code condition} holds, then kills the driver with SIGKILL and waits for it to end. */
  public static void killWhen(Driver driver, BooleanSupplier condition) throws InterruptedException {
    Process process = driver.process();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
    while (!condition.getAsBoolean()) {
      if (!process.isAlive()) {
        throw new AssertionError("the driver ended (" + process.exitValue() + ") before the kill point:\n"
            + driver.log());
      }
      if (System.nanoTime() > deadline) {
        process.destroyForcibly();
        throw new AssertionError("the kill point never came:\n" + driver.log());
      }
      Thread.sleep(5);
    }
    process.destroyForcibly();
    assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the driver JVM did not die");
    assertEquals(137, process.exitValue(), "killed by SIGKILL");
  }

  /** Waits for the driver to end and returns its exit code; kills it when it does not end in time. */
  public static int waitFor(Driver driver) throws InterruptedException {
    Process process = driver.process();
    if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("the driver did not finish:\n" + driver.log());
    }
    return process.exitValue();
  }
}
