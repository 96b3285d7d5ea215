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
 * {@link ScalaInterpreter}; class-based wrappers, classes written to a folder that Spark serves to executors), with {@code spark}, {@code sc} and {@code z} bound and
 * Zeppelin's default imports. A paragraph is interpreted line by line as Zeppelin's Spark interpreter does: a line
 * that is not complete yet (open brackets, a trailing operator) or that is followed by a line starting with '.' is
 * joined with the next one. Everything the paragraph prints, and the interpreter's echo of definitions, is the
 * paragraph's output.
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

  /** Runs one paragraph's code; stops at the first line that fails, as Zeppelin does. */
  Outcome run(String code) {
    capture.take();
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
      String source = next;
      last = scala.Console$.MODULE$.withOut(console, () -> imain.interpret(source));
      if (last == Results.Error$.MODULE$) {
        return new Outcome(false, capture.take());
      }
      incomplete = last == Results.Incomplete$.MODULE$ ? next : "";
    }
    console.flush();
    if (last == Results.Incomplete$.MODULE$) {
      return new Outcome(false, capture.take() + "\nincomplete expression at the end of the paragraph");
    }
    return new Outcome(true, capture.take());
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
