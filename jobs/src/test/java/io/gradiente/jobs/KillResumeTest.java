package io.gradiente.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills the training JVM with SIGKILL at three points and resumes it each time, in child JVMs running the real
 * command line: mid-epoch (one task of step 30, in epoch 2, stalled by a debugger), right after the checkpoint
 * of epoch 3, and while the report is being written. The final weights and history are bit-identical to an
 * uninterrupted run. The scenario is {@link KillResume}'s, shared with the standalone cluster's
 * {@code StandaloneClusterIT}.
 */
class KillResumeTest {
  @TempDir
  static Path dir;

  @AfterAll
  static void stopSpark() {
    SparkSession.getActiveSession().foreach(s -> {
      s.stop();
      return null;
    });
  }

  @Test
  void killedThreeTimesAndResumedGivesTheSameWeightsAndHistory() throws Exception {
    killThreeTimesAndCompare("local[2]", "out", "ref", "job");
  }

  /**
   * The same with the resident training stage (three task slots for the three partitions): the driver killed while
   * a task of the stage stalls, right after a checkpoint and during the report write, resumed each time.
   */
  @Test
  void killedThreeTimesWithTheResidentStageAndResumedGivesTheSameWeightsAndHistory() throws Exception {
    killThreeTimesAndCompare("local[3]", "out-stream", "ref-stream", "stream");
  }

  private static void killThreeTimesAndCompare(String master, String out, String ref, String exchange)
      throws Exception {
    KillResume.writeData(dir);
    String output = dir.resolve(out).toString();
    TaskStall[] stall = new TaskStall[1];
    try {
      KillResume.killThreeTimesAndResume(dir.resolve(out), (name, stalls, runArgs) -> {
        Child child = Child.start(dir.resolve(out + "-" + name + ".log"),
            stalls ? List.of(TaskStall.AGENT) : List.of(),
            KillResume.trainArgs(dir, master, output, withExchange(runArgs, exchange)));
        if (stalls) {
          try {
            stall[0] = TaskStall.attach(TaskStall.awaitPort(child::log, child.process()::isAlive),
                KillResume.STALL_STEP, KillResume.STALL_PARTITION);
          } catch (InterruptedException e) {
            throw new IOException(e);
          }
        }
        return child;
      }, a -> stall[0].stalled());
    } finally {
      if (stall[0] != null) {
        stall[0].close();
      }
    }

    // The uninterrupted run, in this JVM and without checkpoints.
    List<String> reference = KillResume.referenceArgs(dir, master, dir.resolve(ref).toString());
    assertEquals(0, MainRun.of(reference.toArray(new String[0])).code());

    SparkSession spark = SparkSession.active();
    assertEquals(table(spark, ref + "/k/model", "output, feature_index"), table(spark, out + "/k/model",
        "output, feature_index"));
    List<String> history = table(spark, ref + "/k/history", "step");
    assertEquals(KillResume.STEPS, history.size());
    assertEquals(history, table(spark, out + "/k/history", "step"));
    String config = spark.read().parquet(dir.resolve(out + "/k/run").toString()).first().getAs("config");
    assertTrue(config.contains("\"exchange\":\"" + exchange + "\""), config);
  }

  private static String[] withExchange(List<String> runArgs, String exchange) {
    List<String> args = new ArrayList<>(runArgs);
    args.addAll(List.of("--exchange", exchange));
    return args.toArray(new String[0]);
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

  /** The command line in a child JVM with this JVM's class path and module options, output to a log file. */
  private record Child(Process process, Path logFile) implements KillResume.Driver {
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

    @Override
    public String log() {
      try {
        return Files.readString(logFile, StandardCharsets.UTF_8);
      } catch (IOException e) {
        return "(no log: " + e + ")";
      }
    }
  }
}
