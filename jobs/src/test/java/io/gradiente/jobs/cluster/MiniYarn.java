package io.gradiente.jobs.cluster;

import io.gradiente.jobs.TaskStall;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.server.MiniYARNCluster;

/**
 * A YARN cluster in this JVM (a ResourceManager and one NodeManager from {@code hadoop-client-minicluster}, the
 * Hadoop version Spark 3.5 is built against) whose containers are real JVMs started by the NodeManager, plus what
 * {@code deploy/bin/submit --master yarn} needs to reach it: a Spark home with Spark's YARN module and a Hadoop
 * configuration folder. {@link #close()} stops the cluster (which stops its containers); it and a JVM shutdown hook
 * SIGKILL, by process id, any container JVM still alive. Submits go through {@link LocalCluster#launch}.
 */
final class MiniYarn implements AutoCloseable {
  /** The NodeManager's capacity: two executors and an application master, with room for a replacement. */
  private static final int NODE_MEMORY_MB = 6144;
  private static final int NODE_VCORES = 8;
  /** MiniYARNCluster's name, and so a part of its folder (and of its containers' command lines). */
  private static final String WORK = "gradiente-yarn";

  /**
   * The web services of the ResourceManager and NodeManager log each class they register through
   * java.util.logging; held here, so that its level stays set (the logging keeps loggers only weakly).
   */
  private static final java.util.logging.Logger JERSEY =
      java.util.logging.Logger.getLogger("org.apache.hadoop.shaded.com.sun.jersey");

  final Path dir;
  final Path sparkHome;
  final Path confDir;
  private final MiniYARNCluster yarn;

  private MiniYarn(Path dir, Path sparkHome, Path confDir, MiniYARNCluster yarn) {
    this.dir = dir;
    this.sparkHome = sparkHome;
    this.confDir = confDir;
    this.yarn = yarn;
  }

  /**
   * Starts the cluster (its files under {@code target/test/data/gradiente-yarn/} of the working folder, where
   * MiniYARNCluster puts them) and lays out {@code dir} (which must not exist yet): a Spark home of symbolic links
   * to the jars of {@code sparkJars} plus the {@code spark-yarn} jar of this test's class path, and
   * {@code hadoop-conf/} with the running cluster's addresses.
   */
  static MiniYarn start(Path dir, Path sparkJars) throws IOException, InterruptedException {
    Path sparkHome = dir.resolve("spark-home");
    layOutSparkHome(sparkJars, sparkHome);
    JERSEY.setLevel(java.util.logging.Level.WARNING);
    YarnConfiguration conf = new YarnConfiguration();
    // One queue with the whole cluster (the capacity scheduler has none by default in a bare configuration).
    conf.set("yarn.scheduler.capacity.root.queues", "default");
    conf.set("yarn.scheduler.capacity.root.default.capacity", "100");
    conf.set("yarn.scheduler.capacity.root.default.maximum-capacity", "100");
    conf.setInt(YarnConfiguration.NM_PMEM_MB, NODE_MEMORY_MB);
    conf.setInt(YarnConfiguration.NM_VCORES, NODE_VCORES);
    conf.setInt(YarnConfiguration.RM_SCHEDULER_MINIMUM_ALLOCATION_MB, 128);
    conf.setInt(YarnConfiguration.RM_SCHEDULER_MAXIMUM_ALLOCATION_MB, NODE_MEMORY_MB);
    // Containers are JVMs whose virtual memory is far above their heap, and a full build disk is no reason to stop.
    conf.setBoolean(YarnConfiguration.NM_PMEM_CHECK_ENABLED, false);
    conf.setBoolean(YarnConfiguration.NM_VMEM_CHECK_ENABLED, false);
    conf.setFloat(YarnConfiguration.NM_MAX_PER_DISK_UTILIZATION_PERCENTAGE, 100f);
    MiniYARNCluster yarn = new MiniYARNCluster(WORK, 1, 1, 1);
    MiniYarn cluster = new MiniYarn(dir, sparkHome, dir.resolve("hadoop-conf"), yarn);
    Runtime.getRuntime().addShutdownHook(new Thread(MiniYarn::killContainers, "mini-yarn-cleanup"));
    try {
      yarn.init(conf);
      yarn.start();
      cluster.writeConf();
    } catch (IOException | InterruptedException | RuntimeException e) {
      cluster.close();
      throw e;
    }
    return cluster;
  }

  /**
   * {@code sparkJars}' jars and Spark's YARN module as links in {@code home/jars} (a new folder), Spark's log
   * settings.
   */
  private static void layOutSparkHome(Path sparkJars, Path home) throws IOException {
    Path jars = home.resolve("jars");
    Files.createDirectories(jars);
    Files.createDirectories(home.resolve("conf"));
    try (Stream<Path> files = Files.list(sparkJars.resolve("jars"))) {
      for (Path jar : files.filter(f -> f.toString().endsWith(".jar")).toList()) {
        Files.createSymbolicLink(jars.resolve(jar.getFileName()), jar.toAbsolutePath());
      }
    }
    Path yarnJar;
    try {
      yarnJar = Path.of(org.apache.spark.deploy.yarn.Client.class.getProtectionDomain().getCodeSource()
          .getLocation().toURI());
    } catch (java.net.URISyntaxException e) {
      throw new IOException(e);
    }
    Files.createSymbolicLink(jars.resolve(yarnJar.getFileName()), yarnJar);
    Files.copy(sparkJars.resolve("conf").resolve("log4j2.properties"), home.resolve("conf").resolve(
        "log4j2.properties"));
  }

