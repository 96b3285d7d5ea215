package io.gradiente.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/**
 * An input on a file system that cannot be reached ends the command with exit code 1 (an environment failure,
 * something to retry), naming the file system and the cause; a missing file on a reachable one stays bad input
 * (exit code 2, {@link BadInputMatrixTest}).
 */
class UnreachableFileSystemTest {
  @Test
  void unreachableHdfsExitsOneNamingTheFileSystem() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    String hdfs = "hdfs://127.0.0.1:" + port;
    MainRun r = MainRun.of("train", "--model", "logistic", "--format", "csv",
        "--train", hdfs + "/data/train.csv", "--test", hdfs + "/data/test.csv", "--output", hdfs + "/reports",
        "--run-id", "unreachable", "--dry-run");
    assertEquals(Main.FAILURE, r.code(), r.err());
    assertEquals(1, r.errLines().size(), r.err());
    String line = r.errLines().get(0);
    assertTrue(line.startsWith("gradiente: failed: file system " + hdfs + " failed or cannot be reached (checking "
        + hdfs + "/data/train.csv): "), line);
    assertTrue(line.contains("Connection refused"), line);
  }
}
