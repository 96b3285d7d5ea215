package io.gradiente.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.gradiente.jobs.plot.Palette;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import javax.imageio.ImageIO;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The Zeppelin notes without a Zeppelin server: their structure, every paragraph run in order (Scala paragraphs in a
 * Scala 2.12 interpreter, SQL paragraphs with {@code spark.sql}) with 3 epochs, the outputs rendered to static HTML
 * pages under {@code target/rendered/}, and one page opened in headless Chromium to check that its charts show.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NotesTest {
  /** The note whose rendered page the browser test opens. */
  static final String SCREENSHOT_NOTE = "2GRAD0003";
  private static final Set<String> INTERPRETERS = Set.of("%spark.conf", "%md", "%spark", "%spark.sql");
  private static final Set<String> MODES = Set.of("table", "lineChart", "multiBarChart", "scatterChart",
      "stackedAreaChart", "pieChart");
  /**
   * The confusion heat map's colours for shares from a quarter of a row's rows up: {@code Html} fills a cell with
   * {@link Palette#blues} of its share; sampled every 1/128, closer than {@link #near}'s tolerance.
   */
  private static final int[] HEAT_MAP_BLUES = IntStream.rangeClosed(32, 128)
      .map(i -> Palette.blues(i / 128.0).getRGB() & 0xffffff).distinct().toArray();
  private static final Pattern FORM = Pattern.compile("\\$\\{([^=}]+)(?:=([^}]*))?}");

  private final List<Note> notes = Note.all();
  private final Path rendered = Path.of(System.getProperty("gradiente.rendered", "target/rendered"));
  private SparkSession spark;
  private ScalaParagraphs scala;

  @Test
  @Order(1)
  void everyNoteHasTheStructureZeppelinNeeds() {
    assertEquals(5, notes.size(), "notes in " + Note.folder());
    Set<String> paragraphIds = new HashSet<>();
    for (Note n : notes) {
      String where = n.file().getFileName().toString();
      assertTrue(n.id().matches("[A-Z0-9]{9}"), where + ": note id " + n.id());
      assertEquals(n.name() + "_" + n.id() + ".zpln", where, "file name is <name>_<id>.zpln");
      assertEquals("/Gradiente/" + n.name(), n.json().path("path").asText(), where + ": path");
      assertEquals("spark", n.json().path("defaultInterpreterGroup").asText(), where);
      List<Note.Paragraph> ps = n.paragraphs();
      assertFalse(ps.isEmpty(), where);
      assertEquals("%spark.conf", ps.get(0).interpreter(), where + ": the first paragraph configures Spark");
      assertTrue(ps.get(0).body().lines().anyMatch(l -> l.matches("spark\\.jars\\s+\\S+\\.jar")),
          where + ": the %spark.conf paragraph sets spark.jars to a jar");
      int charts = 0;
      for (Note.Paragraph p : ps) {
        String at = where + " paragraph " + p.id();
        assertTrue(p.id().matches("paragraph_\\d+_\\d+"), at + ": id");
        assertTrue(paragraphIds.add(p.id()), at + ": paragraph ids are unique");
        assertTrue(INTERPRETERS.contains(p.interpreter()), at + ": interpreter " + p.interpreter());
        assertTrue(p.json().path("config").path("editorMode").asText().startsWith("ace/mode/"), at);
        assertFalse(p.body().matches("(?s).*\\bcase\\s+class\\b.*"), at + ": no case classes in notes");
        JsonNode graph = p.graph();
        if (p.interpreter().equals("%spark.sql")) {
          assertFalse(graph.isMissingNode(), at + ": a SQL paragraph saves its chart settings");
          String mode = graph.path("mode").asText();
          assertTrue(MODES.contains(mode), at + ": chart mode " + mode);
          charts += mode.equals("table") ? 0 : 1;
          for (JsonNode c : chartColumns(graph)) {
            assertTrue(c.path("name").isTextual() && c.path("index").isNumber(), at + ": column " + c);
            assertTrue(p.body().contains(c.path("name").asText()), at + ": chart column " + c.path("name").asText()
                + " appears in the query");
          }
          if (mode.equals("scatterChart")) {
            assertTrue(graph.path("setting").path("scatterChart").has("xAxis"), at + ": scatter x axis");
            assertTrue(graph.path("setting").path("scatterChart").has("yAxis"), at + ": scatter y axis");
          } else if (!mode.equals("table")) {
            assertFalse(graph.path("keys").isEmpty() || graph.path("values").isEmpty(), at + ": keys and values");
          }
        }
      }
      assertTrue(charts > 0, where + ": at least one Zeppelin chart");
    }
  }

  @Test
  @Order(2)
  void everyParagraphRunsAndThePagesAreRendered() throws IOException {
    Path work = Files.createTempDirectory("gradiente-notes");
    Path classes = Files.createDirectories(work.resolve("repl-classes"));
    String output = work.resolve("reports").toString();
    spark = SparkSession.builder().master("local[2]").appName("gradiente notes")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.repl.class.outputDir", classes.toString())
        .getOrCreate();
    ZeppelinStandIn z = new ZeppelinStandIn(Map.of("epochs", "3", "output", output, "reports", output));
    scala = new ScalaParagraphs(spark, z, classes);
    Files.createDirectories(rendered);
    Map<String, Double> seconds = new LinkedHashMap<>();
    StringBuilder timings = new StringBuilder();
    for (Note n : notes) {
      long start = System.nanoTime();
      StaticPage page = new StaticPage(n.name());
      for (Note.Paragraph p : n.paragraphs()) {
        String at = n.name() + " / " + p.id() + (p.title().isEmpty() ? "" : " (" + p.title() + ")");
        long paragraphStart = System.nanoTime();
        switch (p.interpreter()) {
          case "%md" -> page.paragraph(p, StaticPage.markdown(p.body()));
          case "%spark.conf" -> page.paragraph(p, "<pre>" + StaticPage.escape(p.body()) + "</pre>");
          case "%spark" -> {
            ScalaParagraphs.Outcome o = scala.run(p.body());
            if (!o.success()) {
              fail(at + " failed:\n" + o.output());
            }
            page.paragraph(p, StaticPage.messages(Result.parse(o.output())));
          }
          case "%spark.sql" -> page.paragraph(p, sql(at, p));
          default -> fail(at + ": unexpected interpreter " + p.interpreter());
        }
        double took = (System.nanoTime() - paragraphStart) / 1e9;
        timings.append(String.format(java.util.Locale.ROOT, "%7.2f s  %s%n", took, at));
      }
      Files.writeString(rendered.resolve(n.slug() + ".html"), page.html(), StandardCharsets.UTF_8);
      seconds.put(n.name(), (System.nanoTime() - start) / 1e9);
    }
    System.out.println("notes run in seconds: " + seconds);
    Files.writeString(rendered.resolve("timings.txt"), timings.toString(), StandardCharsets.UTF_8);
    assertTrue(Files.exists(renderedPage(SCREENSHOT_NOTE)));
  }

  private String sql(String at, Note.Paragraph p) {
    Matcher m = FORM.matcher(p.body());
    String query = m.replaceAll(r -> Matcher.quoteReplacement(r.group(2) == null ? "" : r.group(2)));
    query = query.strip().replaceAll(";\\s*$", "");
    Result.Table table;
    try {
      org.apache.spark.sql.Dataset<Row> df = spark.sql(query);
      List<String> columns = List.of(df.columns());
      List<List<String>> rows = new ArrayList<>();
      for (Row r : df.limit(ZeppelinStandIn.MAX_RESULT).collectAsList()) {
        List<String> cells = new ArrayList<>();
        for (int i = 0; i < r.size(); i++) {
          cells.add(r.isNullAt(i) ? null : r.get(i).toString());
        }
        rows.add(cells);
      }
      table = new Result.Table(columns, rows);
    } catch (RuntimeException e) {
      throw new AssertionError(at + " failed: " + e.getMessage(), e);
    }
    assertFalse(table.rows().isEmpty(), at + ": the query returns no rows");
    JsonNode graph = p.graph();
    for (JsonNode c : chartColumns(graph)) {
      int index = c.path("index").asInt();
      assertTrue(index < table.columns().size() && table.columns().get(index).equals(c.path("name").asText()),
          at + ": chart column " + c + " is not in the result " + table.columns());
    }
    String mode = graph.path("mode").asText();
    if (Charts.drawable(mode)) {
      int width = p.colWidth() >= 12 ? 1100 : p.colWidth() >= 6 ? 560 : 380;
      return StaticPage.png(Charts.png(p.title(), graph, table, width, 300), p.title());
    }
    return StaticPage.table(table, 30);
  }

  private static List<JsonNode> chartColumns(JsonNode graph) {
    List<JsonNode> cols = new ArrayList<>();
    for (String f : new String[] {"keys", "groups", "values"}) {
      graph.path(f).forEach(cols::add);
    }
    JsonNode scatter = graph.path("setting").path("scatterChart");
    for (String f : new String[] {"xAxis", "yAxis", "group", "size"}) {
      if (scatter.has(f)) {
        cols.add(scatter.get(f));
      }
    }
    return cols;
  }

  private Path renderedPage(String noteId) {
    Note n = notes.stream().filter(x -> x.id().equals(noteId)).findFirst().orElseThrow();
    return rendered.resolve(n.slug() + ".html");
  }

  @Test
  @Order(3)
  void theRenderedPageShowsItsChartsInChromium() throws IOException, InterruptedException {
    Path page = renderedPage(SCREENSHOT_NOTE);
    assertTrue(Files.exists(page), page + " is rendered by the previous test");
    String browser = chromium();
    assertNotNull(browser, "Chromium is needed to check the rendered page: apt-get install -y chromium");
    Path profile = Files.createTempDirectory("gradiente-chromium");
    Path shot = rendered.resolve(page.getFileName().toString().replace(".html", ".png"));
    Files.deleteIfExists(shot);
    Process proc = new ProcessBuilder(browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
        "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--hide-scrollbars", "--user-data-dir=" + profile, "--screenshot=" + shot.toAbsolutePath(),
        "--window-size=1200,3000", page.toAbsolutePath().toUri().toString())
        .redirectErrorStream(true).redirectOutput(rendered.resolve("chromium.log").toFile()).start();
    if (!proc.waitFor(120, TimeUnit.SECONDS)) {
      proc.destroyForcibly();
      fail("chromium did not finish in 120 s; see " + rendered.resolve("chromium.log"));
    }
    assertTrue(Files.exists(shot), "no screenshot; see " + rendered.resolve("chromium.log"));
    BufferedImage image = ImageIO.read(shot.toFile());
    assertEquals(1200, image.getWidth());
    Set<Integer> colours = new HashSet<>();
    int lineBlue = 0;
    int heatMap = 0;
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        int rgb = image.getRGB(x, y) & 0xffffff;
        colours.add(rgb);
        lineBlue += near(rgb, 0x1f77b4) ? 1 : 0;
        heatMap += Arrays.stream(HEAT_MAP_BLUES).anyMatch(blue -> near(rgb, blue)) ? 1 : 0;
      }
    }
    assertTrue(colours.size() > 100, "the page is not blank: " + colours.size() + " colours");
    assertTrue(lineBlue > 300, "the loss curves (tab10 blue) show: " + lineBlue + " pixels");
    assertTrue(heatMap > 2000, "the confusion heat map's coloured cells show: " + heatMap + " pixels");
  }

  private static boolean near(int rgb, int target) {
    for (int shift = 0; shift <= 16; shift += 8) {
      if (Math.abs(((rgb >> shift) & 0xff) - ((target >> shift) & 0xff)) > 4) {
        return false;
      }
    }
    return true;
  }

  private static String chromium() {
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
      for (String name : new String[] {"chromium", "chromium-browser"}) {
        File f = new File(dir, name);
        if (f.canExecute()) {
          return f.getAbsolutePath();
        }
      }
    }
    return null;
  }

  @AfterAll
  void stop() {
    if (scala != null) {
      scala.close();
    }
    if (spark != null) {
      spark.stop();
    }
  }
}
