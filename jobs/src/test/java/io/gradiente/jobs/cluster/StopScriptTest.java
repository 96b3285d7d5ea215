package io.gradiente.jobs.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code deploy/local-cluster/stop.sh} kills a pid from its pid file only while that pid is still the Spark daemon
 * start.sh launched: a pid since reused by another program is left alone (and its stale pid file removed).
 */
class StopScriptTest {
  private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
  @TempDir
  Path dir;

  @Test
  void killsTheDaemonItStartedButNotAProgramThatReusedItsPid() throws Exception {
    Path sparkHome = dir.resolve("spark-home");
    Files.createDirectories(dir.resolve("cluster/pids"));
    // Stand-ins: one whose command line is a master's (its class and a jar of this Spark home), one that is not.
    Process master = new ProcessBuilder("sh", "-c", "sleep 600; :", "org.apache.spark.deploy.master.Master",
        sparkHome + "/jars/*").start();
    Process other = new ProcessBuilder("sh", "-c", "sleep 600; :").start();
    try {
      Files.writeString(dir.resolve("cluster/pids/master.pid"), master.pid() + "\n");
      Files.writeString(dir.resolve("cluster/pids/worker-1.pid"), other.pid() + "\n");
      ProcessBuilder script = new ProcessBuilder("bash", ROOT.resolve("deploy/local-cluster/stop.sh").toString())
          .redirectErrorStream(true);
      script.environment().put("CLUSTER_DIR", dir.resolve("cluster").toString());
      script.environment().put("SPARK_HOME", sparkHome.toString());
      Process stop = script.start();
      String out = new String(stop.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(stop.waitFor(60, TimeUnit.SECONDS), out);
      assertEquals(0, stop.exitValue(), out);
      assertTrue(master.waitFor(20, TimeUnit.SECONDS), "the master stand-in is stopped: " + out);
      assertTrue(other.isAlive(), "the other program is left alone: " + out);
      assertTrue(out.contains("stop: worker-1: pid " + other.pid() + " is no longer the Spark worker-1 that "
          + "start.sh started, leaving it alone"), out);
      assertFalse(Files.exists(dir.resolve("cluster/pids/worker-1.pid")), "the stale pid file is removed");
    } finally {
      for (Process p : new Process[] {master, other}) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
      }
    }
  }
}
