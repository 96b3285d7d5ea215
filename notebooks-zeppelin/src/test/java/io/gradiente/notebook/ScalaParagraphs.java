package io.gradiente.notebook;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import scala.tools.nsc.Settings;
import scala.tools.nsc.interpreter.IMain;
import scala.tools.nsc.interpreter.Results;

/**
 * Runs Zeppelin {@code %spark} paragraphs in the Scala interpreter of the build's Spark line (2.12 or 2.13,
 * {@link ScalaInterpreter}; class-based wrappers, classes written to a folder that Spark serves to executors), with
 * {@code spark}, {@code sc} and {@code z} bound and Zeppelin's default imports. A paragraph is interpreted as
 * Zeppelin's Spark interpreter of that Scala version does: in 2.12 line by line, where a line that is not complete
 * yet (open brackets, a trailing operator) or that is followed by a line starting with '.' is joined with the next
 * one; in 2.13 whole. Everything the paragraph prints, and the interpreter's echo of definitions, is the paragraph's
 * output.
 */
final class ScalaParagraphs implements AutoCloseable {
  private final IMain imain;
  private final Capture capture = new Capture();
  private final PrintStream console = new PrintStream(capture, true, StandardCharsets.UTF_8);

  /** The outcome of one paragraph. */
  record Outcome(boolean success, String output) {}

  ScalaParagraphs(SparkSession spark, Object z, Path outputDir) {
    Settings settings = new Settings();
    settings.processArgumentString("-usejavacp -Yrepl-class-based -Yrepl-outdir " + outputDir);
    imain = ScalaInterpreter.create(settings, new PrintWriter(console, true));
    bind("spark", "org.apache.spark.sql.SparkSession", spark);
    bind("sc", "org.apache.spark.SparkContext", spark.sparkContext());
    bind("z", z.getClass().getName(), z);
    for (String line : new String[] {"import org.apache.spark.SparkContext._", "import spark.implicits._",
        "import spark.sql", "import org.apache.spark.sql.functions._"}) {
      Outcome o = run(line);
      if (!o.success()) {
        throw new IllegalStateException("cannot start the Scala interpreter: " + o.output());
      }
    }
  }

  private void bind(String name, String type, Object value) {
    Results.Result r = imain.bind(name, type, value, scala.collection.immutable.List$.MODULE$.empty());
    if (r != Results.Success$.MODULE$) {
      throw new IllegalStateException("cannot bind " + name + ": " + r + "\n" + capture.take());
    }
  }

  /**
   * Runs one paragraph's code as Zeppelin's interpreter of this Scala version does: line by line for 2.12, stopping
   * at the first line that fails; whole for 2.13 ({@link ScalaInterpreter#WHOLE_PARAGRAPH}).
   */
  Outcome run(String code) {
    capture.take();
    Results.Result last = ScalaInterpreter.WHOLE_PARAGRAPH ? whole(code) : byLine(code);
    console.flush();
    if (last == Results.Error$.MODULE$) {
      return new Outcome(false, capture.take());
    }
    if (last == Results.Incomplete$.MODULE$) {
      return new Outcome(false, capture.take() + "\nincomplete expression at the end of the paragraph");
    }
    return new Outcome(true, capture.take());
  }

  private Results.Result byLine(String code) {
    String[] lines = code.split("\n", -1);
    String incomplete = "";
    Results.Result last = Results.Success$.MODULE$;
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      if (line.isBlank()) {
        continue;
      }
      String next = incomplete.isEmpty() ? line : incomplete + "\n" + line;
      if (i + 1 < lines.length && lines[i + 1].trim().startsWith(".") && !lines[i + 1].trim().startsWith("..")) {
        incomplete = next;
        continue;
      }
      last = interpret(next);
      if (last == Results.Error$.MODULE$) {
        return last;
      }
      incomplete = last == Results.Incomplete$.MODULE$ ? next : "";
    }
    return last;
  }

  /** The paragraph at once; one that ends in a comment is incomplete, so it is run again with a statement after. */
  private Results.Result whole(String code) {
    Results.Result r = interpret(code);
    return r == Results.Incomplete$.MODULE$ ? interpret(code + "\nprint(\"\")") : r;
  }

  private Results.Result interpret(String source) {
    return scala.Console$.MODULE$.withOut(console, () -> imain.interpret(source));
  }

  @Override
  public void close() {
    imain.close();
  }

  /** Collects a paragraph's output. */
  private static final class Capture extends OutputStream {
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();

    @Override
    public synchronized void write(int b) {
      buffer.write(b);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
      buffer.write(b, off, len);
    }

    synchronized String take() {
      String s = buffer.toString(StandardCharsets.UTF_8);
      buffer.reset();
      return s;
    }
  }
}
