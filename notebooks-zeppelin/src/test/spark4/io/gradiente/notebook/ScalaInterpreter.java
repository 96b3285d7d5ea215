package io.gradiente.notebook;

import java.io.PrintWriter;
import scala.tools.nsc.Settings;
import scala.tools.nsc.interpreter.IMain;
import scala.tools.nsc.interpreter.shell.ReplReporterImpl;

/** The Scala 2.13 interpreter of the Spark 4 line, its messages written to {@code out} through a REPL reporter. */
final class ScalaInterpreter {
  /**
   * Zeppelin's Scala 2.13 interpreter runs a paragraph whole: line by line, 2.13 would fail a comment-only line and
   * read a line ending in an operator as a postfix call.
   */
  static final boolean WHOLE_PARAGRAPH = true;

  private ScalaInterpreter() {}

  static IMain create(Settings settings, PrintWriter out) {
    return new IMain(settings, new ReplReporterImpl(settings, out));
  }
}
