package io.gradiente.jobs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gradiente.core.LocalSpark;
import io.gradiente.core.report.Tables;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The command line on bad input: exit code 2, one line on stderr naming what is wrong and where, and no report;
 * and on good input: a complete report.
 */
class CliTest {
  @TempDir
  static Path dir;
  private static SparkSession spark;

  @BeforeAll
  static void setUp() throws IOException {
    spark = LocalSpark.start("cli");
    csv("good-train.csv", "a,b,label", "0.1,0.2,0", "0.9,0.8,1", "0.2,0.1,0", "0.8,0.9,1");
    csv("good-test.csv", "a,b,label", "0.15,0.2,0", "0.85,0.8,1");
    csv("bad-value.csv", "a,b,label", "0.1,0.2,0", "0.9,abc,1");
    csv("nan.csv", "a,b,label", "0.1,0.2,0", "0.9,NaN,1");
    csv("label3.csv", "a,b,label", "0.1,0.2,0", "0.9,0.8,3");
    csv("three-features.csv", "a,b,c,label", "0.1,0.2,0.3,0", "0.9,0.8,0.7,1");
    List<String> twelve = new ArrayList<>(List.of("a,b,label"));
    for (int i = 0; i < 12; i++) {
      twelve.add((i % 4) / 4.0 + "," + (i % 3) / 3.0 + "," + (i % 4 < 2 ? 0 : 1));
    }
    csv("twelve.csv", twelve.toArray(String[]::new));
    idx("digits", 0x00000803, 3, 0x00000801, 3);
    idx("wrongmagic", 0x00000802, 3, 0x00000801, 3);
    idx("mismatch", 0x00000803, 3, 0x00000801, 2);
  }

  @AfterAll
  static void tearDown() {
    spark.stop();
  }

