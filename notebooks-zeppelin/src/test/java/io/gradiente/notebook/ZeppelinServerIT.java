package io.gradiente.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The five notes on a real Apache Zeppelin 0.12.0 server with its Spark interpreter on Spark 3.5.9 (local[2]), as
 * a user imports and runs them: Zeppelin is built once from {@code ../shared/zeppelin/} and cached
 * ({@link ZeppelinBuild}), the server starts on a free loopback port ({@link ZeppelinServer}), and each note is
 * imported through the REST API with {@code spark.jars} pointing at the built {@code gradiente-zeppelin.jar}, the
 * Spark interpreter restarted first, and run whole with the forms {@code epochs = 3} and a fresh output folder.
 * Every paragraph must finish with the output its kind promises (run-all reports OK even when a paragraph failed,
 * and stops there), and the numbers are checked: the linear note's w against numpy, the softmax note's accuracy
 * against its own confusion matrix, the runs and tables the report browser lists. Skipped, saying so, when
 * {@code ../shared/zeppelin/} is missing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ZeppelinServerIT {
  /** numpy running the lesson's "pendiente" cells for 3 steps from w = 0 (lesson-starts.py, 3 iterations). */
  private static final double[] NUMPY_W_ALONE = {0.20473724697822604, 0.3955496036933681, 0.573384150204248};
  /** numpy's analytic gradient descent, lr 0.1, 3 steps from the lesson's (w0, b0) on the same data. */
  private static final double NUMPY_GD_W = -37.358476173061405;
  private static final double NUMPY_GD_B = 6.969661259474125;
  private static final Duration NOTE_TIMEOUT = Duration.ofMinutes(10);
  private static final Pattern CELL = Pattern.compile("<td[^>]*>(\\d+)</td>");
  private static final Pattern CONFUSION_TABLE = Pattern.compile("<table class=\"gradiente-confusion\".*?</table>",
      Pattern.DOTALL);

  private final Path tarball = Path.of(required("gradiente.zeppelinSource")).normalize()
      .resolve(ZeppelinBuild.TARBALL);
  private final List<Note> notes = Note.all();
  private final Map<String, String> params = new HashMap<>();
  private final long started = System.nanoTime();
  private ZeppelinServer server;
  private String output;
  /** The softmax run's test accuracy from its confusion heat map, for the report browser's check. */
  private Double softmaxAccuracy;

  @BeforeAll
  void startServer() throws Exception {
    if (!runnable()) {
      System.out.println("ZeppelinServerIT: " + skipped());
      return;
    }
    Path jar = Path.of(required("gradiente.notebookJar"));
    assertTrue(Files.isRegularFile(jar), jar + " is packaged before the integration tests");
    List<String> mavenOptions = new ArrayList<>();
    if ("offline-true".equals(System.getProperty("gradiente.mavenOffline"))) {
      mavenOptions.add("-o");
    }
    String repo = System.getProperty("maven.repo.local");
    if (repo != null && !repo.isBlank()) {
      mavenOptions.add("-Dmaven.repo.local=" + repo);
    }
    Path home = ZeppelinBuild.home(tarball, Path.of(required("gradiente.zeppelinCache")),
        required("gradiente.mvn"), mavenOptions, System.out);
    Path runs = Files.createDirectories(Path.of(required("gradiente.zeppelinRuns")));
    Path run = Files.createTempDirectory(runs, "run-");
    output = run.resolve("reports").toString();
    params.putAll(Map.of("epochs", "3", "output", output, "reports", output));
    server = ZeppelinServer.start(home, Path.of(required("gradiente.sparkHome")), run, System.out);
    server.configureSpark(Map.of("spark.master", "local[2]", "spark.driver.memory", "2g",
        "spark.ui.enabled", "false", "zeppelin.spark.useHiveContext", "false",
        "zeppelin.spark.scala.color", "false"));
  }

  @BeforeEach
  void needsTheZeppelinSource() {
    assumeTrue(runnable(), this::skipped);
  }

  /** Zeppelin 0.12.0 runs Spark 3.3 to 3.5 only: the Spark 3 line's build, with the Zeppelin source present. */
  private boolean runnable() {
    return "spark3".equals(required("gradiente.sparkLine")) && Files.isRegularFile(tarball);
  }

  private String skipped() {
    if (!"spark3".equals(required("gradiente.sparkLine"))) {
      return "skipped: Zeppelin 0.12.0's Spark interpreter supports Spark 3.3 to 3.5 only, and this is the "
          + required("gradiente.sparkLine") + " build (notebooks-zeppelin/README.md)";
    }
    return "skipped: the notes on a real Zeppelin server need " + tarball
        + " (../shared/zeppelin/ beside the repository), which is missing";
  }

  @AfterAll
  void stopServer() {
    if (server != null) {
      System.out.println("zeppelin: stopping pids " + server.pids());
      server.close();
      System.out.printf("zeppelin: ZeppelinServerIT took %.0f s%n", (System.nanoTime() - started) / 1e9);
    }
  }

  @Test
  @Order(1)
  void linearNoteDescendsAsNumpyDoes() throws Exception {
    Ran note = run("2GRAD0001");
    Matcher m = Pattern.compile("w after each step: \\[([^]]*)]").matcher(note.text("Experiments.FD_W,"));
    assertTrue(m.find(), "the slope-on-w paragraph prints w after each step");
    double[] ws = java.util.Arrays.stream(m.group(1).split(",\\s*")).mapToDouble(Double::parseDouble).toArray();
    assertEquals(NUMPY_W_ALONE.length, ws.length, "one w per epoch");
    for (int i = 0; i < ws.length; i++) {
      assertRel(NUMPY_W_ALONE[i], ws[i], 1e-8, "w after step " + i);
    }
    Result.Table model = note.table("from model where run_id like 'nota1-%'");
    assertEquals(ws[ws.length - 1], weight(model, "nota1-fd-w", "x"), 0.0, "the model table has the final w");
    assertEquals(0.0, weight(model, "nota1-fd-w", "bias"), 0.0, "b stays 0");
    assertRel(NUMPY_GD_W, weight(model, "nota1-gd", "x"), 1e-9, "analytic descent: w");
    assertRel(NUMPY_GD_B, weight(model, "nota1-gd", "bias"), 1e-9, "analytic descent: b");
  }

  @Test
  @Order(2)
  void logisticNoteShowsEmbeddingsAndThreeConfusionMatrices() throws Exception {
    Ran note = run("2GRAD0002");
    for (String method : List.of("t-SNE", "PCA")) {
      Result.Table embedding = note.table("where method = '" + method + "'");
      assertEquals(500, embedding.rows().size(), method + ": every training row");
      assertEquals(Set.of("Maligno", "Benigno"), Set.copyOf(embedding.column("diagnosis")), method);
    }
    List<String> matrices = all(CONFUSION_TABLE, note.html("Html.confusion("));
    assertEquals(3, matrices.size(), "GD, SGD and momentum");
    for (String matrix : matrices) {
      assertEquals(69, counts(matrix).stream().mapToLong(Long::longValue).sum(), "the 69 test rows");
    }
    assertEquals(Set.of("nota2-gd", "nota2-sgd", "nota2-momentum"),
        Set.copyOf(note.table("from class_report where run_id like 'nota2-%'").column("run_id")));
  }

  @Test
  @Order(3)
  void softmaxNoteReportsTheAccuracyOfItsConfusionMatrix() throws Exception {
    Ran note = run("2GRAD0003");
    BufferedImage digits = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(
        between(note.html("Html.digits("), "base64,", "\""))));
    assertNotNull(digits, "the digit grid is a whole PNG (not cut by Zeppelin's output limit)");
    assertTrue(digits.getWidth() >= 280 && digits.getHeight() >= 280, "10 x 10 digits of 28 pixels");
    Matcher printed = Pattern.compile("test accuracy (\\d\\.\\d{4}) \\(2000 rows\\)")
        .matcher(note.text("Experiments.softmax("));
    assertTrue(printed.find(), "the training paragraph prints the test accuracy");
    List<Long> cells = counts(note.html("Html.confusion("));
    assertEquals(100, cells.size(), "10 x 10 digits");
    long total = cells.stream().mapToLong(Long::longValue).sum();
    assertEquals(2000, total, "the 2,000 test digits");
    long correct = 0;
    for (int i = 0; i < 10; i++) {
      correct += cells.get(i * 10 + i);
    }
    softmaxAccuracy = correct / (double) total;
    assertEquals(Double.parseDouble(printed.group(1)), softmaxAccuracy, 5e-5, "printed accuracy = trace / total");
    // 3 epochs of the lesson's settings (batch 500, lr 0.01, momentum 0.9) from U(-1, 1): about 0.42 (100: 0.9).
    assertTrue(softmaxAccuracy > 0.35 && softmaxAccuracy < 0.5, "accuracy after 3 epochs: " + softmaxAccuracy);
    assertEquals(List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"),
        note.table("select label as digit, f1 from class_report").column("digit"));
  }

  @Test
  @Order(4)
  void activationsNoteDrawsTheSixFunctions() throws Exception {
    Ran note = run("2GRAD0004");
    Result.Table all = note.table("where run_id = 'nota4-activaciones' order by x");
    assertEquals(600, all.rows().size(), "six functions at 100 points");
    Set<String> functions = new TreeSet<>(all.column("function"));
    assertEquals(6, functions.size(), functions.toString());
    int checked = 0;
    for (List<String> row : all.rows()) {
      double x = Double.parseDouble(row.get(0));
      double y = Double.parseDouble(row.get(2));
      if (row.get(1).equals("sigmoid")) {
        assertEquals(1 / (1 + Math.exp(-x)), y, 1e-12, "sigmoid(" + x + ")");
        checked++;
      } else if (row.get(1).equals("tanh")) {
        assertEquals(Math.tanh(x), y, 1e-12, "tanh(" + x + ")");
        checked++;
      }
    }
    assertEquals(200, checked, "sigmoid and tanh at every point");
  }

  @Test
  @Order(5)
  void reportNoteListsEveryRunOfTheOtherNotes() throws Exception {
    Ran note = run("2GRAD0005");
    assertTrue(note.text("Reports.register(").contains("9 ejecuciones en " + output),
        note.text("Reports.register("));
    // Nine report folders; the activations run trains nothing, so it has no row in the run table.
    assertEquals(List.of("nota1-fd-w", "nota1-fd-wb", "nota1-float32", "nota1-gd", "nota2-gd", "nota2-momentum",
        "nota2-sgd", "nota3-softmax"),
        new ArrayList<>(new TreeSet<>(note.table("from run order by started_at").column("run_id"))));
    Result.Table accuracy = note.table("value as accuracy from metrics");
    List<String> runSplits = new ArrayList<>();
    for (List<String> row : accuracy.rows()) {
      runSplits.add(row.get(0) + "/" + row.get(1));
      if (row.get(0).equals("nota3-softmax") && row.get(1).equals("test") && softmaxAccuracy != null) {
        assertEquals(softmaxAccuracy, Double.parseDouble(row.get(2)), 1e-12, "the softmax note's accuracy");
      }
    }
    assertEquals(List.of("nota2-gd/test", "nota2-gd/train", "nota2-momentum/test", "nota2-momentum/train",
        "nota2-sgd/test", "nota2-sgd/train", "nota3-softmax/test", "nota3-softmax/train"), runSplits);
    assertEquals(8, note.table("as final_train_loss from history").rows().size(), "every run with a history");
  }

  /**
   * Restarts the Spark interpreter, imports the note with {@code spark.jars} set to the built jar, runs it with
   * the forms and checks every paragraph: finished, and showing what its kind shows.
   */
  private Ran run(String noteId) throws IOException, InterruptedException {
    Note source = notes.stream().filter(n -> n.id().equals(noteId)).findFirst().orElseThrow();
    ObjectNode zpln = source.json().deepCopy();
    ObjectNode conf = (ObjectNode) zpln.path("paragraphs").get(0);
    conf.put("text", conf.path("text").asText().replaceAll("(?m)^spark\\.jars\\s+\\S+$",
        "spark.jars " + Matcher.quoteReplacement(required("gradiente.notebookJar"))));
    server.restartSpark();
    String id = server.importNote(new ObjectMapper().writeValueAsString(zpln));
    long start = System.nanoTime();
    server.runAll(id, params, NOTE_TIMEOUT, System.out);
    System.out.printf("zeppelin: %s ran in %.0f s%n", source.name(), (System.nanoTime() - start) / 1e9);
    Ran ran = new Ran(source.name(), new Note(source.file(), server.note(id)).paragraphs());
    List<String> failures = ran.check();
    if (!failures.isEmpty()) {
      fail(source.name() + ": " + failures.size() + " paragraph(s) wrong:\n" + String.join("\n", failures)
          + "\n" + server.logs());
    }
    return ran;
  }

  /** A note's paragraphs as the server returned them after the run. */
  private record Ran(String name, List<Note.Paragraph> paragraphs) {
    /** One line per paragraph that did not finish or does not show what its kind shows. */
    List<String> check() {
      List<String> failures = new ArrayList<>();
      for (Note.Paragraph p : paragraphs) {
        String at = p.id() + " (" + p.interpreter() + ")";
        String status = p.json().path("status").asText();
        List<Result.Message> msgs = messages(p);
        if (status.equals("READY")) {
          failures.add(at + ": not run (run-all stops at the first paragraph that fails)");
          continue;
        }
        if (!status.equals("FINISHED")) {
          failures.add(at + ": status " + status + " " + shorten(msgs));
          continue;
        }
        String code = p.json().path("results").path("code").asText("SUCCESS");
        if (!code.equals("SUCCESS")) {
          failures.add(at + ": result " + code + " " + shorten(msgs));
        }
        String problem = switch (p.interpreter()) {
          case "%md" -> has(msgs, "HTML") ? null : "no HTML";
          case "%spark.sql" -> sqlProblem(p, msgs);
          case "%spark" -> p.body().contains("println(\"%html") && !has(msgs, "HTML") ? "no HTML"
              : p.body().contains("z.show(") && !has(msgs, "TABLE") ? "no table" : null;
          default -> null;
        };
        if (problem != null) {
          failures.add(at + ": " + problem + " " + shorten(msgs));
        }
      }
      return failures;
    }

    private static String shorten(List<Result.Message> msgs) {
      String s = msgs.toString();
      return s.length() <= 2000 ? s : s.substring(0, 2000) + "...";
    }

    private static String sqlProblem(Note.Paragraph p, List<Result.Message> msgs) {
      if (!has(msgs, "TABLE")) {
        return "no table";
      }
      Result.Table table = Result.Table.parse(first(msgs, "TABLE"));
      if (table.rows().isEmpty()) {
        return "no rows";
      }
      for (String f : new String[] {"keys", "groups", "values"}) {
        for (JsonNode c : p.graph().path(f)) {
          int index = c.path("index").asInt();
          if (index >= table.columns().size() || !table.columns().get(index).equals(c.path("name").asText())) {
            return "chart column " + c + " is not in the result " + table.columns();
          }
        }
      }
      return null;
    }

    private static List<Result.Message> messages(Note.Paragraph p) {
      List<Result.Message> out = new ArrayList<>();
      for (JsonNode m : p.json().path("results").path("msg")) {
        out.add(new Result.Message(m.path("type").asText(), m.path("data").asText()));
      }
      return out;
    }

    private static boolean has(List<Result.Message> msgs, String type) {
      return msgs.stream().anyMatch(m -> m.type().equals(type) && !m.data().isBlank());
    }

    private static String first(List<Result.Message> msgs, String type) {
      return msgs.stream().filter(m -> m.type().equals(type)).findFirst().map(Result.Message::data)
          .orElseThrow(() -> new AssertionError("no " + type + " in " + msgs));
    }

    /** The one paragraph whose code contains {@code snippet}. */
    private Note.Paragraph paragraph(String snippet) {
      List<Note.Paragraph> found = paragraphs.stream().filter(p -> p.text().contains(snippet)).toList();
      assertEquals(1, found.size(), name + ": paragraphs containing " + snippet);
      return found.get(0);
    }

    String text(String snippet) {
      StringBuilder sb = new StringBuilder();
      messages(paragraph(snippet)).stream().filter(m -> m.type().equals("TEXT"))
          .forEach(m -> sb.append(m.data()).append('\n'));
      return sb.toString();
    }

    String html(String snippet) {
      return first(messages(paragraph(snippet)), "HTML");
    }

    Result.Table table(String snippet) {
      return Result.Table.parse(first(messages(paragraph(snippet)), "TABLE"));
    }
  }

  private static double weight(Result.Table model, String runId, String feature) {
    for (List<String> row : model.rows()) {
      if (row.get(0).equals(runId) && row.get(1).equals(feature)) {
        return Double.parseDouble(row.get(2));
      }
    }
    throw new AssertionError("no weight of " + feature + " for " + runId + " in " + model.rows());
  }

  private static List<Long> counts(String html) {
    List<Long> out = new ArrayList<>();
    Matcher m = CELL.matcher(html);
    while (m.find()) {
      out.add(Long.parseLong(m.group(1)));
    }
    return out;
  }

  private static List<String> all(Pattern p, String text) {
    List<String> out = new ArrayList<>();
    Matcher m = p.matcher(text);
    while (m.find()) {
      out.add(m.group());
    }
    return out;
  }

  private static String between(String text, String from, String to) {
    int start = text.indexOf(from);
    assertTrue(start >= 0, "no " + from + " in the output");
    start += from.length();
    return text.substring(start, text.indexOf(to, start));
  }

  private static void assertRel(double expected, double actual, double rel, String what) {
    assertEquals(expected, actual, rel * Math.abs(expected), what);
  }

  private static String required(String property) {
    String v = System.getProperty(property);
    if (v == null || v.isBlank()) {
      throw new IllegalStateException("system property " + property + " is not set (run through mvn verify)");
    }
    return v;
  }
}
