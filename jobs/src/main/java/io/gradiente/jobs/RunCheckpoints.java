package io.gradiente.jobs;

import io.gradiente.core.data.BadInputException;
import io.gradiente.core.report.RunReport;
import io.gradiente.core.train.CheckpointPolicy;
import io.gradiente.core.train.Checkpoints;
import io.gradiente.core.train.TrainState;
import io.gradiente.core.train.TrainingDivergedException;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

/**
 * The checkpoints of one run as the command line uses them: checked before any data is read, the state a run starts
 * from (fresh or the newest checkpoint of the same settings and data), the policy that saves them, and their move
 * into the finished report.
 */
final class RunCheckpoints {
  private final Checkpoints store;
  private final Resilience resilience;
  private final Consumer<String> log;

  /** The checkpoints of run {@code target} kept as {@code resilience} says; {@code log} hears what happens. */
  RunCheckpoints(Configuration conf, Run.Target target, Resilience resilience, Consumer<String> log) {
    this.store = new Checkpoints(conf, target.output(), target.runId(), resilience.keepCheckpoints());
    this.resilience = resilience;
    this.log = log;
  }

  /**
   * Checks the run's checkpoints before any data is read: a fresh run must not find another run's checkpoints
   * under its id (unless overwriting, which deletes them); a resumed run needs its checkpoints, unless it may start
   * without ({@link Resilience#orStart}: then it starts, deleting the leftovers of an attempt killed during its
   * first save). A resumed run whose report is already complete only finishes moving its checkpoints into the run
   * folder, except that one that may start is started over when overwriting (the new report replaces the old once
   * complete).
   *
   * @return how to train: resuming or fresh; empty when there is nothing left to do (the run is already complete)
   * @throws BadInputException for an unknown run or leftover checkpoints
   */
  static Optional<Resilience> prepare(SparkSession spark, String output, String runId, boolean overwrite,
      Resilience resilience, PrintStream out) {
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    Checkpoints store = new Checkpoints(conf, output, runId, resilience.keepCheckpoints());
    Path report = RunReport.runPath(output, runId);
    if (!resilience.resume()) {
      RunReport.checkTarget(conf, output, runId, overwrite);
      if (store.exists()) {
        if (!overwrite) {
          throw new BadInputException("run " + runId + " has checkpoints in " + store.folder() + "; pass --resume "
              + runId + " to continue it, or --overwrite to start it over");
        }
        store.delete();
      }
      return Optional.of(resilience);
    }
    RunReport.recover(conf, output, runId);
    try {
      FileSystem fs = report.getFileSystem(conf);
      if (fs.exists(report) && !(resilience.orStart() && overwrite)) {
        store.moveInto(report);
        out.println(runId + ": already complete, nothing to resume; report: " + fs.makeQualified(report));
        return Optional.empty();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot check " + report, e);
    }
    if (store.list().isEmpty()) {
      if (resilience.orStart()) {
        store.delete(); // what an attempt killed during its first save left
        return Optional.of(resilience.fresh());
      }
      throw new BadInputException("cannot resume run " + runId + ": no checkpoints in " + store.folder()
          + " (unknown run id, or a run without --checkpoint-every)");
    }
    return Optional.of(resilience);
  }

  /**
   * Where training starts: from {@code initial}, or when resuming from the newest checkpoint, which must have been
   * saved with the same {@code identity} (the settings a resumed run repeats) and data fingerprint.
   */
  TrainState start(double[] initial, long seed, Map<String, String> identity, String fingerprint) {
    if (!resilience.resume()) {
      return TrainState.start(initial, seed, identity, fingerprint);
    }
    TrainState from = store.resume(identity, fingerprint, log);
    log.accept(String.format(Locale.ROOT, "resuming at epoch %d, step %d (%d steps done)", from.epoch(),
        from.step(), from.stepsDone()));
    return from;
  }

  /** When to save: every few epochs or steps as asked and at the end, or never without checkpoints. */
  CheckpointPolicy policy(int epochs) {
    return !resilience.checkpoints() ? CheckpointPolicy.NEVER
        : CheckpointPolicy.every(resilience.checkpointEvery(), resilience.checkpointEverySteps(), epochs, store, log);
  }

  /** The divergence, naming the last good checkpoint when there is one. */
  TrainingDivergedException diverged(TrainingDivergedException e) {
    List<Path> saved = store.list();
    return saved.isEmpty() ? e : e.withNote("the last good checkpoint stays: " + saved.get(saved.size() - 1));
  }

  /** Moves the checkpoints into the written report folder, when the run saved any. */
  void moveInto(Path report) {
    if (resilience.checkpoints()) {
      store.moveInto(report);
    }
  }
}
