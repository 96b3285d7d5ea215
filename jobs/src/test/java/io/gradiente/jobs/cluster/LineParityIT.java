package io.gradiente.jobs.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The two Spark lines give the same weights: the lesson run by this build's shaded jar through
 * {@code deploy/bin/submit} ({@code local[2]}, the bundled digits, 5 epochs, run ids {@code parity_01-linear-fd-w}
 * ...) writes its reports under {@code jobs/target/line-parity/<line>/}, and every model table of every run (all
 * but the activations') must equal, bit for bit, the one the other line's build wrote there (the spark3 and spark4
 * builds share that folder). The comparison runs with {@code -Dgradiente.lineParity.required=true}, which
 * {@code deploy/bin/test} (and so {@code .ci/run}) passes to the second line it runs, right after the first line
 * wrote its lesson; without it the test runs and checks its own line's lesson only, so that a lesson the other line
 * left behind from older code is never taken for the reference.
 */
class LineParityIT {
  private static final String DONE = "_LESSON_DONE";
  /** The lesson's run-id prefix: the same folder names, and run ids, in both lines' outputs. */
  private static final String RUN_ID = "parity";

  @Test
  void lessonModelTablesEqualTheOtherLinesBitForBit() throws Exception {
    LocalCluster.assumeIntegrationPhase();
    String line = LocalCluster.required("gradiente.sparkLine");
    String other = "spark3".equals(line) ? "spark4" : "spark3";
    Path parity = Path.of(LocalCluster.required("gradiente.lineParity"));
    Path mine = parity.resolve(line);
    LocalCluster cluster = LocalCluster.fromBuild();
    try (cluster) {
      cluster.assembleSparkHome();
      Files.createDirectories(mine);
      Files.deleteIfExists(mine.resolve(DONE));
      Path log = parity.resolve(line + ".log");
      long started = System.nanoTime();
      Process p = cluster.launch(List.of("bash", "deploy/bin/submit", "--master", "local[2]", "--jar",
          LocalCluster.required("gradiente.shadedJar"), "--", "lesson", "--output", mine.toString(), "--epochs", "5",
          "--run-id", RUN_ID, "--overwrite"), log);
      assertTrue(p.waitFor(10, TimeUnit.MINUTES), "the lesson did not end; " + log);
      assertEquals(0, p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
      System.out.printf("LineParityIT: the lesson on %s (Spark %s) took %.1f s through spark-submit%n", line,
          LocalCluster.required("gradiente.sparkVersion"), (System.nanoTime() - started) / 1e9);
      Files.writeString(mine.resolve(DONE), LocalCluster.required("gradiente.sparkVersion"));
    }

    List<Path> models = modelTables(mine);
    assertEquals(8, models.size(), "one model table per lesson run but the activations': " + models);
    if (!Boolean.getBoolean("gradiente.lineParity.required")) {
      System.out.println("LineParityIT: the " + line + " lesson is in " + mine + "; the " + other
          + " build compares with it when run with -Dgradiente.lineParity.required=true (deploy/bin/test does)");
      return;
    }
    Path theirs = parity.resolve(other);
    assertTrue(Files.isRegularFile(theirs.resolve(DONE)), "no lesson of the " + other + " build in " + theirs);
    for (Path model : models) {
      Path twin = theirs.resolve(mine.relativize(model));
      assertEquals(ReportTables.exactRows(twin, "output", "feature_index"),
          ReportTables.exactRows(model, "output", "feature_index"),
          mine.relativize(model) + ": " + line + " and " + other + " (Spark "
              + Files.readString(theirs.resolve(DONE)) + ") differ");
    }
  }

  /** The model tables of this test's lesson runs, in path order. */
  private static List<Path> modelTables(Path output) throws Exception {
    try (Stream<Path> runs = Files.list(output)) {
      return runs.filter(run -> run.getFileName().toString().startsWith(RUN_ID + "_"))
          .map(run -> run.resolve("model")).filter(Files::isDirectory).sorted().toList();
    }
  }
}
