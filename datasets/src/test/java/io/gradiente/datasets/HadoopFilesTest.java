package io.gradiente.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gradiente.core.data.BadInputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A missing file is bad input; a file system that cannot be reached is not a missing file. */
class HadoopFilesTest {
  @TempDir Path dir;

  @Test
  void existingAndMissingLocalFiles() throws IOException {
    Path file = Files.writeString(dir.resolve("a.csv"), "x");
    Configuration conf = new Configuration();
    assertTrue(HadoopFiles.exists(conf, file.toString()));
    assertFalse(HadoopFiles.exists(conf, dir.resolve("b.csv").toString()));
    assertFalse(HadoopFiles.exists(conf, "nosuchscheme://host/b.csv"), "an unknown scheme names no file");
    BadInputException e = assertThrows(BadInputException.class,
        () -> HadoopFiles.status(conf, dir.resolve("b.csv").toString()));
    assertEquals("no such file or directory: " + dir.resolve("b.csv"), e.getMessage());
  }

  @Test
  void anUnreachableFileSystemIsAnErrorNamingItNotAMissingFile() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Configuration conf = new Configuration();
    conf.setInt("ipc.client.connect.max.retries", 0);
    String path = "hdfs://127.0.0.1:" + port + "/data/train.csv";
    for (Runnable check : new Runnable[] {() -> HadoopFiles.exists(conf, path), () -> HadoopFiles.status(conf, path)}) {
      UncheckedIOException e = assertThrows(UncheckedIOException.class, check::run);
      assertTrue(e.getMessage().startsWith("file system hdfs://127.0.0.1:" + port + " failed or cannot be reached"),
          e.getMessage());
      assertTrue(e.getMessage().contains("Connection refused"), e.getMessage());
    }
  }
}