  static Stream<Arguments> badInputs() {
    return Stream.of(
        Arguments.of("missing path", train("csv", "nope.csv", "good-test.csv"),
            "no such file or directory: " + dir.resolve("nope.csv")),
        Arguments.of("malformed CSV value", train("csv", "bad-value.csv", "good-test.csv"),
            "bad-value.csv:3: column 'b' (2): 'abc' is not a number"),
        Arguments.of("NaN feature", train("csv", "nan.csv", "good-test.csv"), "nan.csv:3: column 'b' (2)"),
        Arguments.of("label outside the classes", train("csv", "label3.csv", "good-test.csv"),
            "label 3.0 is outside the classes 0..1"),
        Arguments.of("features differ between train and test", train("csv", "good-train.csv", "three-features.csv"),
            "3 features"),
        Arguments.of("wrong IDX magic", train("idx", "wrongmagic-images-idx3-ubyte.gz", "digits-images-idx3-ubyte.gz"),
            "wrongmagic-images-idx3-ubyte.gz"),
        Arguments.of("images and labels of different counts",
            train("idx", "mismatch-images-idx3-ubyte.gz", "digits-images-idx3-ubyte.gz"), "mismatch-labels"),
        Arguments.of("batch size 0", with(train("csv", "good-train.csv", "good-test.csv"), "--batch-size", "0"),
            "--batch-size must be"),
        Arguments.of("negative batch size", with(train("csv", "good-train.csv", "good-test.csv"), "--batch-size", "-5"),
            "--batch-size must be"),
        Arguments.of("batch size not a number",
            with(train("csv", "good-train.csv", "good-test.csv"), "--batch-size", "many"), "'many'"),
        Arguments.of("batch smaller than the partitions",
            with(replace(train("csv", "good-train.csv", "good-test.csv"), "1", "2"), "--batch-size", "1"),
            "--batch-size 1 is smaller than --partitions 2"),
        Arguments.of("aggregation depth 0",
            with(train("csv", "good-train.csv", "good-test.csv"), "--aggregation-depth", "0"),
            "--aggregation-depth must be at least 1, got 0"),
        Arguments.of("negative train-loss-every",
            with(train("csv", "good-train.csv", "good-test.csv"), "--train-loss-every", "-1"),
            "--train-loss-every must be 0"),
        Arguments.of("lr 0", with(train("csv", "good-train.csv", "good-test.csv"), "--lr", "0"), "--lr must be"),
        Arguments.of("momentum 1", with(train("csv", "good-train.csv", "good-test.csv"), "--momentum", "1"),
            "--momentum must be in [0, 1)"),
        Arguments.of("negative momentum", with(train("csv", "good-train.csv", "good-test.csv"), "--momentum", "-0.1"),
            "--momentum must be in [0, 1)"),
        Arguments.of("epochs 0", with(train("csv", "good-train.csv", "good-test.csv"), "--epochs", "0"),
            "--epochs must be at least 1"),
        Arguments.of("unknown model", replace(train("csv", "good-train.csv", "good-test.csv"), "logistic", "tree"),
            "unknown --model 'tree'"),
        Arguments.of("unknown init", with(train("csv", "good-train.csv", "good-test.csv"), "--init", "randn"),
            "unknown --init 'randn', expected uniform, normal or zeros"),
        Arguments.of("unknown option", with(train("csv", "good-train.csv", "good-test.csv"), "--bogus"),
            "Unknown option: '--bogus'"),
        Arguments.of("bad run id", with(train("csv", "good-train.csv", "good-test.csv"), "--run-id", "../up"),
            "--run-id must be"),
        Arguments.of("unknown exchange", with(train("csv", "good-train.csv", "good-test.csv"), "--exchange", "mail"),
            "unknown --exchange 'mail', expected job, stream or auto"),
        Arguments.of("stream with more partitions than task slots",
            with(replace(train("csv", "good-train.csv", "good-test.csv"), "1", "4"), "--exchange", "stream",
                "--batch-size", "full"),
            "--exchange stream cannot run here: 4 partitions need 4 task slots at once and local[2] has 2"),
        Arguments.of("negative step-loss-every",
            with(train("csv", "good-train.csv", "good-test.csv"), "--step-loss-every", "-1"),
            "--step-loss-every must be 0"),
        Arguments.of("resume-or-start without a run id",
            with(train("csv", "good-train.csv", "good-test.csv"), "--resume-or-start"),
            "--resume-or-start goes with --run-id"),
        Arguments.of("resume-or-start with resume",
            with(train("csv", "good-train.csv", "good-test.csv"), "--resume-or-start", "--resume", "r"),
            "--resume-or-start goes with --run-id"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badInputs")
  void badInputExitsTwoWithOneLineAndWritesNoReport(String what, List<String> args, String expected)
      throws IOException {
    Path out = Files.createTempDirectory(dir, "out");
    List<String> all = new ArrayList<>(args);
    all.add("--output");
    all.add(out.toString());
    MainRun r = MainRun.of(all.toArray(String[]::new));
    assertEquals(2, r.code(), what + ": exit code; stderr: " + r.err());
    List<String> lines = r.err().lines().filter(l -> !l.isBlank()).toList();
    assertEquals(1, lines.size(), what + ": one line on stderr, got: " + r.err());
    assertTrue(lines.get(0).startsWith("gradiente: "), lines.get(0));
    assertTrue(lines.get(0).contains(expected), what + ": '" + lines.get(0) + "' should contain '" + expected + "'");
    assertFalse(r.err().contains("\tat "), "no stack trace");
    try (Stream<Path> files = Files.list(out)) {
      assertEquals(List.of(), files.toList(), what + ": no report, not even a temporary one");
    }
  }

  @Test
  void goodInputTrainsAndWritesTheReport() throws IOException {
    Path out = dir.resolve("good-out");
    List<String> args = new ArrayList<>(train("csv", "good-train.csv", "good-test.csv"));
    args.addAll(List.of("--output", out.toString(), "--run-id", "ok", "--epochs", "3", "--batch-size", "full",
        "--lr", "0.5"));
    MainRun r = MainRun.of(args.toArray(String[]::new));
    assertEquals(0, r.code(), r.err());
    // The command's session (it joined this one) describes plans as wide as the run table, whose every write would
    // otherwise warn once per JVM that Spark truncated the plan's description (25 fields by default).
    assertTrue(Tables.RUN.fields().length > 25
        && Tables.RUN.fields().length <= Integer.parseInt(spark.conf().get("spark.sql.debug.maxToStringFields")));
    assertTrue(r.out().contains("test accuracy"), r.out());
    assertEquals(3, spark.read().parquet(out.resolve("ok/history").toString()).count());
    assertEquals(3, spark.read().parquet(out.resolve("ok/model").toString()).count(), "two weights and the bias");
    Row run = spark.read().parquet(out.resolve("ok/run").toString()).first();
    assertTrue(run.getString(run.fieldIndex("config")).contains("\"init\":\"uniform\""), "uniform is the default");
    MainRun again = MainRun.of(args.toArray(String[]::new));
    assertEquals(2, again.code());
    assertTrue(again.err().contains("already exists; pass --overwrite"), again.err());
  }

  @Test
  void floatPrecisionWithLocalSgdTrainsCloseToDouble() {
    Path out = dir.resolve("float-out");
    double[][] weights = new double[2][];
    for (String precision : List.of("double", "float")) {
      List<String> args = new ArrayList<>(replace(train("csv", "good-train.csv", "good-test.csv"), "1", "2"));
      args.addAll(List.of("--output", out.toString(), "--run-id", precision, "--epochs", "4", "--batch-size", "2",
          "--lr", "0.5", "--sync-every", "2", "--precision", precision));
      MainRun r = MainRun.of(args.toArray(String[]::new));
      assertEquals(0, r.code(), precision + ": " + r.err());
      weights[precision.equals("float") ? 1 : 0] = spark.read().parquet(out.resolve(precision + "/model").toString())
          .orderBy("feature_index").select("weight").as(Encoders.DOUBLE()).collectAsList().stream()
          .mapToDouble(Double::doubleValue).toArray();
      String config = spark.read().parquet(out.resolve(precision + "/run").toString()).first().getAs("config");
      assertTrue(config.contains("\"precision\":\"" + precision + "\""), config);
    }
    assertEquals(3, weights[1].length);
    assertArrayEquals(weights[0], weights[1], 1e-6, "float products round the inputs to float's 1e-7");
    assertFalse(Arrays.equals(weights[0], weights[1]), "the float run computes in float");
  }

  @Test
  void localSgdResumesFromACheckpointToTheSameReport() throws IOException {
    Path out = dir.resolve("local-ckpt");
    // 12 rows in batches of 2 on 2 partitions: 6 steps per epoch, synchronized after steps 4 and 6.
    List<String> base = with(replace(train("csv", "twelve.csv", "good-test.csv"), "1", "2"), "--epochs", "4",
        "--batch-size", "2", "--lr", "0.5", "--checkpoint-every", "1");
    MainRun whole = MainRun.of(with(base, "--sync-every", "4", "--output", out.toString(), "--run-id", "whole",
        "--keep-checkpoints", "10").toArray(String[]::new));
    assertEquals(0, whole.code(), whole.err());
    Path saved = out.resolve("whole/_checkpoints");
    try (Stream<Path> files = Files.list(saved)) {
      assertEquals(List.of("step-000000000006.ckpt", "step-000000000012.ckpt", "step-000000000018.ckpt",
          "step-000000000024.ckpt"), files.map(f -> f.getFileName().toString()).filter(f -> f.endsWith(".ckpt"))
          .sorted().toList());
    }
    Path again = dir.resolve("local-ckpt-resumed");
    Files.createDirectories(again.resolve("_checkpoints/whole"));
    Files.copy(saved.resolve("step-000000000012.ckpt"), again.resolve("_checkpoints/whole/step-000000000012.ckpt"));

    MainRun otherH = MainRun.of(with(base, "--sync-every", "3", "--output", again.toString(), "--resume", "whole")
        .toArray(String[]::new));
    assertEquals(2, otherH.code(), otherH.err());
    assertTrue(otherH.err().contains("--sync-every"), otherH.err());

    MainRun resumed = MainRun.of(with(base, "--sync-every", "4", "--output", again.toString(), "--resume", "whole")
        .toArray(String[]::new));
    assertEquals(0, resumed.code(), resumed.err());
    assertTrue(resumed.err().contains("resuming at epoch 2, step 0 (12 steps done)"), resumed.err());
    for (String table : List.of("model", "history")) {
      assertEquals(rows(out.resolve("whole/" + table)), rows(again.resolve("whole/" + table)), table);
    }
    assertEquals(24, rows(again.resolve("whole/history")).size());
  }

  /**
   * How a retried scheduler task runs: the same command starts the run, continues it from a checkpoint after a stop,
   * refuses a changed configuration, says a complete run is complete, and with --overwrite starts it over.
   */
  @Test
  void resumeOrStartStartsContinuesAndFinishes() throws IOException {
    Path out = dir.resolve("retry");
    // 12 rows in batches of 2: 6 steps per epoch, a checkpoint after each of the 4 epochs.
    List<String> command = with(train("csv", "twelve.csv", "good-test.csv"), "--epochs", "4", "--batch-size", "2",
        "--lr", "0.5", "--checkpoint-every", "1", "--keep-checkpoints", "10", "--run-id", "day",
        "--resume-or-start");
    // An attempt killed while saving its first checkpoint leaves only a hidden temporary file: nothing to resume.
    Files.createDirectories(out.resolve("_checkpoints/day"));
    Files.writeString(out.resolve("_checkpoints/day/.step-000000000006.ckpt.tmp-killed"), "half");
    MainRun started = MainRun.of(with(command, "--output", out.toString()).toArray(String[]::new));
    assertEquals(0, started.code(), started.err());
    assertFalse(started.err().contains("resuming"), started.err());
    assertEquals(24, rows(out.resolve("day/history")).size());
    Path saved = out.resolve("day/_checkpoints/step-000000000012.ckpt");
    assertTrue(Files.exists(saved), "the checkpoints moved into the run folder");

    MainRun complete = MainRun.of(with(command, "--output", out.toString()).toArray(String[]::new));
    assertEquals(0, complete.code(), complete.err());
    assertTrue(complete.out().contains("day: already complete, nothing to resume"), complete.out());

    // Stopped after the checkpoint of epoch 2: only that checkpoint and no report.
    Path stopped = dir.resolve("retry-stopped");
    Files.createDirectories(stopped.resolve("_checkpoints/day"));
    Files.copy(saved, stopped.resolve("_checkpoints/day/step-000000000012.ckpt"));
    MainRun changed = MainRun.of(with(replace(command, "0.5", "0.25"), "--output", stopped.toString())
        .toArray(String[]::new));
    assertEquals(2, changed.code(), changed.err());
    assertTrue(changed.err().contains("the configuration differs from its checkpoint: --lr was 0.5, now 0.25"),
        changed.err());
    assertFalse(Files.exists(stopped.resolve("day")));

    MainRun resumed = MainRun.of(with(command, "--output", stopped.toString()).toArray(String[]::new));
    assertEquals(0, resumed.code(), resumed.err());
    assertTrue(resumed.err().contains("day: resuming at epoch 2, step 0 (12 steps done)"), resumed.err());
    for (String table : List.of("model", "history")) {
      assertEquals(rows(out.resolve("day/" + table)), rows(stopped.resolve("day/" + table)), table);
    }

    MainRun rerun = MainRun.of(with(command, "--output", out.toString(), "--overwrite").toArray(String[]::new));
    assertEquals(0, rerun.code(), rerun.err());
    assertFalse(rerun.out().contains("already complete") || rerun.err().contains("resuming"), rerun.out() + rerun.err());
    assertTrue(rerun.out().contains("report: "), rerun.out());
    assertEquals(rows(stopped.resolve("day/model")), rows(out.resolve("day/model")));
  }

  /** A report table's rows as text, sorted (doubles print their shortest exact form). */
  private static List<String> rows(Path table) {
    return spark.read().parquet(table.toString()).collectAsList().stream().map(Object::toString).sorted().toList();
  }

  @Test
  void trainLossEveryTwoEpochsLeavesTheOthersNull() {
    Path out = dir.resolve("loss-every");
    List<String> args = with(train("csv", "good-train.csv", "good-test.csv"), "--output", out.toString(), "--run-id",
        "every2", "--epochs", "3", "--batch-size", "2", "--lr", "0.5", "--train-loss-every", "2");
    MainRun r = MainRun.of(args.toArray(String[]::new));
    assertEquals(0, r.code(), r.err());
    List<Row> history = spark.read().parquet(out.resolve("every2/history").toString())
        .where("train_loss is not null").orderBy("step").collectAsList();
    assertEquals(List.of(1, 2), history.stream().map(h -> h.<Integer>getAs("epoch")).toList(),
        "after the second and the last epoch");
  }

  @Test
  void autoSaysInOneLineWhyItTakesJobsAndRecordsTheExchange() {
    Path out = dir.resolve("exchange");
    List<String> args = with(replace(train("csv", "good-train.csv", "good-test.csv"), "1", "4"), "--output",
        out.toString(), "--run-id", "auto-jobs", "--epochs", "2", "--batch-size", "full", "--step-loss-every", "1");
    MainRun r = MainRun.of(args.toArray(String[]::new));
    assertEquals(0, r.code(), r.err());
    assertTrue(r.err().lines().anyMatch(l -> l.equals("auto-jobs: exchange job (stream cannot run: 4 partitions need 4 "
        + "task slots at once and local[2] has 2)")), r.err());
    Row run = spark.read().parquet(out.resolve("auto-jobs/run").toString()).first();
    String config = run.getAs("config");
    assertTrue(config.contains("\"exchange\":\"job\"") && config.contains("\"exchange_asked\":\"auto\""), config);
    List<Row> history = spark.read().parquet(out.resolve("auto-jobs/history").toString()).orderBy("step")
        .collectAsList();
    assertEquals(2, history.size());
    double before = history.get(1).getAs("step_train_loss");
    assertEquals(history.get(0).<Double>getAs("train_loss"), before, 0.0,
        "full batch: the loss before step 1 is the loss after epoch 0");

    MainRun stream = MainRun.of(with(train("csv", "good-train.csv", "good-test.csv"), "--output", out.toString(), "--run-id",
        "stream", "--epochs", "2", "--batch-size", "full", "--exchange", "stream").toArray(String[]::new));
    assertEquals(0, stream.code(), stream.err());
    String streamed = spark.read().parquet(out.resolve("stream/run").toString()).first().getAs("config");
    assertTrue(streamed.contains("\"exchange\":\"stream\""), streamed);
  }

  @Test
  void dryRunValidatesWithoutTraining() throws IOException {
    Path out = dir.resolve("dry-out");
    List<String> args = new ArrayList<>(train("csv", "good-train.csv", "good-test.csv"));
    args.addAll(List.of("--output", out.toString(), "--run-id", "dry", "--dry-run"));
    MainRun r = MainRun.of(args.toArray(String[]::new));
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().startsWith("dry run OK"), r.out());
    assertFalse(Files.exists(out.resolve("dry")));
  }

  @Test
  void helpExplainsEveryOptionWithItsDefault() {
    MainRun r = MainRun.of("train", "--help");
    assertEquals(0, r.code());
    for (String option : List.of("--model", "--format", "--train", "--test", "--label-column", "--scale",
        "--batch-size", "--lr", "--momentum", "--epochs", "--seed", "--partitions", "--no-shuffle", "--output",
        "--run-id", "--overwrite", "--master", "--precision", "--sync-every", "--train-loss-every",
        "--aggregation-depth", "--exchange", "--exchange-port", "--step-loss-every", "--init",
        "--resume-or-start")) {
      assertTrue(r.out().contains(option), "help mentions " + option);
    }
    assertTrue(r.out().contains("default: 500") && r.out().contains("default: 0.01") && r.out().contains("default: 0.9")
        && r.out().contains("(default: uniform)"), r.out());
  }

  private static List<String> train(String format, String trainFile, String testFile) {
    return List.of("train", "--model", "logistic", "--format", format, "--train", dir.resolve(trainFile).toString(),
        "--test", dir.resolve(testFile).toString(), "--partitions", "1");
  }

  private static List<String> with(List<String> args, String... more) {
    List<String> all = new ArrayList<>(args);
    all.addAll(List.of(more));
    return all;
  }

  private static List<String> replace(List<String> args, String from, String to) {
    return args.stream().map(a -> a.equals(from) ? to : a).toList();
  }

  private static void csv(String name, String... lines) throws IOException {
    Files.writeString(dir.resolve(name), String.join("\n", lines) + "\n");
  }

  /** Two-by-two images and their labels, gzipped, with the given magic numbers and counts. */
  private static void idx(String prefix, int imagesMagic, int images, int labelsMagic, int labels) throws IOException {
    try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(dir.resolve(prefix + "-images-idx3-ubyte.gz")))) {
      o.write(header(imagesMagic, images, 2, 2));
      for (int i = 0; i < images * 4; i++) {
        o.write(i * 17 % 256);
      }
    }
    try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(dir.resolve(prefix + "-labels-idx1-ubyte.gz")))) {
      o.write(header(labelsMagic, labels));
      for (int i = 0; i < labels; i++) {
        o.write(i % 2);
      }
    }
  }

  private static byte[] header(int... ints) {
    java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(4 * ints.length);
    for (int v : ints) {
      b.putInt(v);
    }
    return b.array();
  }
}
