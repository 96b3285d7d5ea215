package io.gradiente.jobs.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A Spark standalone cluster on 127.0.0.1 driven through the scripts in {@code deploy/local-cluster/} (so the
 * scripts are what is tested), plus the processes a test starts against it. {@link #close()} and a JVM shutdown
 * hook stop everything by process id, also when a test fails or the JVM is interrupted: first the scripts'
 * {@code stop.sh}, then SIGKILL for any daemon, executor or submitted driver still alive.
 */
final class LocalCluster implements AutoCloseable {
  /**
   * Ports of this cluster, kept apart from Spark's defaults: the master and its UI; worker i uses the next ones
   * (17078.., 18081..). {@code -Dgradiente.masterPort} and {@code -Dgradiente.webuiPort} move them, e.g. when two
   * builds run on one machine.
   */
  static final int MASTER_PORT = Integer.getInteger("gradiente.masterPort", 17077);
  static final int MASTER_WEBUI_PORT = Integer.getInteger("gradiente.webuiPort", 18080);

  final Path root;
  final Path sparkHome;
  final Path dir;
  private final List<ProcessHandle> started = new CopyOnWriteArrayList<>();
  private final Thread hook = new Thread(this::killAll, "local-cluster-cleanup");
  private volatile boolean closed;

  LocalCluster(Path root, Path sparkHome, Path dir) {
    this.root = root;
    this.sparkHome = sparkHome;
    this.dir = dir;
    Runtime.getRuntime().addShutdownHook(hook);
  }

  /** From the system properties the failsafe configuration in jobs/pom.xml sets. */
  static LocalCluster fromBuild() {
    return new LocalCluster(Path.of(required("gradiente.root")).toAbsolutePath().normalize(),
        Path.of(required("gradiente.sparkHome")), Path.of(required("gradiente.clusterDir")));
  }

  /**
   * Skips an integration test that is not run by failsafe (for example picked by a surefire {@code -Dtest}
   * pattern in the test phase, before the shaded jar exists); under failsafe the properties are always set.
   */
  static void assumeIntegrationPhase() {
    org.junit.jupiter.api.Assumptions.assumeTrue(System.getProperty("gradiente.shadedJar") != null,
        "integration test: runs in the integration-test phase (mvn verify, failsafe), after the shaded jar is built");
  }

  static String required(String property) {
    String v = System.getProperty(property);
    if (v == null || v.isBlank()) {
      throw new IllegalStateException("system property " + property + " is not set (run through mvn verify)");
    }
    return v;
  }

  String masterUrl() {
    return "spark://127.0.0.1:" + MASTER_PORT;
  }

  /** The environment every script and submitted driver gets. */
  Map<String, String> environment() {
    return Map.of("SPARK_HOME", sparkHome.toString(), "SPARK_SCALA_VERSION",
        required("gradiente.scalaBinaryVersion"), "SPARK_LOCAL_IP", "127.0.0.1",
        "CLUSTER_DIR", dir.toString(), "MASTER_PORT", Integer.toString(MASTER_PORT), "MASTER_WEBUI_PORT",
        Integer.toString(MASTER_WEBUI_PORT), "WORKER_PORT_BASE", Integer.toString(MASTER_PORT),
        "WORKER_WEBUI_PORT_BASE", Integer.toString(MASTER_WEBUI_PORT),
        "OPENBLAS_NUM_THREADS", "1",
        // Short runs on a small machine: the client compiler starts faster and leaves the cores to the work.
        "GRADIENTE_JAVA_OPTS", "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC");
  }

  /** {@code deploy/local-cluster/spark-home.sh}: the build's Spark line from the Maven-resolved jars (cached). */
  void assembleSparkHome() throws IOException, InterruptedException {
    // The same local repository as the build that runs this test, offline when that build is: the Spark jars
    // are already there because the build resolved them.
    String repo = System.getProperty("maven.repo.local");
    String mvnOpts = ("offline-true".equals(System.getProperty("gradiente.mavenOffline")) ? "-o" : "")
        + (repo == null || repo.isBlank() ? "" : " -Dmaven.repo.local=" + repo);
    script(Duration.ofMinutes(5), Map.of("MVN_OPTS", mvnOpts, "SPARK_LINE", required("gradiente.sparkLine")),
        "deploy/local-cluster/spark-home.sh");
  }

  /** {@code deploy/local-cluster/start.sh}: master and two workers, registered. */
  void start() throws IOException, InterruptedException {
    Files.createDirectories(dir);
    script(Duration.ofMinutes(3), Map.of(), "deploy/local-cluster/start.sh");
    for (String name : List.of("master", "worker-1", "worker-2")) {
      pid(name).flatMap(ProcessHandle::of).ifPresent(started::add);
    }
  }

  /** The pid the scripts recorded for a daemon ({@code master}, {@code worker-1}, ...). */
  Optional<Long> pid(String name) throws IOException {
    Path file = dir.resolve("pids").resolve(name + ".pid");
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    return Optional.of(Long.parseLong(Files.readString(file, StandardCharsets.US_ASCII).trim()));
  }

  /**
   * SIGKILL one daemon by the pid its pid file holds, as a crashed machine would go. Only that process: its
   * executor notices the lost worker and exits by itself (it is still remembered here, for the cleanup).
   */
  long killDaemon(String name) throws IOException {
    long pid = pid(name).orElseThrow(() -> new IllegalStateException("no pid file for " + name));
    ProcessHandle h = ProcessHandle.of(pid).orElseThrow(() -> new IllegalStateException(name + " is not running"));
    started.addAll(h.descendants().toList());
    h.destroyForcibly();
    try {
      h.onExit().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(name + " (pid " + pid + ") did not die", e);
    }
    return pid;
  }

  /** The number of alive workers in the master's JSON. */
  int aliveWorkers() throws IOException, InterruptedException {
    Process p = new ProcessBuilder("curl", "-fsS", "--max-time", "5",
        "http://127.0.0.1:" + MASTER_WEBUI_PORT + "/json/").redirectErrorStream(true).start();
    String json = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor(10, TimeUnit.SECONDS);
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"aliveworkers\"\\s*:\\s*(\\d+)").matcher(json);
    return m.find() ? Integer.parseInt(m.group(1)) : -1;
  }

  /** Starts a process with this cluster's environment; it is killed (with its children) on close. */
  Process launch(List<String> command, Path log) throws IOException {
    return launch(command, log, Map.of());
  }

  /** As {@link #launch(List, Path)}, with {@code env} over this cluster's environment. */
  Process launch(List<String> command, Path log, Map<String, String> env) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true)
        .redirectOutput(log.toFile());
    pb.environment().putAll(environment());
    pb.environment().putAll(env);
    Process p = pb.start();
    started.add(p.toHandle());
    return p;
  }

  /** Runs a script under the project root and fails with its output when it fails. */
  String script(Duration timeout, Map<String, String> env, String... command)
      throws IOException, InterruptedException {
    Files.createDirectories(dir);
    Path log = Files.createTempFile(dir, "script-", ".log");
    List<String> cmd = new ArrayList<>(List.of("bash"));
    cmd.addAll(List.of(command));
    Process p = launch(cmd, log, env);
    boolean done = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    String out = Files.readString(log);
    if (!done) {
      kill(p.toHandle());
      throw new IllegalStateException(String.join(" ", command) + " timed out after " + timeout + ":\n" + out);
    }
    if (p.exitValue() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " exited " + p.exitValue() + ":\n" + out
          + "\n" + daemonLogs());
    }
    return out;
  }

  /** The tail of every daemon log, for failure messages. */
  String daemonLogs() {
    StringBuilder sb = new StringBuilder();
    Path logs = dir.resolve("logs");
    if (!Files.isDirectory(logs)) {
      return "";
    }
    try (Stream<Path> files = Files.list(logs)) {
      for (Path f : files.sorted().toList()) {
        List<String> lines = Files.readAllLines(f);
        sb.append("--- ").append(f.getFileName()).append('\n');
        lines.subList(Math.max(0, lines.size() - 30), lines.size()).forEach(l -> sb.append(l).append('\n'));
      }
    } catch (IOException e) {
      sb.append("(cannot read logs: ").append(e).append(")\n");
    }
    return sb.toString();
  }

  /** SIGKILL a process and all its descendants, children first so none is reparented and missed. */
  static void kill(ProcessHandle p) {
    List<ProcessHandle> family = new ArrayList<>(p.descendants().toList());
    family.add(p);
    for (ProcessHandle h : family) {
      h.destroyForcibly();
    }
    for (ProcessHandle h : family) {
      try {
        h.onExit().get(10, TimeUnit.SECONDS);
      } catch (Exception ignored) {
        // best effort: already gone or not ours to wait for
      }
    }
  }

  /** Stops the cluster through stop.sh, then kills whatever it started that is still alive. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      if (Files.isDirectory(dir.resolve("pids"))) {
        script(Duration.ofSeconds(60), Map.of(), "deploy/local-cluster/stop.sh");
      }
    } catch (Exception e) {
      System.err.println("local cluster: stop.sh failed, killing by pid: " + e.getMessage());
    } finally {
      killAll();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // the hook is running
      }
    }
  }

  private void killAll() {
    List<ProcessHandle> all = new ArrayList<>(started);
    for (String name : List.of("worker-1", "worker-2", "worker-3", "master")) {
      try {
        pid(name).flatMap(ProcessHandle::of).ifPresent(all::add);
      } catch (IOException | RuntimeException ignored) {
        // no pid file
      }
    }
    for (ProcessHandle h : all) {
      if (h.isAlive()) {
        kill(h);
      }
    }
  }
}
