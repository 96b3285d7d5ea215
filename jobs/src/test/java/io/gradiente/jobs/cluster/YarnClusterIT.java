package io.gradiente.jobs.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.gradiente.jobs.TaskStall;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.parquet.example.data.Group;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code train} submitted with the shaded jar through {@code deploy/bin/submit --master yarn} to a real YARN
 * cluster ({@link MiniYarn}: ResourceManager and NodeManager in this JVM, the application master and two executors
 * in containers): in client and in cluster deploy mode, and in client mode with the JVM of the executor that runs
 * the resident stage's task of partition 1 killed with SIGKILL in the middle of training (a debugger holds the
 * task there, so the kill lands inside the stage). Every model is bit-identical to a local-mode run, because the
 * driver's BLAS variables reach the application master and the executors (containers do not inherit the
 * submitting environment) and every {@code run} table says the executors ran the driver's kernels. A last run gives the
 * executors another OpenBLAS core type on purpose: it trains, and the table and stderr carry the warning.
 */
class YarnClusterIT {
  private static final String RUN_ID = "digits";
  private static final int EPOCHS = 3;
  private static final int TRAIN_ROWS = 2_000;
  private static final int BATCH = 200;
  /** Epoch 2, step 6 of 10: a debugger holds the first attempt of partition 1's task there. */
  private static final long STALL_STEP = 15;
  private static final int STALL_PARTITION = 1;
  private static LocalCluster build;
  private static MiniYarn yarn;
  private static Path work;

  @BeforeAll
  static void startYarn() throws Exception {
    LocalCluster.assumeIntegrationPhase();
    build = LocalCluster.fromBuild();
    build.assembleSparkHome();
    work = build.dir.resolveSibling("yarn-it");
    deleteTree(work);
    Path data = Files.createDirectories(work.resolve("data"));
    DigitsFiles.Opener local = name -> Files.newOutputStream(data.resolve(name));
    DigitsFiles.write(DigitsFiles.slice(0, TRAIN_ROWS), "train", local);
    DigitsFiles.write(DigitsFiles.slice(8_000, 8_500), "t10k", local);
    long t = System.nanoTime();
    yarn = MiniYarn.start(work.resolve("cluster"), build.sparkHome);
    System.out.printf(Locale.ROOT, "yarn: ResourceManager and NodeManager up in %.1fs%n",
        (System.nanoTime() - t) / 1e9);
  }

  @AfterAll
  static void stopYarn() {
    try {
      if (yarn != null) {
        yarn.close();
      }
    } finally {
      if (build != null) {
        build.close();
      }
    }
  }

  @Test
  void clientAndClusterModeAndALostExecutorGiveTheLocalModeWeights() throws Exception {
    Run local = submit("local", "local[2]", "client", List.of(), EPOCHS, false);
    Run client = submit("client", "yarn", "client", List.of(), EPOCHS, false);
    Run cluster = submit("cluster", "yarn", "cluster", List.of(), EPOCHS, false);
    Run killed = submit("killed", "yarn", "client", List.of("spark.gradiente.exchange.timeout=60s"), EPOCHS, true);
    Run other = submit("other-kernel", "yarn", "client", List.of("spark.executorEnv.OPENBLAS_CORETYPE=Prescott"), 1,
        false);
    System.out.printf(Locale.ROOT, "timing (wall clock of the whole submit): local[2] %.1fs, yarn client %.1fs, "
        + "yarn cluster %.1fs, yarn client with an executor killed %.1fs, another kernel (1 epoch) %.1fs%n",
        local.seconds, client.seconds, cluster.seconds, killed.seconds, other.seconds);

    List<String> expected = ReportTables.exactRows(local.table("model"), "output", "feature_index");
    assertEquals(785 * 10, expected.size());
    for (Run run : List.of(client, cluster, killed)) {
      assertEquals(EPOCHS * (TRAIN_ROWS / BATCH), ReportTables.rows(run.table("history")).size(), run.id);
      List<String> actual = ReportTables.exactRows(run.table("model"), "output", "feature_index");
      for (int i = 0; i < expected.size(); i++) {
        assertEquals(expected.get(i), actual.get(i), run.id + ": the model differs from local mode in row " + i);
      }
    }

    Group localRun = runRow(local);
    String driverKernel = localRun.getString("blas_kernel", 0);
    assertTrue(driverKernel.startsWith(localRun.getString("blas", 0).split(";")[0]), driverKernel);
    String coreType = System.getenv("OPENBLAS_CORETYPE");
    if (coreType != null) {
      assertTrue(driverKernel.contains("OPENBLAS_CORETYPE=" + coreType), driverKernel);
    }
    for (Run run : List.of(client, cluster, killed)) {
      Group row = runRow(run);
      System.out.printf(Locale.ROOT, "%s: master %s, blas %s, kernel %s, executors: %s%n", run.id,
          row.getString("master", 0), row.getString("blas", 0), row.getString("blas_kernel", 0),
          row.getString("executor_blas", 0));
      assertEquals("yarn", row.getString("master", 0));
      String exchange = new ObjectMapper().readTree(row.getString("config", 0)).get("exchange").asText();
      assertTrue(exchange.startsWith("stream"), run.id + ": two executors, two partitions, exchange " + exchange);
      // The driver (in the application master's container in cluster mode) and every executor run the kernel of
      // the local run: the same implementation, variables and product bits.
      assertEquals(driverKernel, row.getString("blas_kernel", 0), run.id + ": the driver's BLAS kernel");
      assertTrue(row.getString("executor_blas", 0).startsWith("same as the driver (executor"),
          run.id + ": " + row.getString("executor_blas", 0));
      assertEquals(0, row.getFieldRepetitionCount("blas_warning"), run.id + ": a BLAS warning");
      assertTrue(!run.log.contains("warning: BLAS differs"), run.log);
    }
    assertTrue(killed.log.contains("stream exchange: the resident stage failed in epoch 2"), killed.log);
    String clusterDriver = Files.readString(yarn.amContainer("gradiente-" + cluster.id).resolve("stdout"));
    assertTrue(clusterDriver.contains("report: "), "the cluster-mode driver's output: " + clusterDriver);

    Group otherRun = runRow(other);
    String warning = otherRun.getFieldRepetitionCount("blas_warning") == 0 ? null
        : otherRun.getString("blas_warning", 0);
    assertNotNull(warning, "executors with another core type and no warning: "
        + otherRun.getString("executor_blas", 0));
    assertTrue(warning.contains("OPENBLAS_CORETYPE=Prescott") && warning.contains("driver " + driverKernel),
        warning);
    assertTrue(other.log.contains(RUN_ID + ": " + warning), "the warning on stderr:\n" + other.log);
  }

