package io.gradiente.core.train;

import io.gradiente.core.data.BadInputException;
import io.gradiente.core.fs.StagedWrite;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.ChecksumException;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The checkpoint store of one run on any Hadoop file system. While a run trains its checkpoints live in
 * {@code <output>/_checkpoints/<run-id>/}, beside (not inside) the run folder, because the report is written
 * to a temporary folder that is renamed onto {@code <output>/<run-id>/} at the end; once the report is in place
 * they are moved to {@code <output>/<run-id>/_checkpoints/} ({@link #moveInto}). Each checkpoint is one file,
 * {@code step-<steps done, 12 digits>.ckpt} in {@link CheckpointFormat}, written under a hidden temporary name and
 * renamed into place ({@link StagedWrite}), so a reader never sees half a checkpoint; only the newest {@code keep}
 * are kept. A resumed run takes the newest undamaged one, after {@link CheckpointIdentity} has checked that it
 * belongs to the same configuration and data.
 */
public final class Checkpoints {
  /** The folder name that holds checkpoints, under the output folder and later under the run folder. */
  public static final String FOLDER = "_checkpoints";
  private static final String SUFFIX = ".ckpt";

  private final FileSystem fs;
  private final Path dir;
  private final String runId;
  private final int keep;

  /**
   * The checkpoint store of a run (nothing is created until the first save).
   *
   * @param keep how many of the newest checkpoints to keep, at least 1
   */
  public Checkpoints(Configuration conf, String output, String runId, int keep) {
    if (keep < 1) {
      throw new BadInputException("--keep-checkpoints must be at least 1, got " + keep);
    }
    this.dir = new Path(new Path(output, FOLDER), runId);
    this.runId = runId;
    this.keep = keep;
    try {
      this.fs = dir.getFileSystem(conf);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot reach " + dir, e);
    }
  }

  /** The folder of this store, fully qualified. */
  public Path folder() {
    return fs.makeQualified(dir);
  }

  /** The checkpoint files, oldest first (hidden temporary files are not checkpoints). */
  public List<Path> list() {
    try {
      if (!fs.exists(dir)) {
        return List.of();
      }
      List<Path> out = new ArrayList<>();
      for (FileStatus st : fs.listStatus(dir)) {
        String name = st.getPath().getName();
        if (st.isFile() && name.startsWith("step-") && name.endsWith(SUFFIX)) {
          out.add(st.getPath());
        }
      }
      out.sort(Comparator.comparing(Path::getName));
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
  }

  /** Whether the store holds anything at all (checkpoints or leftovers of an interrupted save). */
  public boolean exists() {
    try {
      return fs.exists(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot check " + dir, e);
    }
  }

  /** Deletes the store with everything in it. */
  public void delete() {
    try {
      fs.delete(dir, true);
      deleteParentIfEmpty();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + dir, e);
    }
  }

  /**
   * Writes a state as the newest checkpoint (temporary name, then rename) and deletes all but the newest
   * {@code keep}; leftovers of an interrupted save are removed too.
   *
   * @return the checkpoint file, fully qualified
   */
  public Path save(TrainState state) {
    Path target = new Path(dir, String.format("step-%012d%s", state.stepsDone(), SUFFIX));
    try {
      fs.mkdirs(dir);
      Path tmp = StagedWrite.stage(fs, target, file -> {
        try (FSDataOutputStream raw = fs.create(file, false)) {
          CheckpointFormat.write(raw, state);
          raw.hsync();
        }
      });
      StagedWrite.replace(fs, tmp, target);
      StagedWrite.deleteLeftovers(fs, dir, "step-*" + SUFFIX);
      List<Path> all = list();
      for (int i = 0; i < all.size() - keep; i++) {
        fs.delete(all.get(i), false);
      }
      return fs.makeQualified(target);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write checkpoint " + target, e);
    }
  }

  /**
   * The newest checkpoint that is not damaged. A damaged newer one is skipped and reported to {@code warn}: the run
   * resumes from the one before, and recomputes the same numbers from there.
   *
   * @throws BadInputException when there is none, or every one is damaged (naming the newest's damage)
   */
  public TrainState newest(Consumer<String> warn) {
    List<Path> all = list();
    if (all.isEmpty()) {
      throw new BadInputException("no checkpoint of run " + runId + " in " + folder());
    }
    BadInputException newestDamage = null;
    for (int i = all.size() - 1; i > 0; i--) {
      try {
        return read(all.get(i));
      } catch (BadInputException e) {
        newestDamage = newestDamage == null ? e : newestDamage;
        warn.accept(e.getMessage() + "; resuming from the one before");
      }
    }
    try {
      return read(all.get(0));
    } catch (BadInputException e) {
      throw newestDamage == null ? e : new BadInputException("cannot resume run " + runId + ": every checkpoint in "
          + folder() + " is damaged; the newest: " + newestDamage.getMessage(), newestDamage);
    }
  }

  /**
   * The newest checkpoint that is not damaged ({@link #newest}), after checking that it belongs to the same
   * configuration and data.
   *
   * @throws BadInputException naming every setting that differs, or both fingerprints
   */
  public TrainState resume(Map<String, String> config, String dataFingerprint, Consumer<String> warn) {
    TrainState s = newest(warn);
    CheckpointIdentity.check(runId, s, config, dataFingerprint);
    return s;
  }

  /**
   * Moves the store into the finished run folder as {@code <run folder>/_checkpoints}, and removes
   * {@code <output>/_checkpoints} when no other run uses it.
   */
  public void moveInto(Path runFolder) {
    try {
      if (!fs.exists(dir)) {
        return;
      }
      StagedWrite.replace(fs, dir, new Path(runFolder, FOLDER));
      deleteParentIfEmpty();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot move the checkpoints of run " + runId + " into " + runFolder, e);
    }
  }

  private void deleteParentIfEmpty() throws IOException {
    Path parent = dir.getParent();
    if (fs.exists(parent) && fs.listStatus(parent).length == 0) {
      fs.delete(parent, false);
    }
  }

  /**
   * Reads one checkpoint file. It is read whole (its size is the file system's) and then parsed
   * ({@link CheckpointFormat#read}: nothing is trusted before its CRC matches).
   *
   * @throws BadInputException {@code checkpoint FILE is damaged: WHY} when it is not a complete checkpoint of this
   *     format
   */
  public TrainState read(Path file) {
    String name = fs.makeQualified(file).toString();
    byte[] bytes;
    try {
      long size = fs.getFileStatus(file).getLen();
      if (size > Integer.MAX_VALUE - 16) {
        throw CheckpointFormat.damaged(name, size + " bytes long");
      }
      bytes = new byte[(int) size];
      try (FSDataInputStream in = fs.open(file)) {
        in.readFully(0, bytes);
      }
    } catch (EOFException e) {
      throw CheckpointFormat.damaged(name, "shorter than its length");
    } catch (ChecksumException e) {
      throw CheckpointFormat.damaged(name, "the file system's checksum does not match: " + e.getMessage());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read checkpoint " + name, e);
    }
    return CheckpointFormat.read(bytes, name);
  }
}