  /**
   * {@code hadoop-conf/yarn-site.xml}: the running cluster's whole configuration, once the ResourceManager has
   * put its real port into it (start() can return a moment before).
   */
  private void writeConf() throws IOException, InterruptedException {
    Configuration conf = yarn.getConfig();
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (conf.get(YarnConfiguration.RM_ADDRESS, ":0").endsWith(":0")) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the ResourceManager has no address after 30 s");
      }
      Thread.sleep(100);
    }
    Files.createDirectories(confDir);
    try (OutputStream out = Files.newOutputStream(confDir.resolve("yarn-site.xml"))) {
      conf.writeXml(out);
    }
  }

  /**
   * The Spark settings every submit to this cluster needs: Spark's jars from the Spark home on the node (nothing
   * uploaded), the JDK of this JVM for the containers (a NodeManager passes on its own {@code JAVA_HOME}, which a
   * Maven build need not have), a staging folder under {@link #dir}, and one application attempt.
   */
  List<String> sparkSettings() {
    String javaHome = System.getProperty("java.home");
    return List.of("spark.yarn.jars=local:" + sparkHome.resolve("jars") + "/*",
        "spark.yarn.stagingDir=" + dir.resolve("staging").toUri(),
        "spark.executorEnv.JAVA_HOME=" + javaHome, "spark.yarn.appMasterEnv.JAVA_HOME=" + javaHome,
        "spark.yarn.maxAppAttempts=1", "spark.yarn.am.memory=384m");
  }

  /** What a submit needs over {@link LocalCluster#environment()}: this Spark home and Hadoop configuration. */
  Map<String, String> environment() {
    return Map.of("SPARK_HOME", sparkHome.toString(), "HADOOP_CONF_DIR", confDir.toString());
  }

  /** The NodeManager's container log folders ({@code <application>/<container>/}) that have a {@code stderr}. */
  List<Path> containerLogs() {
    List<Path> logs = new ArrayList<>();
    Path base = yarn.getTestWorkDir().toPath();
    if (!Files.isDirectory(base)) {
      return logs;
    }
    try (Stream<Path> s = Files.find(base, 6, (p, a) -> p.getFileName().toString().equals("stderr"))) {
      s.map(Path::getParent).filter(p -> p.getFileName().toString().startsWith("container_")).forEach(logs::add);
    } catch (IOException | UncheckedIOException e) {
      // a folder that appeared or went while listing: the caller looks again
    }
    return logs;
  }

  /**
   * The containers whose JVM waits for a debugger ({@link io.gradiente.jobs.TaskStall#AGENT}), with the port it
   * printed to its stdout.
   */
  Map<String, Integer> debuggerPorts() {
    Map<String, Integer> ports = new HashMap<>();
    for (Path container : containerLogs()) {
      try {
        int port = TaskStall.port(Files.readString(container.resolve("stdout")));
        if (port >= 0) {
          ports.put(container.getFileName().toString(), port);
        }
      } catch (IOException e) {
        // not written yet
      }
    }
    return ports;
  }

  /**
   * SIGKILL the JVM of one executor container (a child of the NodeManager, so of this JVM; Spark names the
   * container's log folder on its command line), as an out-of-memory killer or a lost machine would; returns its pid.
   */
  long killExecutor(String container) {
    ProcessHandle executor = ProcessHandle.current().descendants()
        .filter(h -> h.info().commandLine().map(c -> c.contains("YarnCoarseGrainedExecutorBackend")
            && c.contains(container)).orElse(false))
        .findFirst().orElseThrow(() -> new IllegalStateException("no executor JVM for " + container));
    LocalCluster.kill(executor);
    return executor.pid();
  }

  /** The log folder of the application master (the first container) of the application named {@code name}. */
  Path amContainer(String name) {
    String app = yarn.getResourceManager().getRMContext().getRMApps().values().stream()
        .filter(a -> a.getName().equals(name)).map(a -> a.getApplicationId().toString()).findFirst()
        .orElseThrow(() -> new AssertionError("no application named " + name));
    String first = app.replace("application_", "container_") + "_01_000001";
    return containerLogs().stream().filter(c -> c.getFileName().toString().equals(first)).findFirst()
        .orElseThrow(() -> new AssertionError("no log folder of " + first));
  }

  /** The last lines of every container's stderr, for failure messages. */
  String containerLogTails() {
    StringBuilder sb = new StringBuilder();
    for (Path container : containerLogs()) {
      sb.append("--- ").append(container).append('\n');
      try {
        List<String> lines = Files.readAllLines(container.resolve("stderr"));
        lines.subList(Math.max(0, lines.size() - 40), lines.size()).forEach(l -> sb.append(l).append('\n'));
      } catch (IOException e) {
        sb.append("(cannot read: ").append(e).append(")\n");
      }
    }
    return sb.toString();
  }

  /** Stops the cluster, then SIGKILLs any container JVM that outlived it. */
  @Override
  public void close() {
    try {
      yarn.stop();
    } finally {
      killContainers();
    }
  }

  /** Every container JVM of the cluster still alive (their command lines name its folder), by process id. */
  private static void killContainers() {
    ProcessHandle.current().descendants()
        .filter(h -> h.info().commandLine().map(c -> c.contains(WORK)).orElse(false)).forEach(LocalCluster::kill);
  }
}
