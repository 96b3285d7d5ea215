package io.gradiente.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills the training JVM with SIGKILL at three points and resumes it each time, in child JVMs running the real
 * command line: mid-epoch (a test-only setting stalls one task of step 30, in epoch 2), right after the checkpoint
 * of epoch 3, and while the report is being written. The final weights and history are bit-identical to an
 * uninterrupted run.
 */
class KillResumeTest {
  private static final long CHILD_TIMEOUT_SECONDS = 300;

  @TempDir
  static Path dir;

  @AfterAll
  static void stopSpark() {
    SparkSession.getActiveSession().foreach(s -> {
      s.stop();
      return null;
    });
  }

  private static List<String> command(String output, String... more) {
    List<String> args = new ArrayList<>(List.of("train", "--master", "local[2]", "--model", "softmax", "--format",
        "csv", "--train", dir.resolve("train.csv").toString(), "--test", dir.resolve("test.csv").toString(),
        "--output", output, "--partitions", "3", "--batch-size", "50", "--epochs", "4", "--lr", "0.1",
        "--checkpoint-every", "1"));
    args.addAll(List.of(more));
    return args;
  }

  @Test
  void killedThreeTimesAndResumedGivesTheSameWeightsAndHistory() throws Exception {
    writeData();
    String output = dir.resolve("out").toString();
    Path pending = dir.resolve("out/_checkpoints/k");

    // 1. Mid-epoch: the task of step 30 (epoch 2, step 6 of 12) stalls; the newest checkpoint is epoch 2's start.
    Child a = Child.start(dir.resolve("a.log"), List.of("-Dspark.gradiente.test.stallTask=step:30,partition:1"),
        command(output, "--run-id", "k"));
    a.killWhen(() -> a.log().contains("gradiente test: stalling the task of step 30"));
    assertEquals(List.of("step-000000000012.ckpt", "step-000000000024.ckpt"), names(pending), a.log());
    assertFalse(Files.exists(dir.resolve("out/k")));

    // 2. Right after a checkpoint: killed as soon as the checkpoint of epoch 3 is announced.
    Child b = Child.start(dir.resolve("b.log"), List.of(), command(output, "--resume", "k"));
    b.killWhen(() -> b.log().contains("checkpoint saved: epoch 3, step 0"));
    assertTrue(b.log().contains("k: resuming at epoch 2, step 0 (24 steps done)"), b.log());
    assertTrue(names(pending).contains("step-000000000036.ckpt"), b.log());

    // 3. During the report write: killed once the report's temporary folder appears.
    Child c = Child.start(dir.resolve("c.log"), List.of(), command(output, "--resume", "k"));
    c.killWhen(() -> reportBeingWritten(dir.resolve("out")));
    assertTrue(c.log().contains("k: resuming at epoch 3, step 0 (36 steps done)"), c.log());
    assertFalse(Files.exists(dir.resolve("out/k")), "the report is all or nothing");
    assertEquals("step-000000000048.ckpt", names(pending).get(names(pending).size() - 1), "training was saved");

    // 4. The last resume has nothing left to train: it evaluates and writes the report.
    Child d = Child.start(dir.resolve("d.log"), List.of(), command(output, "--resume", "k"));
    assertEquals(0, d.waitFor(), d.log());
    assertTrue(d.log().contains("k: resuming at epoch 4, step 0 (48 steps done)"), d.log());
    for (Child child : List.of(a, b, c, d)) {
      assertFalse(child.log().contains("\tat "), "no stack trace:\n" + child.log());
    }
    assertFalse(reportBeingWritten(dir.resolve("out")), "the interrupted write's temporary folder is gone");
    assertFalse(Files.exists(dir.resolve("out/_checkpoints")));
    assertTrue(Files.exists(dir.resolve("out/k/_checkpoints/step-000000000048.ckpt")));

    // The uninterrupted run, in this JVM and without checkpoints.
    List<String> reference = command(dir.resolve("ref").toString(), "--run-id", "k");
    reference.removeAll(List.of("--checkpoint-every", "1"));
    assertEquals(0, BadInputMatrixTest.run(reference.toArray(new String[0])).code());

    SparkSession spark = SparkSession.active();
    assertEquals(table(spark, "ref/k/model", "output, feature_index"), table(spark, "out/k/model",
        "output, feature_index"));
    List<String> history = table(spark, "ref/k/history", "step");
    assertEquals(48, history.size());
    assertEquals(history, table(spark, "out/k/history", "step"));
  }

  /** Every row of a report table, doubles as their exact bits, in a fixed order. */
  private static List<String> table(SparkSession spark, String path, String order) {
    List<String> out = new ArrayList<>();
    for (Row r : spark.read().parquet(dir.resolve(path).toString()).orderBy(order.split(", ")[0],
        order.contains(", ") ? order.split(", ")[1] : order).collectAsList()) {
      StringBuilder s = new StringBuilder();
      for (int i = 0; i < r.size(); i++) {
        Object v = r.get(i);
        s.append(v instanceof Double x ? Long.toHexString(Double.doubleToRawLongBits(x)) : String.valueOf(v))
            .append(' ');
      }
      out.add(s.toString());
    }
    return out;
  }

  private static boolean reportBeingWritten(Path output) {
    try (Stream<Path> s = Files.list(output)) {
      return s.anyMatch(p -> p.getFileName().toString().startsWith(".k.tmp-"));
    } catch (IOException e) {
      return false;
    }
  }

  private static List<String> names(Path folder) throws IOException {
    try (Stream<Path> s = Files.list(folder)) {
      return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".ckpt")).sorted().toList();
    }
  }

  private static void writeData() throws IOException {
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

  /** The command line in a child JVM with this JVM's class path and module options, output to a log file. */
  private record Child(Process process, Path logFile) {
    static Child start(Path log, List<String> jvmOptions, List<String> args) throws IOException {
      List<String> cmd = new ArrayList<>();
      cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      // The surefire JVM runs with the root pom's spark.java17.options; the child needs the same.
      for (String option : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
        if (option.startsWith("--add-") || option.startsWith("-XX:+IgnoreUnrecognized")
            || option.startsWith("-Djdk.reflect") || option.startsWith("-Djava.awt")) {
          cmd.add(option);
        }
      }
      cmd.add("-Xmx1g");
      cmd.addAll(jvmOptions);
      cmd.add("-cp");
      cmd.add(System.getProperty("java.class.path"));
      cmd.add(Main.class.getName());
      cmd.addAll(args);
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
      return new Child(p, log);
    }

    String log() {
      try {
        return Files.readString(logFile, StandardCharsets.UTF_8);
      } catch (IOException e) {
        return "(no log: " + e + ")";
      }
    }

    /** Waits until {@code condition} holds, then kills the JVM with SIGKILL and waits for it to end. */
    void killWhen(BooleanSupplier condition) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(CHILD_TIMEOUT_SECONDS);
      while (!condition.getAsBoolean()) {
        if (!process.isAlive()) {
          throw new AssertionError("the child ended (" + process.exitValue() + ") before the kill point:\n" + log());
        }
        if (System.nanoTime() > deadline) {
          process.destroyForcibly();
          throw new AssertionError("the kill point never came:\n" + log());
        }
        Thread.sleep(5);
      }
      process.destroyForcibly();
      assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the child JVM did not die");
      assertEquals(137, process.exitValue(), "killed by SIGKILL");
    }

    int waitFor() throws InterruptedException {
      if (!process.waitFor(CHILD_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("the child did not finish:\n" + log());
      }
      return process.exitValue();
    }
  }
}
