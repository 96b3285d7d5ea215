package io.gradiente.jobs.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.gradiente.jobs.Main;
import io.gradiente.jobs.MainRun;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Airflow DAG and the command line cannot drift apart: the exact {@code train} arguments that
 * {@code deploy/airflow/dags/gradiente_train.py} renders for a logical date (rendered by
 * {@code deploy/airflow/tests/render_args.py} with jinja2, as Airflow does, against stand-ins for the Airflow
 * classes) go through {@code gradiente train --dry-run}, which parses, validates and checks the paths.
 * Needs a Python 3 with jinja2 ({@code /usr/bin/python3} with Debian's python3-jinja2, or $GRADIENTE_PYTHON).
 */
class AirflowDagArgsTest {
  private static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();

  @TempDir
  Path tmp;

  @Test
  void renderedTrainArgumentsPassTheCliDryRun() throws Exception {
    DigitsFiles.Opener local = name -> Files.newOutputStream(tmp.resolve(name));
    DigitsFiles.write(DigitsFiles.slice(0, 100), "train", local);
    DigitsFiles.write(DigitsFiles.slice(100, 150), "t10k", local);
    Path reports = Files.createDirectories(tmp.resolve("reports"));
    List<String> args = render("2026-01-15", "train",
        "train=" + tmp.resolve("train-images-idx3-ubyte"), "test=" + tmp.resolve("t10k-images-idx3-ubyte"),
        "output=" + reports);
    assertEquals("softmax-20260115", args.get(args.indexOf("--run-id") + 1));

    MainRun ok = dryRun(args);
    assertEquals(0, ok.code(), ok.err());
    assertTrue(ok.out().contains("dry run OK") && ok.out().contains(reports.resolve("softmax-20260115").toString()),
        ok.out());

    // Every try continues the day's run from its checkpoints or starts it, so a day whose report exists (a retry
    // after the report was written, a deliberate rerun) is accepted...
    assertTrue(args.containsAll(List.of("--resume-or-start", "--overwrite")), args.toString());
    assertEquals("1", args.get(args.indexOf("--checkpoint-every") + 1));
    Files.createDirectories(reports.resolve("softmax-20260115"));
    assertEquals(0, dryRun(args).code());
    // ...and the dry run does check the combination: the mode needs the run id.
    List<String> noRunId = new ArrayList<>(args);
    noRunId.subList(noRunId.indexOf("--run-id"), noRunId.indexOf("--run-id") + 2).clear();
    MainRun refused = dryRun(noRunId);
    assertEquals(Main.BAD_INPUT, refused.code());
    assertTrue(refused.err().contains("--resume-or-start goes with --run-id"), refused.err());
  }

  @Test
  void renderedDefaultsParseAndNameTheirInputs() throws Exception {
    // The DAG's default params point at hdfs:///, which this machine has not: the dry run must get past option
    // parsing and validation and stop at the first path check, naming it.
    List<String> args = render("2026-01-15", "train");
    MainRun r = dryRun(args);
    assertEquals(Main.BAD_INPUT, r.code(), r.err());
    assertTrue(r.err().contains("--train"), r.err());
  }

  private static MainRun dryRun(List<String> args) {
    List<String> all = new ArrayList<>(args);
    all.add("--dry-run");
    return MainRun.of(all.toArray(String[]::new));
  }

  /** Runs render_args.py and parses its JSON list. */
  static List<String> render(String date, String task, String... params) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(python(), "-B",
        ROOT.resolve("deploy/airflow/tests/render_args.py").toString(), "--date", date, "--task", task));
    for (String p : params) {
      cmd.add("--param");
      cmd.add(p);
    }
    Process p = new ProcessBuilder(cmd).redirectErrorStream(false).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new AssertionError("render_args.py failed (" + String.join(" ", cmd) + "):\n" + out + err);
    }
    return Arrays.asList(new ObjectMapper().readValue(out, String[].class));
  }

  private static String python() {
    String env = System.getenv("GRADIENTE_PYTHON");
    if (env != null && !env.isBlank()) {
      return env;
    }
    return new File("/usr/bin/python3").canExecute() ? "/usr/bin/python3" : "python3";
  }
}
