package io.gradiente.jobs;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One command line run of {@link Main} in this JVM: its exit code and what it printed.
 *
 * @param code the exit code {@link Main#run} returned
 * @param out what it printed on standard output
 * @param err what it printed on standard error
 */
public record MainRun(int code, String out, String err) {
  /** Runs {@code Main.run(args)} with standard output and error captured (one run at a time: they are global). */
  public static synchronized MainRun of(String... args) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
    int code;
    try {
      code = Main.run(args);
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
    return new MainRun(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
  }

  /** The lines printed on standard error that are not blank. */
  public List<String> errLines() {
    return err.lines().filter(l -> !l.isBlank()).toList();
  }
}
