package io.gradiente.jobs;

import io.gradiente.core.train.ProgressListener;
import java.io.PrintStream;
import java.util.Locale;

/**
 * Training progress: a bar redrawn in place on a terminal, or one line per tenth of the run when the stream goes to
 * a log (Airflow, spark-submit) or a notebook paragraph, with elapsed time and an estimate of what is left.
 */
public final class ConsoleProgress implements ProgressListener {
  private static final int WIDTH = 30;
  private final String name;
  private final PrintStream out;
  private final boolean terminal;
  private final long start = System.nanoTime();
  private long lastDraw;
  private int lastTenth = -1;

  private ConsoleProgress(String name, PrintStream out, boolean terminal) {
    this.name = name;
    this.out = out;
    this.terminal = terminal;
  }

  /** Progress for a run on stderr, drawn in place when a console is attached. */
  public static ConsoleProgress forRun(String name) {
    return new ConsoleProgress(name, System.err, System.console() != null);
  }

  /** Progress as plain lines on {@code out}, one per tenth of the run (for logs and notebook paragraphs). */
  public static ConsoleProgress lines(String name, PrintStream out) {
    return new ConsoleProgress(name, out, false);
  }

  @Override
  public void onStep(int epoch, int epochs, int step, int stepsPerEpoch, double batchLoss) {
    if (!terminal) {
      return;
    }
    long now = System.nanoTime();
    if (now - lastDraw < 100_000_000L && step + 1 < stepsPerEpoch) {
      return;
    }
    lastDraw = now;
    double done = (epoch + (step + 1.0) / stepsPerEpoch) / epochs;
    out.print("\r" + line(done, epoch, epochs, "batch loss", batchLoss));
    out.flush();
  }

  @Override
  public void onEpoch(int epoch, int epochs, double trainLoss) {
    double done = (epoch + 1.0) / epochs;
    if (terminal) {
      out.print("\r" + line(done, epoch, epochs, "train loss", trainLoss));
      if (epoch + 1 == epochs) {
        out.println();
      }
      out.flush();
      return;
    }
    int tenth = (int) Math.floor(done * 10);
    if (tenth != lastTenth || epoch + 1 == epochs) {
      lastTenth = tenth;
      out.println(line(done, epoch, epochs, "train loss", trainLoss));
      out.flush();
    }
  }

  private String line(double done, int epoch, int epochs, String what, double loss) {
    int filled = (int) Math.round(done * WIDTH);
    double elapsed = (System.nanoTime() - start) / 1e9;
    double left = done > 0 ? elapsed * (1 - done) / done : 0;
    String value = Double.isNaN(loss) ? "not computed" : String.format(Locale.ROOT, "%.6f", loss);
    return String.format(Locale.ROOT, "%-22s [%s%s] %3.0f%% epoch %d/%d %s %s  %s elapsed, ~%s left", name,
        "#".repeat(filled), ".".repeat(WIDTH - filled), done * 100, epoch + 1, epochs, what, value,
        duration(elapsed), duration(left));
  }

  static String duration(double seconds) {
    long s = Math.round(seconds);
    return s < 60 ? s + "s" : s < 3600 ? (s / 60) + "m" + String.format("%02d", s % 60) + "s"
        : (s / 3600) + "h" + String.format("%02d", (s % 3600) / 60) + "m";
  }
}
