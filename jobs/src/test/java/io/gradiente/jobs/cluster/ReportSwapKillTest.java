package io.gradiente.jobs.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gradiente.core.report.RunReport;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.hdfs.DistributedFileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Overwriting a report loses neither the old nor the new one, on the local file system and on HDFS: a child JVM
 * publishes a new report over an old one and is killed with SIGKILL before each rename and delete of the swap in
 * turn; then what the next run does first ({@link RunReport#checkTarget}) must leave exactly one report under the
 * run id, the old or the new, and the new one whenever it was complete before the kill. The same with the rename or
 * delete failing instead, in this JVM.
 */
class ReportSwapKillTest {
  private static final String RUN = "r";
  @TempDir
  static Path base;
  private static MiniDFSCluster dfs;
  private static final Configuration CONF = new Configuration();

  @BeforeAll
  static void startHdfs() throws IOException {
    dfs = MiniHdfs.start(base.resolve("dfs"));
  }

  @AfterAll
  static void stopHdfs() {
    dfs.shutdown(true);
  }

  private static String hdfs() {
    return "hdfs://127.0.0.1:" + dfs.getNameNodePort() + "/reports";
  }

  @Test
  void killedAtEachPointOfTheSwapOnTheLocalFileSystem() throws Exception {
    killAtEachPoint(base.resolve("local").toUri().toString(), LocalFileSystem.class);
  }

  @Test
  void killedAtEachPointOfTheSwapOnHdfs() throws Exception {
    killAtEachPoint(hdfs(), DistributedFileSystem.class);
  }

  @Test
  void aFailedRenameOrDeleteAtEachPointLosesNeitherReport() throws Exception {
    failAtEachPoint(base.resolve("failing").toUri().toString(), "file", LocalFileSystem.class);
    failAtEachPoint(hdfs() + "-failing", "hdfs", DistributedFileSystem.class);
  }

  /** An old report that an earlier version's swap left hidden as {@code .<run-id>.old-<uuid>} is put back. */
  @Test
  void anOldReportHiddenByAnEarlierVersionIsPutBack() throws IOException {
    String out = base.resolve("legacy").toUri().toString();
    write(new org.apache.hadoop.fs.Path(out, "." + RUN + ".old-" + UUID.randomUUID() + "/report"), "old");
    RunReport.checkTarget(CONF, out, RUN, true);
    assertEquals("old", read(report(out, RUN)));
    assertEquals(List.of(RUN), names(out));
  }

  private static void killAtEachPoint(String output, Class<? extends FileSystem> inner) throws Exception {
    List<String> points = new ArrayList<>();
    for (int at = 1; ; at++) {
      String out = output + "/" + at;
      write(report(out, RUN), "old");
      Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-cp", System.getProperty("java.class.path"), ReportSwapChild.class.getName(), out, RUN, inner.getName(),
          Integer.toString(at)).redirectErrorStream(true).start();
      String line = firstLine(child.getInputStream(), StopAtFileSystem.HANGING, "published");
      if (line.startsWith(StopAtFileSystem.HANGING)) {
        child.destroyForcibly();
      }
      assertTrue(child.waitFor(120, TimeUnit.SECONDS), "the child ended");
      if (!line.startsWith(StopAtFileSystem.HANGING)) {
        assertEquals(0, child.exitValue());
        assertEquals("new", read(report(out, RUN)));
        assertEquals(List.of(RUN), names(out));
        break;
      }
      assertEquals(137, child.exitValue(), "killed by SIGKILL " + line);
      points.add(line);
      checkRecovered(out, line);
    }
    // Moving the new report in, the old one aside, the new one onto the run folder, deleting the old one.
    assertEquals(4, points.size(), points.toString());
  }

  private static void failAtEachPoint(String output, String scheme, Class<? extends FileSystem> inner)
      throws Exception {
    for (int at = 1; ; at++) {
      String out = output + "/" + at;
      write(report(out, RUN), "old");
      org.apache.hadoop.fs.Path tmp = new org.apache.hadoop.fs.Path(out, "." + RUN + ".tmp-" + UUID.randomUUID());
      write(new org.apache.hadoop.fs.Path(tmp, "report"), "new");
      StopAtFileSystem.reset();
      Configuration failing = StopAtFileSystem.install(CONF, scheme, inner, at, "fail");
      try {
        RunReport.publish(failing, out, RUN, tmp);
        assertEquals(5, at, "four renames and deletes before this one");
        assertEquals("new", read(report(out, RUN)));
        return;
      } catch (IOException e) {
        String now = read(report(out, RUN));
        assertTrue(Set.of("old", "new").contains(now), "after failing operation " + at + " the run shows " + now);
        checkRecovered(out, "failing operation " + at);
      }
    }
  }

  /** What the next run does first leaves one complete report: the new one if it was complete, else the old. */
  private static void checkRecovered(String out, String when) throws IOException {
    String visible = read(report(out, RUN));
    String ready = read(new org.apache.hadoop.fs.Path(out, "." + RUN + ".new/report"));
    assertTrue(visible != null || "new".equals(ready), "no report and no complete new one after " + when + ": "
        + names(out));
    RunReport.checkTarget(CONF, out, RUN, true);
    String expected = "new".equals(ready) || "new".equals(visible) ? "new" : "old";
    assertEquals(expected, read(report(out, RUN)), "the report after " + when);
    assertEquals(List.of(RUN), names(out), "nothing hidden is left after " + when);
  }

  private static org.apache.hadoop.fs.Path report(String out, String runId) {
    return new org.apache.hadoop.fs.Path(RunReport.runPath(out, runId), "report");
  }

  private static void write(org.apache.hadoop.fs.Path file, String text) throws IOException {
    try (OutputStream o = file.getFileSystem(CONF).create(file, true)) {
      o.write(text.getBytes(StandardCharsets.UTF_8));
    }
  }

  /** The file's text, or null when it does not exist. */
  private static String read(org.apache.hadoop.fs.Path file) throws IOException {
    FileSystem fs = file.getFileSystem(CONF);
    if (!fs.exists(file)) {
      return null;
    }
    try (InputStream in = fs.open(file)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static List<String> names(String out) throws IOException {
    org.apache.hadoop.fs.Path dir = new org.apache.hadoop.fs.Path(out);
    return Arrays.stream(dir.getFileSystem(CONF).listStatus(dir)).map(FileStatus::getPath)
        .map(org.apache.hadoop.fs.Path::getName).filter(n -> !n.endsWith(".crc")).sorted().toList();
  }

  /** The first line of the child's output that starts with one of {@code marks}; fails with all of it otherwise. */
  private static String firstLine(InputStream in, String... marks) throws IOException {
    StringBuilder log = new StringBuilder();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        for (String mark : marks) {
          if (line.startsWith(mark)) {
            return line;
          }
        }
        log.append(line).append('\n');
      }
    }
    throw new AssertionError("the child ended without reaching a mark:\n" + log);
  }
}