  /**
   * One {@code deploy/bin/submit} of the same training with the shaded jar, two executors of one core; the report
   * goes to {@code <work>/reports/<id>/digits}. With {@code stall}, every executor starts with
   * {@link TaskStall#AGENT}, a {@link TaskStall} attaches to each, and the executor whose task it holds is SIGKILLed.
   */
  private static Run submit(String id, String master, String deployMode, List<String> conf, int epochs,
      boolean stall) throws Exception {
    Path log = work.resolve(id + ".log");
    Path data = work.resolve("data");
    List<String> cmd = new ArrayList<>(List.of("bash", "deploy/bin/submit", "--master", master,
        "--deploy-mode", deployMode, "--num-executors", "2", "--executor-cores", "1",
        "--executor-memory", "512m", "--driver-memory", "768m", "--name", "gradiente-" + id,
        "--jar", LocalCluster.required("gradiente.shadedJar"),
        "--conf", "spark.ui.enabled=false", "--conf", "spark.sql.shuffle.partitions=2"));
    List<String> settings = new ArrayList<>(master.equals("yarn") ? yarn.sparkSettings() : List.of());
    settings.addAll(conf);
    for (String c : settings) {
      cmd.addAll(List.of("--conf", c));
    }
    cmd.addAll(List.of("--", "train", "--model", "softmax", "--format", "idx",
        "--train", data.resolve("train-images-idx3-ubyte").toString(),
        "--test", data.resolve("t10k-images-idx3-ubyte").toString(),
        "--epochs", Integer.toString(epochs), "--batch-size", Integer.toString(BATCH), "--partitions", "2",
        "--seed", "7", "--classes", "10", "--init", "zeros", "--output", work.resolve("reports").resolve(id).toString(),
        "--run-id", RUN_ID));
    long start = System.nanoTime();
    Map<String, String> env = new HashMap<>(yarn.environment());
    if (stall) {
      env.put("GRADIENTE_EXECUTOR_JAVA_OPTS", TaskStall.AGENT);
    }
    Process p = build.launch(cmd, log, env);
    Map<String, TaskStall> stalls = new HashMap<>();
    String killed = null;
    long deadline = System.nanoTime() + Duration.ofMinutes(4).toNanos();
    try {
      while (p.isAlive() && System.nanoTime() < deadline) {
        if (stall && killed == null) {
          for (Map.Entry<String, Integer> waiting : yarn.debuggerPorts().entrySet()) {
            if (!stalls.containsKey(waiting.getKey())) {
              stalls.put(waiting.getKey(), TaskStall.attach(waiting.getValue(), STALL_STEP, STALL_PARTITION));
            }
          }
          Optional<String> held = stalls.entrySet().stream().filter(e -> e.getValue().stalled())
              .map(Map.Entry::getKey).findFirst();
          if (held.isPresent()) {
            killed = held.get() + " (pid " + yarn.killExecutor(held.get()) + ")";
            System.out.println(id + ": SIGKILL sent to the executor of " + killed);
          }
        }
        p.waitFor(stall ? 20 : 200, TimeUnit.MILLISECONDS);
      }
    } finally {
      stalls.values().forEach(TaskStall::close);
    }
    if (p.isAlive()) {
      LocalCluster.kill(p.toHandle());
      throw new AssertionError(id + ": no result after 4 minutes:\n" + Files.readString(log)
          + yarn.containerLogTails());
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    String out = Files.readString(log);
    if (p.exitValue() != 0) {
      throw new AssertionError(id + ": exit " + p.exitValue() + ":\n" + out + yarn.containerLogTails());
    }
    if (stall) {
      assertNotNull(killed, id + ": training ended before an executor could be killed:\n" + out);
    }
    Run run = new Run(id, seconds, out, work.resolve("reports").resolve(id).resolve(RUN_ID));
    for (String table : List.of("run", "history", "metrics", "model")) {
      assertTrue(Files.exists(run.table(table).resolve("_SUCCESS")), id + ": table " + table + " missing");
    }
    return run;
  }

  private static Group runRow(Run run) throws IOException {
    List<Group> rows = ReportTables.rows(run.table("run"));
    assertEquals(1, rows.size(), run.id);
    return rows.get(0);
  }

  private static void deleteTree(Path p) throws IOException {
    if (!Files.exists(p)) {
      return;
    }
    try (var all = Files.walk(p)) {
      for (Path f : all.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
        Files.delete(f);
      }
    }
  }

  private record Run(String id, double seconds, String log, Path report) {
    Path table(String name) {
      return report.resolve(name);
    }
  }
}
