package io.gradiente.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gradiente.core.linalg.Blas;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad input at scale, through the command line: every case exits with code 2 and exactly one stderr line that
 * names what is wrong and where (file, line or row, field or option), prints no stack trace, and leaves neither a
 * report nor a checkpoint behind. Also: a diverged run exits 1 with one line and keeps its last checkpoint, and
 * {@code --on-bad-row skip} counts what it skipped in the run table.
 */
class BadInputMatrixTest {
  private static Path dir;

  @BeforeAll
  static void fixtures() throws IOException {
    dir = Files.createTempDirectory("gradiente-bad-input");
    csv("good.csv", "a,b,label", "0.1,0.2,0", "0.3,0.1,1", "0.5,0.9,1", "0.7,0.4,0");
    csv("ragged.csv", "a,b,label", "0.1,0.2,0", "0.3,1", "0.5,0.9,1");
    csv("nonnum.csv", "a,b,label", "0.1,0.2,0", "0.3,x,1", "0.5,0.9,1");
    csv("nan.csv", "a,b,label", "0.1,0.2,0", "0.3,0.1,1", "NaN,0.9,1");
    csv("inf.csv", "a,b,label", "0.1,0.2,0", "0.3,Infinity,1", "0.5,0.9,1");
    csv("labels.csv", "a,b,label", "0.1,0.2,0", "0.3,0.1,1", "0.5,0.9,2");
    csv("nolabel.csv", "a,b,y", "0.1,0.2,0", "0.3,0.1,1");
    csv("wide.csv", "a,b,c,label", "0.1,0.2,0.3,0", "0.3,0.1,0.2,1");
    csv("softmax.csv", "a,b,label", "0.1,0.2,0", "0.3,0.1,1", "0.5,0.9,5");
    Files.createFile(dir.resolve("empty.csv"));
    Files.createDirectories(dir.resolve("emptydir"));
    Files.createDirectories(dir.resolve("hdr"));
    csv("hdr/part-1.csv", "a,b,label", "0.1,0.2,0", "0.3,0.1,1");
    csv("hdr/part-2.csv", "a,c,label", "0.1,0.2,0", "0.3,0.1,1");
    Files.createDirectories(dir.resolve("many"));
    for (int f = 0; f < 40; f++) {
      List<String> lines = new ArrayList<>(List.of("a,b,label"));
      for (int r = 0; r < 10; r++) {
        lines.add(f == 27 && r == 3 ? "0.5,oops,1" : (r * 0.1) + "," + (f * 0.01) + "," + (r % 2));
      }
      csv(String.format("many/part-%02d.csv", f), lines.toArray(new String[0]));
    }
    csv("badvalue.svm", "0 1:0.1 2:0.2", "1 1:0.3 2:abc");
    csv("order.svm", "0 1:0.1 2:0.2", "1 2:0.3 1:0.5");
    csv("nanlabel.svm", "0 1:0.1 2:0.2", "NaN 1:0.3");
    csv("good.svm", "0 1:0.1 2:0.2", "1 1:0.3 2:0.1", "0 1:0.7 2:0.4");
    // IDX: 10 images of 2 x 2 pixels and their labels; broken copies of each.
    byte[] images = idx(0x803, new int[] {10, 2, 2}, 40);
    byte[] labels = idx(0x801, new int[] {10}, 10);
    idxPair("ok", gzip(images), labels);
    byte[] gz = gzip(images);
    idxPair("truncgz", Arrays.copyOf(gz, gz.length / 2), labels);
    idxPair("magic", idx(0x999, new int[] {10, 2, 2}, 40), labels);
    idxPair("count", images, idx(0x801, new int[] {9}, 9));
    Files.write(dir.resolve("dirlabel-images-idx3-ubyte"), images);
    Files.createDirectories(dir.resolve("dirlabel-labels-idx1-ubyte"));
    Files.createDirectories(dir.resolve("out-exists/r"));
  }

  @AfterAll
  static void stopSpark() {
    SparkSession.active().stop();
  }

  private static void csv(String name, String... lines) throws IOException {
    Files.write(dir.resolve(name), (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] idx(int magic, int[] dims, int values) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeInt(magic);
    for (int d : dims) {
      out.writeInt(d);
    }
    for (int i = 0; i < values; i++) {
      out.writeByte(magic == 0x801 ? i % 2 : (i * 37) % 256);
    }
    return bytes.toByteArray();
  }

  private static byte[] gzip(byte[] raw) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (OutputStream out = new GZIPOutputStream(bytes)) {
      out.write(raw);
    }
    return bytes.toByteArray();
  }

