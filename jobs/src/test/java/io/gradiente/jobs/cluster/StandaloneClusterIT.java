package io.gradiente.jobs.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gradiente.jobs.KillResume;
import io.gradiente.jobs.TaskStall;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.parquet.example.data.Group;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * {@code train} submitted with the shaded jar (and nothing else) to a real Spark standalone cluster: a master and
 * two workers on 127.0.0.1, separate JVMs started by {@code deploy/local-cluster/start.sh}, two executors, the
 * driver in client mode through {@code deploy/bin/submit}. The weights must be bit-identical to a local-mode run
 * with the same seed and partitions, through the resident stage and through one job per round, also when a worker
 * is killed with SIGKILL in the middle of the resident stage and the driver starts it again or goes on with jobs
 * (the lost cached blocks recomputed on the other executor). And the driver, killed
 * with SIGKILL at three points and resumed from its checkpoints each time, ends with the same weights and history
 * as an uninterrupted run. The tests share one cluster start; the one that kills a worker runs last.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StandaloneClusterIT {
  private static final List<String> TABLES = List.of("run", "history", "metrics", "confusion", "class_report",
      "model");
  private static final int EPOCHS = 4;
  private static final int TRAIN_ROWS = 4_000;
  private static final int TEST_ROWS = 1_000;
  private static final int BATCH = 250;
  private static LocalCluster cluster;
  private static Path data;
  private static Path reports;

  @BeforeAll
  static void startCluster() throws Exception {
    LocalCluster.assumeIntegrationPhase();
    cluster = LocalCluster.fromBuild();
    Path work = cluster.dir.resolve("it");
    deleteTree(work);
    data = Files.createDirectories(work.resolve("data"));
    reports = work.resolve("reports");
    DigitsFiles.Opener local = name -> Files.newOutputStream(data.resolve(name));
    DigitsFiles.write(DigitsFiles.slice(0, TRAIN_ROWS), "train", local);
    DigitsFiles.write(DigitsFiles.slice(8_000, 8_000 + TEST_ROWS), "t10k", local);
    cluster.assembleSparkHome();
    long t = System.nanoTime();
    cluster.start();
    System.out.printf(Locale.ROOT, "cluster: master and 2 workers up in %.1fs%n", (System.nanoTime() - t) / 1e9);
    assertEquals(2, cluster.aliveWorkers());
  }

  @AfterAll
  static void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  /**
   * {@link KillResume}'s scenario with the driver submitted to the cluster (client mode, two executors): SIGKILL
   * mid-epoch (a task of step 30 stalls on an executor, held by a debugger), right after the checkpoint of epoch 3 and during the
   * report write, then {@code --resume}. The model and history tables are bit-identical to an uninterrupted cluster
   * run and to a local-mode run.
   */
  @Test
  @Order(1)
  void driverKilledThreeTimesAndResumedGivesTheSameWeightsAndHistory() throws Exception {
    assertEquals(2, cluster.aliveWorkers(), "two workers, so two executors");
    Path work = cluster.dir.resolve("it").resolve("kill-resume");
    Files.createDirectories(work);
    KillResume.writeData(work);
    String master = cluster.masterUrl();
    Path output = work.resolve("out");
    long start = System.nanoTime();
    ExecutorStalls[] stalls = new ExecutorStalls[1];
    try {
      KillResume.killThreeTimesAndResume(output, (name, stall, runArgs) -> {
        Path log = work.resolve(name + ".log");
        List<String> args = KillResume.trainArgs(work, master, output.toString(), runArgs.toArray(String[]::new));
        if (stall) {
          stalls[0] = new ExecutorStalls(apps(), KillResume.STALL_STEP, KillResume.STALL_PARTITION);
        }
        return new Submitted(cluster.launch(submitCommand(master, List.of(), args, stall), log), log);
      }, a -> stalls[0].stalled());
    } finally {
      if (stalls[0] != null) {
        stalls[0].close();
      }
    }
    double killedSeconds = (System.nanoTime() - start) / 1e9;

    // The uninterrupted references, both at once: on the cluster and in local mode.
    start = System.nanoTime();
    List<Submitted> references = new ArrayList<>();
    for (String where : List.of(master, "local[2]")) {
      String id = where.equals(master) ? "ref" : "local";
      Path log = work.resolve(id + ".log");
      references.add(new Submitted(cluster.launch(submitCommand(where, List.of(),
          KillResume.referenceArgs(work, where, work.resolve(id).toString()), false), log), log));
    }
    for (Submitted reference : references) {
      assertEquals(0, KillResume.waitFor(reference), reference.log());
    }
    System.out.printf(Locale.ROOT, "kill and resume on the cluster: 4 attempts %.1fs, the cluster and local-mode "
        + "references %.1fs%n", killedSeconds, (System.nanoTime() - start) / 1e9);

    Path resumed = output.resolve(KillResume.RUN_ID);
    for (String id : List.of("ref", "local")) {
      Path reference = work.resolve(id).resolve(KillResume.RUN_ID);
      assertEquals(ReportTables.exactRows(reference.resolve("model"), "output", "feature_index"),
          ReportTables.exactRows(resumed.resolve("model"), "output", "feature_index"), id + ": model");
      List<String> history = ReportTables.exactRows(reference.resolve("history"), "epoch", "step");
      assertEquals(KillResume.STEPS, history.size());
      assertEquals(history, ReportTables.exactRows(resumed.resolve("history"), "epoch", "step"), id + ": history");
    }
  }

  @Test
  @Order(2)
  void clusterRunsAreBitIdenticalToLocalModeAndSurviveALostWorker() throws Exception {
    Run local = submit("local", "local[2]", null, List.of(), List.of());
    Run clean = submit("cluster", cluster.masterUrl(), null, List.of(), List.of());
    Run jobs = submit("cluster-job", cluster.masterUrl(), null, List.of(), List.of("--exchange", "job"));
    // The resident stage stalls in epoch 2 (a debugger holds the first attempt of partition 1's task at step 20)
    // while a worker and its executor are killed: the driver must start the stage again or, with one executor left,
    // go on with jobs.
    Run killed = submit("cluster-killed", cluster.masterUrl(), "worker-1",
        List.of("spark.gradiente.exchange.timeout=60s"), List.of());
    System.out.printf(Locale.ROOT, "timing (same job, wall clock of the whole submit): local[2] %.1fs, "
        + "standalone 2 executors %.1fs (one job per round %.1fs), standalone with a worker killed %.1fs%n",
        local.seconds, clean.seconds, jobs.seconds, killed.seconds);

    double[] expected = weights(local.id);
    assertEquals(785 * 10, expected.length);
    for (Run run : List.of(local, clean, jobs, killed)) {
      assertComplete(run);
    }
    assertEquals("stream", exchange(local), "local[2], 2 partitions: the resident stage");
    assertEquals("stream", exchange(clean), "2 executors, 2 partitions: the resident stage");
    assertEquals("job", exchange(jobs));
    assertTrue(exchange(killed).startsWith("stream"), exchange(killed));
    String killedLog = Files.readString(cluster.dir.resolve("it").resolve(killed.id + ".log"));
    assertTrue(killedLog.contains("stream exchange: the resident stage failed in epoch 2"), killedLog);
    for (Run run : List.of(clean, jobs, killed)) {
      double[] actual = weights(run.id);
      for (int i = 0; i < expected.length; i++) {
        if (Double.doubleToRawLongBits(expected[i]) != Double.doubleToRawLongBits(actual[i])) {
          throw new AssertionError(run.id + ": weight " + i + " is " + actual[i] + ", local mode has " + expected[i]);
        }
      }
    }
    for (Run run : List.of(local, clean, jobs, killed)) {
      Group row = ReportTables.rows(reports.resolve(run.id).resolve("run")).get(0);
      System.out.printf(Locale.ROOT, "%s: master %s, blas %s, train %.1fs%n", run.id, row.getString("master", 0),
          row.getString("blas", 0), row.getDouble("train_seconds", 0));
      assertEquals(run == local ? "local[2]" : cluster.masterUrl(), row.getString("master", 0));
    }
  }

  /** The exchange a run's {@code run} table records. */
  private static String exchange(Run run) throws IOException {
    String config = ReportTables.rows(reports.resolve(run.id).resolve("run")).get(0).getString("config", 0);
    return new com.fasterxml.jackson.databind.ObjectMapper().readTree(config).get("exchange").asText();
  }

  /**
   * One submit of the same training job, with Spark settings {@code conf} and more {@code train} options; with
   * {@code victim}, the task of partition 1 at step 20 stalls on its executor and that worker is SIGKILLed after the
   * first epoch.
   */
  private static Run submit(String id, String master, String victim, List<String> conf, List<String> more)
      throws Exception {
    Path log = cluster.dir.resolve("it").resolve(id + ".log");
    List<String> train = new ArrayList<>(List.of("train", "--model", "softmax", "--format", "idx",
        "--train", data.resolve("train-images-idx3-ubyte").toString(),
        "--test", data.resolve("t10k-images-idx3-ubyte").toString(),
        "--epochs", Integer.toString(EPOCHS), "--batch-size", Integer.toString(BATCH), "--partitions", "2",
        "--seed", "7", "--classes", "10",
        "--output", reports.toString(), "--run-id", id));
    train.addAll(more);
    List<String> cmd = submitCommand(master, conf, train, victim != null);
    long start = System.nanoTime();
    try (ExecutorStalls stall = victim == null ? null : new ExecutorStalls(apps(), 20, 1)) {
      return finish(id, cluster.launch(cmd, log), log, victim, start);
    }
  }

  /** Waits for submit {@code id} to end (SIGKILLing {@code victim} after the first epoch) and checks its output. */
  private static Run finish(String id, Process p, Path log, String victim, long start) throws Exception {
    String killed = null;
    long deadline = System.nanoTime() + Duration.ofMinutes(4).toNanos();
    while (p.isAlive() && System.nanoTime() < deadline) {
      if (victim != null && killed == null && Files.readString(log).contains("epoch 1/" + EPOCHS)) {
        killed = victim + " (pid " + cluster.killDaemon(victim) + ")";
        System.out.println(id + ": SIGKILL sent to " + killed + " after epoch 1");
      }
      p.waitFor(200, TimeUnit.MILLISECONDS);
    }
    if (p.isAlive()) {
      LocalCluster.kill(p.toHandle());
      throw new AssertionError(id + ": no result after 4 minutes:\n" + Files.readString(log) + cluster.daemonLogs());
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    String out = Files.readString(log);
    if (p.exitValue() != 0) {
      throw new AssertionError(id + ": exit " + p.exitValue() + ":\n" + out + cluster.daemonLogs());
    }
    if (victim != null) {
      assertTrue(killed != null, id + ": training ended before the worker could be killed:\n" + out);
      int lost = out.indexOf("Lost executor");
      assertTrue(lost >= 0, id + ": the driver never lost an executor:\n" + out);
      assertTrue(lost < out.indexOf("epoch " + EPOCHS + "/" + EPOCHS), id + ": the executor was lost only after "
          + "training:\n" + out);
    }
    assertTrue(out.contains("report: "), out);
    return new Run(id, seconds);
  }

  /**
   * {@code deploy/bin/submit} of a gradiente command with the shaded jar: small executors, one core each and two of
   * them on the cluster; {@code conf} adds Spark settings; with {@code debugged}, every executor starts with
   * {@link TaskStall#AGENT} and waits for an {@link ExecutorStalls}.
   */
  private static List<String> submitCommand(String master, List<String> conf, List<String> gradiente,
      boolean debugged) {
    List<String> cmd = new ArrayList<>();
    if (debugged) {
      cmd.addAll(List.of("env", "GRADIENTE_EXECUTOR_JAVA_OPTS=" + TaskStall.AGENT));
    }
    cmd.addAll(List.of("bash", "deploy/bin/submit", "--master", master,
        "--executor-memory", "512m", "--driver-memory", "768m", "--executor-cores", "1",
        "--conf", "spark.ui.enabled=false", "--conf", "spark.sql.shuffle.partitions=2",
        "--jar", LocalCluster.required("gradiente.shadedJar")));
    for (String c : conf) {
      cmd.addAll(List.of("--conf", c));
    }
    if (!master.startsWith("local")) {
      cmd.addAll(List.of("--total-executor-cores", "2"));
    }
    cmd.add("--");
    cmd.addAll(gradiente);
    return cmd;
  }

  /** The application folders in the workers' scratch space ({@code work/worker-N/app-...}). */
  private static Set<Path> apps() throws IOException {
    Path work = cluster.dir.resolve("work");
    if (!Files.isDirectory(work)) {
      return Set.of();
    }
    try (Stream<Path> s = Files.find(work, 2, (p, a) -> p.getFileName().toString().startsWith("app-"))) {
      return s.collect(Collectors.toSet());
    }
  }

  /**
   * A {@link TaskStall} on every executor of the next application: executors started with {@link TaskStall#AGENT}
   * wait for a debugger, so a background thread attaches to each as soon as its {@code stdout} (in the workers'
   * scratch space) names the port.
   */
  private static final class ExecutorStalls implements AutoCloseable {
    private final Set<Path> oldApps;
    private final long step;
    private final int partition;
    private final Set<Path> attached = new HashSet<>();
    private final List<TaskStall> stalls = new CopyOnWriteArrayList<>();
    private final Thread watcher;
    private volatile boolean closed;

    ExecutorStalls(Set<Path> oldApps, long step, int partition) {
      this.oldApps = oldApps;
      this.step = step;
      this.partition = partition;
      watcher = new Thread(this::watch, "executor-stalls");
      watcher.setDaemon(true);
      watcher.start();
    }

    /** Whether a task is stalled on an executor. */
    boolean stalled() {
      return stalls.stream().anyMatch(TaskStall::stalled);
    }

    private void watch() {
      Path work = cluster.dir.resolve("work");
      while (!closed) {
        try (Stream<Path> s = Files.find(work, 4, (p, a) -> p.getFileName().toString().equals("stdout"))) {
          for (Path stdout : s.filter(p -> !oldApps.contains(p.getParent().getParent())).toList()) {
            int port = TaskStall.port(Files.readString(stdout, StandardCharsets.UTF_8));
            if (port >= 0 && !attached.contains(stdout)) {
              stalls.add(TaskStall.attach(port, step, partition));
              attached.add(stdout);
            }
          }
        } catch (IOException | UncheckedIOException e) {
          // no scratch space yet, or a folder that appeared or went while listing: look again
        }
        try {
          Thread.sleep(20);
        } catch (InterruptedException e) {
          return;
        }
      }
    }

    @Override
    public void close() {
      closed = true;
      watcher.interrupt();
      try {
        watcher.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      stalls.forEach(TaskStall::close);
    }
  }

  /** A driver started through {@code deploy/bin/submit}, which execs the driver JVM. */
  private record Submitted(Process process, Path logFile) implements KillResume.Driver {
    @Override
    public String log() {
      try {
        return Files.readString(logFile);
      } catch (IOException e) {
        return "(no log: " + e + ")";
      }
    }
  }

  private static void assertComplete(Run run) throws IOException {
    Path dir = reports.resolve(run.id);
    for (String table : TABLES) {
      assertTrue(Files.exists(dir.resolve(table).resolve("_SUCCESS")), run.id + ": table " + table + " missing");
    }
    try (Stream<Path> files = Files.list(dir)) {
      assertTrue(files.anyMatch(f -> f.toString().endsWith(".png")), run.id + ": no plots");
    }
    try (Stream<Path> siblings = Files.list(reports)) {
      List<String> hidden = siblings.map(f -> f.getFileName().toString()).filter(n -> n.startsWith(".")).toList();
      assertEquals(List.of(), hidden, "temporary report folders left behind");
    }
    assertEquals(1, ReportTables.rows(dir.resolve("run")).size());
    assertEquals(EPOCHS * (TRAIN_ROWS / BATCH), ReportTables.rows(dir.resolve("history")).size(),
        run.id + ": history rows");
    List<Double> accuracy = ReportTables.rows(dir.resolve("metrics")).stream()
        .filter(g -> "test".equals(g.getString("split", 0)) && "accuracy".equals(g.getString("name", 0)))
        .map(g -> g.getDouble("value", 0)).toList();
    assertEquals(1, accuracy.size(), run.id + ": test accuracy rows");
    assertTrue(accuracy.get(0) > 0 && accuracy.get(0) <= 1, run.id + ": test accuracy " + accuracy);
    assertEquals((long) TEST_ROWS, ReportTables.rows(dir.resolve("confusion")).stream()
        .filter(g -> "test".equals(g.getString("split", 0))).mapToLong(g -> g.getLong("count", 0)).sum());
    assertEquals(13, ReportTables.rows(dir.resolve("class_report")).stream()
        .filter(g -> "test".equals(g.getString("split", 0))).count());
  }

  /** The model table's weights ordered by (output, feature_index). */
  private static double[] weights(String id) throws IOException {
    return ReportTables.rows(reports.resolve(id).resolve("model")).stream()
        .sorted(Comparator.<Group>comparingInt(g -> g.getInteger("output", 0))
            .thenComparingInt(g -> g.getInteger("feature_index", 0)))
        .mapToDouble(g -> g.getDouble("weight", 0)).toArray();
  }

  private static void deleteTree(Path p) throws IOException {
    if (!Files.exists(p)) {
      return;
    }
    try (Stream<Path> all = Files.walk(p)) {
      for (Path f : all.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
        Files.delete(f);
      }
    }
  }

  private record Run(String id, double seconds) {}
}
