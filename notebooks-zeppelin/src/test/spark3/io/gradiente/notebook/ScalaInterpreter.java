package io.gradiente.notebook;

import java.io.PrintWriter;
import scala.tools.nsc.Settings;
import scala.tools.nsc.interpreter.IMain;

/** The Scala 2.12 interpreter of the Spark 3 line, its messages written to {@code out}. */
final class ScalaInterpreter {
  /** Zeppelin's Scala 2.12 interpreter feeds a paragraph line by line (ScalaParagraphs joins continued lines). */
  static final boolean WHOLE_PARAGRAPH = false;

  private ScalaInterpreter() {}

  static IMain create(Settings settings, PrintWriter out) {
    return new IMain(settings, out);
  }
}
