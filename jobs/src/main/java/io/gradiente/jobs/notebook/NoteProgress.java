package io.gradiente.jobs.notebook;

import io.gradiente.core.train.ProgressListener;
import java.io.PrintStream;
import java.util.Locale;

/**
 * Training progress for a notebook paragraph: one line per epoch, at most about twenty lines a run, written to the
 * stream the paragraph shows (in Zeppelin's Scala paragraphs, pass {@code Console.out}), so a student watches the
 * loss fall while the run goes on.
 */
public final class NoteProgress implements ProgressListener {
  private static final int MAX_LINES = 20;
  private final String name;
  private final PrintStream out;
  private final long start = System.nanoTime();

  /** Progress of the run {@code name} on {@code out}. */
  public NoteProgress(String name, PrintStream out) {
    this.name = name;
    this.out = out;
  }

  @Override
  public void onEpoch(int epoch, int epochs, double trainLoss) {
    int every = Math.max(1, (int) Math.ceil(epochs / (double) MAX_LINES));
    if ((epoch + 1) % every != 0 && epoch != 0 && epoch + 1 != epochs) {
      return;
    }
    double elapsed = (System.nanoTime() - start) / 1e9;
    double left = elapsed * (epochs - epoch - 1) / (epoch + 1);
    out.println(String.format(Locale.ROOT, "%s: epoch %d/%d, train loss %.6f (%.1fs elapsed, ~%.0fs left)", name,
        epoch + 1, epochs, trainLoss, elapsed, left));
    out.flush();
  }
}
