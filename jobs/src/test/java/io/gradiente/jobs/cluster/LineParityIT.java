package io.gradiente.jobs.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The two Spark lines give the same weights: the lesson run by this build's shaded jar through
 * {@code deploy/bin/submit} ({@code local[2]}, the bundled digits, 5 epochs) writes its reports under
 * {@code jobs/target/line-parity/<line>/}, and every model table of every run must equal, bit for bit, the one the
 * other line's build wrote there (the spark3 and spark4 builds share that folder). The first line to run has nothing
 * to compare with and says so; {@code -Dgradiente.lineParity.required=true} (what {@code .ci/run} passes to the
 * second line) makes that a failure.
 */
class LineParityIT {
  private static final String DONE = "_LESSON_DONE";

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
          "--overwrite"),
          log);
      assertTrue(p.waitFor(10, TimeUnit.MINUTES), "the lesson did not end; " + log);
      assertEquals(0, p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
      System.out.printf("LineParityIT: the lesson on %s (Spark %s) took %.1f s through spark-submit%n", line,
          LocalCluster.required("gradiente.sparkVersion"), (System.nanoTime() - started) / 1e9);
      Files.writeString(mine.resolve(DONE), LocalCluster.required("gradiente.sparkVersion"));
    }

    List<Path> models = modelTables(mine);
    assertEquals(9, models.size(), "one model table per lesson run: " + models);
    Path theirs = parity.resolve(other);
    boolean required = Boolean.getBoolean("gradiente.lineParity.required");
    if (!Files.isRegularFile(theirs.resolve(DONE))) {
      assertFalse(required, "no lesson of the " + other + " build in " + theirs + " to compare with");
      Assumptions.abort("nothing to compare yet: run the " + other + " build's verify too (" + theirs + ")");
    }
    for (Path model : models) {
      Path twin = theirs.resolve(mine.relativize(model));
      assertEquals(exactWithoutRunId(twin), exactWithoutRunId(model),
          mine.relativize(model) + ": " + line + " and " + other + " (Spark "
              + Files.readString(theirs.resolve(DONE)) + ") differ");
    }
  }

  /** The model tables under a lesson's output, in path order. */
  private static List<Path> modelTables(Path output) throws Exception {
    try (Stream<Path> files = Files.walk(output)) {
      return files.filter(f -> Files.isDirectory(f) && f.getFileName().toString().equals("model")).sorted().toList();
    }
  }

  /** The table's rows with exact doubles, without the run id (each run has its own). */
  private static List<String> exactWithoutRunId(Path table) throws Exception {
    return ReportTables.exactRows(table, "output", "feature_index").stream()
        .map(row -> row.replaceFirst("run_id=\\S* ", "")).toList();
  }
}