  private static void idxPair(String stem, byte[] images, byte[] labels) throws IOException {
    Files.write(dir.resolve(stem + "-images-idx3-ubyte"), images);
    Files.write(dir.resolve(stem + "-labels-idx1-ubyte"), labels);
  }

  /** A train command over files of the fixture folder, output to a folder of its own. */
  private static String[] train(String name, String model, String format, String trainFile, String testFile,
      String... more) {
    List<String> args = new ArrayList<>(List.of("train", "--master", "local[2]", "--model", model, "--format",
        format, "--train", p(trainFile), "--test", p(testFile), "--output", p("out-" + name), "--epochs", "1",
        "--batch-size", "2", "--partitions", "1", "--checkpoint-every", "1"));
    args.addAll(List.of(more));
    if (!args.contains("--resume")) {
      args.addAll(List.of("--run-id", "r"));
    }
    return args.toArray(new String[0]);
  }

  private static String p(String name) {
    return dir.resolve(name).toString();
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        bad("ragged CSV row", train("ragged", "logistic", "csv", "ragged.csv", "good.csv"),
            "ragged.csv:3: expected 3 fields as in the header, found 2"),
        bad("non-numeric CSV value", train("nonnum", "logistic", "csv", "nonnum.csv", "good.csv"),
            "nonnum.csv:3: column 'b' (2): 'x' is not a number"),
        bad("NaN in CSV", train("nan", "logistic", "csv", "nan.csv", "good.csv"),
            "nan.csv:4: column 'a' (1): 'NaN' is not a finite number"),
        bad("Inf in CSV", train("inf", "logistic", "csv", "good.csv", "inf.csv"),
            "inf.csv:3: column 'b' (2): 'Infinity' is not a finite number"),
        bad("CSV header mismatch in a folder", train("hdr", "logistic", "csv", "hdr", "good.csv"),
            "hdr/part-2.csv:1: header [a, c, label] differs from the header of"),
        bad("empty CSV file", train("empty", "logistic", "csv", "empty.csv", "good.csv"),
            "empty.csv: empty file, expected a header line"),
        bad("empty folder", train("emptydir", "logistic", "csv", "emptydir", "good.csv"),
            "emptydir: no data files in folder"),
        bad("one bad file among 40", train("many", "logistic", "csv", "many", "good.csv"),
            "many/part-27.csv:5: column 'b' (2): 'oops' is not a number"),
        bad("label outside the classes (logistic)", train("labels", "logistic", "csv", "labels.csv", "good.csv"),
            "labels.csv: row 2: label 2.0 is outside the classes 0..1"),
        bad("label outside --classes (softmax)",
            train("softmax", "softmax", "csv", "softmax.csv", "good.csv", "--classes", "3"),
            "softmax.csv: row 2: label 5.0 is outside the classes 0..2"),
        bad("no label column", train("nolabel", "logistic", "csv", "nolabel.csv", "good.csv"),
            "nolabel.csv:1: no label column 'label' in header [a, b, y]"),
        bad("feature count differs between train and test",
            train("wide", "logistic", "csv", "good.csv", "wide.csv"),
            "wide.csv: 3 features, but the training data"),
        bad("non-numeric LibSVM value", train("svmvalue", "logistic", "libsvm", "badvalue.svm", "good.svm"),
            "badvalue.svm:2: token '2:abc': 'abc' is not a number"),
        bad("LibSVM indices out of order", train("svmorder", "logistic", "libsvm", "order.svm", "good.svm"),
            "order.svm:2: token '1:0.5': index 1 is not above the previous index 2"),
        bad("NaN LibSVM label", train("svmnan", "logistic", "libsvm", "nanlabel.svm", "good.svm"),
            "nanlabel.svm:2: label 'NaN' is not a finite number"),
        bad("truncated gzip (IDX)",
            train("truncgz", "softmax", "idx", "truncgz-images-idx3-ubyte", "ok-images-idx3-ubyte"),
            "truncated or corrupt gzip file " + p("truncgz-images-idx3-ubyte") + ": row "),
        bad("wrong IDX magic", train("magic", "softmax", "idx", "magic-images-idx3-ubyte", "ok-images-idx3-ubyte"),
            p("magic-images-idx3-ubyte") + ": wrong magic number 0x00000999, expected 0x00000803"),
        bad("IDX images and labels disagree",
            train("count", "softmax", "idx", "count-images-idx3-ubyte", "ok-images-idx3-ubyte"),
            "image/label count mismatch: " + p("count-images-idx3-ubyte") + " has 10 images, "),
        bad("a folder where the IDX labels file should be",
            train("dirlabel", "softmax", "idx", "dirlabel-images-idx3-ubyte", "ok-images-idx3-ubyte"),
            p("dirlabel-labels-idx1-ubyte") + ": cannot read: "),
        bad("missing training file", train("missing", "logistic", "csv", "nope.csv", "good.csv"),
            "no such file or directory: " + p("nope.csv")),
        bad("unknown option", train("unknown", "logistic", "csv", "good.csv", "good.csv", "--bogus"),
            "Unknown option: '--bogus'"),
        bad("--resume with another --run-id",
            train("conflict", "logistic", "csv", "good.csv", "good.csv", "--run-id", "other", "--resume", "r"),
            "--resume r and --run-id other conflict"),
        bad("--resume with --overwrite",
            train("conflict2", "logistic", "csv", "good.csv", "good.csv", "--resume", "r", "--overwrite"),
            "--resume and --overwrite conflict"),
        bad("--on-bad-row skip for IDX",
            train("skipidx", "softmax", "idx", "ok-images-idx3-ubyte", "ok-images-idx3-ubyte", "--on-bad-row",
                "skip"),
            "--on-bad-row skip applies to csv and libsvm only, not idx"),
        bad("unknown --on-bad-row", train("badrow", "logistic", "csv", "good.csv", "good.csv", "--on-bad-row",
            "maybe"), "unknown --on-bad-row 'maybe', expected fail or skip"),
        bad("negative learning rate", train("lr", "logistic", "csv", "good.csv", "good.csv", "--lr", "-1"),
            "--lr must be a positive number, got -1.0"),
        bad("report folder exists", train("exists", "logistic", "csv", "good.csv", "good.csv"),
            "already exists; pass --overwrite"),
        bad("resume of an unknown run",
            train("unknownrun", "logistic", "csv", "good.csv", "good.csv", "--resume", "r"),
            "cannot resume run r: no checkpoints in"));
  }

  private static Arguments bad(String name, String[] args, String expected) {
    return Arguments.of(name, args, expected);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void badInputExitsTwoWithOneLineAndLeavesNothing(String name, String[] args, String expected) throws IOException {
    MainRun r = MainRun.of(args);
    String context = name + ": " + r.err();
    assertEquals(2, r.code(), context);
    assertEquals(1, r.errLines().size(), context);
    String line = r.errLines().get(0);
    assertTrue(line.startsWith("gradiente: "), context);
    assertTrue(line.contains(expected), context + "\nexpected to contain: " + expected);
    assertFalse(r.err().contains("\tat ") || r.err().contains("Exception"), context);
    Path output = Path.of(args[Arrays.asList(args).indexOf("--output") + 1]);
    if (!name.equals("report folder exists")) {
      assertFalse(Files.exists(output.resolve("r")), name + ": a report was left behind");
    } else {
      try (Stream<Path> s = Files.list(output.resolve("r"))) {
        assertEquals(0, s.count(), "the existing folder is untouched");
      }
    }
    assertFalse(Files.exists(output.resolve("_checkpoints")), name + ": a checkpoint was left behind");
  }

  /**
   * A run failing on its test set after the training blocks are cached leaves nothing cached in the session, which
   * outlives the command when it is embedded (a notebook, these tests).
   */
  @Test
  void aTestSetFailingAfterTheTrainingBlocksAreCachedLeavesNothingCached() {
    String before = cached();
    for (int run = 0; run < 2; run++) {
      MainRun r = MainRun.of("train", "--model", "logistic", "--format", "csv", "--train", dir.resolve("good.csv").toString(),
          "--test", dir.resolve("labels.csv").toString(), "--epochs", "1", "--partitions", "2", "--master", "local[2]",
          "--output", dir.resolve("out-leak").toString(), "--run-id", "leak-" + run);
      assertEquals(Main.BAD_INPUT, r.code(), r.err());
      assertTrue(r.err().contains("label 2.0 is outside the classes"), r.err());
      assertEquals(before, cached(), "nothing more stays cached after run " + run);
    }
  }

  /** The ids of the session's cached RDDs (none without a session). */
  private static String cached() {
    return SparkSession.getActiveSession().isDefined()
        ? SparkSession.active().sparkContext().getPersistentRDDs().keySet().toString() : "Set()";
  }

  /**
   * Spark's task failure loggers are silenced only while the command runs: an embedding JVM (here one that logs
   * them at WARN) keeps its logging.
   */
  @Test
  void silencedLoggersGetTheirLevelsBack() {
    Map<String, Level> configured = new LinkedHashMap<>();
    Main.QUIETED.forEach(name -> configured.put(name, LogManager.getLogger(name).getLevel()));
    try {
      Main.QUIETED.forEach(name -> Configurator.setLevel(name, Level.WARN));
      assertEquals(2, MainRun.of(train("quiet", "logistic", "csv", "nonnum.csv", "good.csv")).code());
      for (String name : Main.QUIETED) {
        assertEquals(Level.WARN, LogManager.getLogger(name).getLevel(), name);
      }
    } finally {
      Configurator.setLevel(configured);
    }
  }

  @Test
  void verbosePrintsTheStackTrace() {
    MainRun r = MainRun.of(train("verbose", "logistic", "csv", "nonnum.csv", "good.csv", "--verbose"));
    assertEquals(2, r.code());
    assertTrue(r.err().contains("gradiente: BLAS " + Blas.implementation() + "\n"), r.err());
    assertTrue(r.err().contains("\tat "), r.err());
    assertTrue(r.err().strip().endsWith("nonnum.csv:3: column 'b' (2): 'x' is not a number"), r.err());
  }

  @Test
  void unreadableFile() throws IOException {
    // chmod 000 does not stop root from reading; the "folder where a file should be" case covers the rest.
    Assumptions.assumeFalse("root".equals(System.getProperty("user.name")), "running as root: chmod cannot "
        + "make a file unreadable");
    Path locked = dir.resolve("locked.csv");
    Files.copy(dir.resolve("good.csv"), locked);
    assertTrue(locked.toFile().setReadable(false, false));
    MainRun r = MainRun.of(train("locked", "logistic", "csv", "locked.csv", "good.csv"));
    assertEquals(2, r.code(), r.err());
    assertEquals(1, r.errLines().size(), r.err());
    assertTrue(r.err().contains("locked.csv"), r.err());
  }

  @Test
  void skippedRowsAreCountedInTheRunTableAndAFinishedRunResumesToNothing() {
    MainRun r = MainRun.of(train("skip", "logistic", "csv", "nonnum.csv", "nan.csv", "--on-bad-row", "skip"));
    assertEquals(0, r.code(), r.err());
    assertTrue(r.err().contains("gradiente: warning: skipped 2 malformed rows (--on-bad-row skip)\n"
        + "gradiente: warning:   skipped " + p("nonnum.csv") + ":3: column 'b' (2): 'x' is not a number\n"
        + "gradiente: warning:   skipped " + p("nan.csv") + ":4: "), r.err());
    Row run = SparkSession.active().read().parquet(p("out-skip/r/run")).first();
    assertEquals(2L, run.getLong(run.fieldIndex("skipped_rows")));
    assertEquals(2L, run.getLong(run.fieldIndex("train_rows")));
    assertTrue(Files.isDirectory(dir.resolve("out-skip/r/_checkpoints")), "checkpoints moved into the run");
    assertFalse(Files.exists(dir.resolve("out-skip/_checkpoints")));
    // Resuming a finished run (an Airflow retry after success) does nothing and succeeds.
    MainRun again = MainRun.of(train("skip", "logistic", "csv", "nonnum.csv", "nan.csv", "--on-bad-row", "skip",
        "--resume", "r"));
    assertEquals(0, again.code(), again.err());
    assertTrue(again.out().contains("r: already complete, nothing to resume; report: file:"), again.out());
  }

  @Test
  void divergenceExitsOneWithOneLineAndKeepsTheLastCheckpoint() throws IOException {
    List<String> lines = new ArrayList<>(List.of("x,label"));
    for (int i = 0; i < 20; i++) {
      lines.add((i / 20.0) + "," + (3 * i / 20.0 + 1));
    }
    csv("line.csv", lines.toArray(new String[0]));
    MainRun r = MainRun.of("train", "--master", "local[2]", "--model", "linear", "--format", "csv", "--train",
        p("line.csv"), "--test", p("line.csv"), "--scale", "none", "--output", p("out-diverge"), "--run-id", "r",
        "--epochs", "100", "--batch-size", "10", "--partitions", "2", "--lr", "1e10", "--momentum", "0",
        "--checkpoint-every", "1");
    assertEquals(1, r.code(), r.err());
    List<String> errors = r.errLines().stream().filter(l -> l.startsWith("gradiente:")).toList();
    assertEquals(1, errors.size(), r.err());
    String line = errors.get(0);
    assertTrue(line.matches("gradiente: error: training diverged at epoch [1-9]\\d*, step \\d \\(learning rate "
        + "1\\.0E10\\): .* largest gradient entry \\S+ at parameter \\d; try a smaller --lr; the last good "
        + "checkpoint stays: .*step-\\d+\\.ckpt"), line);
    assertFalse(Files.exists(dir.resolve("out-diverge/r")), "no report");
    try (Stream<Path> s = Files.list(dir.resolve("out-diverge/_checkpoints/r"))) {
      assertTrue(s.anyMatch(f -> f.getFileName().toString().endsWith(".ckpt")));
    }
  }
}
