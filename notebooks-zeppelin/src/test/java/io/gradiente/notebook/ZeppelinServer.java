package io.gradiente.notebook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * One Zeppelin server on a free loopback port, started from a {@link ZeppelinBuild} home with a configuration of
 * its own under {@code run} (notebook, log, pid and repository folders, anonymous access), and a Spark home whose
 * {@code jars/} Maven filled; driven through the REST API. {@link #close()} (and a JVM shutdown hook) stops the
 * server and every interpreter process it started, by pid: SIGTERM to the server first, then SIGKILL to whatever
 * is still alive.
 */
final class ZeppelinServer implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration START_TIMEOUT = Duration.ofMinutes(2);

  private final Path run;
  private final Process process;
  private final String base;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  /** The server's descendants seen so far: interpreter processes outlive a restart only if Zeppelin fails. */
  private final Set<ProcessHandle> children = new LinkedHashSet<>();
  private final Thread hook = new Thread(this::kill, "zeppelin-server-cleanup");

  private ZeppelinServer(Path run, Process process, int port) {
    this.run = run;
    this.process = process;
    this.base = "http://127.0.0.1:" + port;
  }

  /** Lays out the configuration under {@code run}, starts the server and waits until its REST API answers. */
  static ZeppelinServer start(Path home, Path sparkHome, Path run, PrintStream progress)
      throws IOException, InterruptedException {
    writeSparkSubmit(sparkHome);
    int port = freePort();
    Path conf = Files.createDirectories(run.resolve("conf"));
    for (String file : List.of("log4j.properties", "log4j2.properties")) {
      Files.copy(home.resolve("conf-template").resolve(file), conf.resolve(file), StandardCopyOption.REPLACE_EXISTING);
    }
    Files.writeString(conf.resolve("zeppelin-site.xml"), site(home, run, port), StandardCharsets.UTF_8);
    Path logs = Files.createDirectories(run.resolve("logs"));
    Files.createDirectories(run.resolve("notebook"));
    Files.createDirectories(run.resolve("pid"));
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb = new ProcessBuilder(java, "-Xmx512m",
        "-Dzeppelin.log.file=" + logs.resolve("zeppelin-server.log"),
        "-Dlog4j.configuration=file://" + conf.resolve("log4j.properties"),
        "-cp", conf + ":" + home.resolve("lib") + "/*", "org.apache.zeppelin.server.ZeppelinServer")
        .directory(run.toFile()).redirectErrorStream(true).redirectOutput(logs.resolve("server.out").toFile());
    Map<String, String> env = pb.environment();
    env.put("ZEPPELIN_HOME", home.toString());
    env.put("ZEPPELIN_CONF_DIR", conf.toString());
    env.put("ZEPPELIN_LOG_DIR", logs.toString());
    env.put("ZEPPELIN_PID_DIR", run.resolve("pid").toString());
    env.put("JAVA_HOME", System.getProperty("java.home"));
    env.put("SPARK_HOME", sparkHome.toString());
    env.put("OPENBLAS_NUM_THREADS", "1");
    ZeppelinServer server = new ZeppelinServer(run, pb.start(), port);
    Runtime.getRuntime().addShutdownHook(server.hook);
    progress.println("zeppelin: server pid " + server.process.pid() + " on " + server.base + ", files in " + run);
    server.awaitStarted();
    return server;
  }

  /** Spark's {@code bin/spark-class} in short: the launcher prints the command, NUL-separated, and it is run. */
  private static void writeSparkSubmit(Path sparkHome) throws IOException {
    Path script = Files.createDirectories(sparkHome.resolve("bin")).resolve("spark-submit");
    Files.writeString(script, """
        #!/usr/bin/env bash
        # spark-submit for a Spark home that holds only jars/, as Spark's bin/spark-class runs it: the launcher
        # prints a NUL and a newline, then the command with NUL after each argument, and its exit status last.
        export SPARK_HOME="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
        # Spark's bin/load-spark-env.sh sets this; without it the launcher looks for a source build.
        export SPARK_SCALA_VERSION="${SPARK_SCALA_VERSION:-2.12}"
        java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
        cmd=()
        delim=$'\\n'
        started=false
        while IFS= read -d "$delim" -r arg; do
          if [ "$started" = true ]; then
            cmd+=("$arg")
          elif [ -z "$arg" ]; then
            delim=''
            started=true
          else
            echo "$arg"
          fi
        done < <("$java" -Xmx128m -cp "$SPARK_HOME/jars/*" org.apache.spark.launcher.Main \\
          org.apache.spark.deploy.SparkSubmit "$@"; printf '%d\\0' $?)
        status=${cmd[${#cmd[@]}-1]}
        unset 'cmd[${#cmd[@]}-1]'
        [ "$status" = 0 ] || exit "$status"
        exec "${cmd[@]}"
        """, StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  private static String site(Path home, Path run, int port) {
    Map<String, String> properties = new java.util.LinkedHashMap<>();
    properties.put("zeppelin.server.addr", "127.0.0.1");
    properties.put("zeppelin.server.port", Integer.toString(port));
    properties.put("zeppelin.home", home.toString());
    properties.put("zeppelin.notebook.dir", run.resolve("notebook").toString());
    properties.put("zeppelin.interpreter.dir", home.resolve("interpreter").toString());
    properties.put("zeppelin.interpreter.localRepo", run.resolve("local-repo").toString());
    properties.put("zeppelin.dep.localrepo", run.resolve("local-repo").toString());
    properties.put("zeppelin.war.tempdir", run.resolve("webapps").toString());
    properties.put("zeppelin.war", home.resolve("zeppelin-web/dist").toString());
    properties.put("zeppelin.angular.war", home.resolve("zeppelin-web-angular/dist/zeppelin").toString());
    properties.put("zeppelin.recovery.dir", run.resolve("recovery").toString());
    properties.put("zeppelin.plugins.dir", run.resolve("plugins").toString());
    properties.put("zeppelin.config.fs.dir", run.resolve("conf").toString());
    properties.put("zeppelin.search.enable", "false");
    StringBuilder xml = new StringBuilder("<?xml version=\"1.0\"?>\n<configuration>\n");
    properties.forEach((name, value) -> xml.append("  <property><name>").append(name).append("</name><value>")
        .append(value).append("</value></property>\n"));
    return xml.append("</configuration>\n").toString();
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private void awaitStarted() throws IOException, InterruptedException {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("the Zeppelin server exited with " + process.exitValue() + ":\n" + logs());
      }
      try {
        JsonNode version = get("/api/version");
        if (version.path("body").path("version").asText().equals(ZeppelinBuild.VERSION)) {
          return;
        }
      } catch (ConnectException e) {
        // not listening yet
      }
      Thread.sleep(500);
    }
    throw new IllegalStateException("the Zeppelin server did not answer in " + START_TIMEOUT + ":\n" + logs());
  }

  /** Sets properties of the {@code spark} interpreter setting (Zeppelin restarts its interpreters). */
  void configureSpark(Map<String, String> values) throws IOException, InterruptedException {
    JsonNode setting = get("/api/interpreter/setting/spark").path("body");
    ObjectNode properties = setting.path("properties").deepCopy();
    values.forEach((name, value) -> properties.putObject(name).put("name", name).put("value", value)
        .put("type", name.startsWith("zeppelin.") && (value.equals("true") || value.equals("false")) ? "checkbox"
            : "string"));
    ObjectNode update = JSON.createObjectNode();
    update.set("properties", properties);
    update.set("dependencies", setting.path("dependencies"));
    update.set("option", setting.path("option"));
    expectOk(send("PUT", "/api/interpreter/setting/spark", update.toString()), "update the spark interpreter");
  }

  /** Stops the Spark interpreter's processes; the next {@code %spark} paragraph starts a new one. */
  void restartSpark() throws IOException, InterruptedException {
    rememberChildren();
    expectOk(send("PUT", "/api/interpreter/setting/restart/spark", ""), "restart the spark interpreter");
  }

  /** Imports a note ({@code .zpln} JSON) and returns its id. */
  String importNote(String zpln) throws IOException, InterruptedException {
    JsonNode r = send("POST", "/api/notebook/import", zpln);
    expectOk(r, "import a note");
    return r.path("body").asText();
  }

  /**
   * Runs every paragraph of a note in order with these form values (Zeppelin stops at the first paragraph that
   * fails), waiting until it is done; prints each paragraph that finishes.
   */
  void runAll(String noteId, Map<String, String> params, Duration timeout, PrintStream progress)
      throws IOException, InterruptedException {
    ObjectNode body = JSON.createObjectNode();
    params.forEach(body.putObject("params")::put);
    expectOk(send("POST", "/api/notebook/job/" + noteId + "?blocking=false&isolated=false", body.toString()),
        "run note " + noteId);
    long deadline = System.nanoTime() + timeout.toNanos();
    Set<String> reported = new java.util.HashSet<>();
    while (true) {
      JsonNode job = get("/api/notebook/job/" + noteId).path("body");
      rememberChildren();
      int i = 0;
      for (JsonNode p : job.path("paragraphs")) {
        i++;
        String status = p.path("status").asText();
        if ((status.equals("FINISHED") || status.equals("ERROR")) && reported.add(p.path("id").asText())) {
          progress.printf("zeppelin: note %s paragraph %d %s%n", noteId, i, status);
        }
      }
      if (!job.path("isRunning").asBoolean(true)) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("note " + noteId + " still running after " + timeout + ":\n" + logs());
      }
      Thread.sleep(1000);
    }
  }

  /** A note with every paragraph's status and results. */
  JsonNode note(String noteId) throws IOException, InterruptedException {
    JsonNode r = get("/api/notebook/" + noteId);
    expectOk(r, "read note " + noteId);
    return r.path("body");
  }

  private JsonNode get(String path) throws IOException, InterruptedException {
    return send("GET", path, null);
  }

  private JsonNode send(String method, String path, String body) throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofMinutes(2));
    request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    JsonNode json = response.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(response.body());
    if (response.statusCode() / 100 != 2) {
      throw new IllegalStateException(method + " " + path + " answered " + response.statusCode() + ": "
          + response.body());
    }
    return json;
  }

  private static void expectOk(JsonNode response, String what) {
    if (!response.path("status").asText().equals("OK")) {
      throw new IllegalStateException("cannot " + what + ": " + response);
    }
  }

  private void rememberChildren() {
    process.descendants().forEach(children::add);
  }

  /** The pids of the server and of the interpreter processes seen so far. */
  List<Long> pids() {
    rememberChildren();
    List<Long> pids = new java.util.ArrayList<>(List.of(process.pid()));
    children.forEach(c -> pids.add(c.pid()));
    return pids;
  }

  /** The end of the server's log and of every interpreter log, for failure messages. */
  String logs() {
    StringBuilder sb = new StringBuilder();
    try (var files = Files.list(run.resolve("logs"))) {
      for (Path f : files.sorted().toList()) {
        sb.append("--- ").append(f.getFileName()).append('\n').append(ZeppelinBuild.tail(f, 40)).append('\n');
      }
    } catch (IOException e) {
      sb.append("(cannot list ").append(run.resolve("logs")).append(": ").append(e).append(")\n");
    }
    return sb.toString();
  }

  @Override
  public void close() {
    kill();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // the JVM is shutting down and runs the hook itself
    }
  }

  private void kill() {
    rememberChildren();
    process.destroy();
    try {
      process.waitFor(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    for (ProcessHandle h : children) {
      h.destroyForcibly();
    }
    process.destroyForcibly();
    for (ProcessHandle h : children) {
      h.onExit().completeOnTimeout(null, 10, TimeUnit.SECONDS).join();
    }
  }
}
