package io.gradiente.core.train;

import io.gradiente.core.data.BadInputException;
import java.io.ByteArrayInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.zip.CRC32;
import java.util.zip.CheckedOutputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.ChecksumException;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The checkpoints of one run on any Hadoop file system. While a run trains they live in
 * {@code <output>/_checkpoints/<run-id>/}, beside (not inside) the run folder, because the report is written
 * to a temporary folder that is renamed onto {@code <output>/<run-id>/} at the end; once the report is in place
 * they are moved to {@code <output>/<run-id>/_checkpoints/} ({@link #moveInto}). Each checkpoint is one file,
 * {@code step-<steps done, 12 digits>.ckpt}, written under a hidden temporary name and renamed into place, so a
 * reader never sees half a checkpoint; only the newest {@code keep} are kept.
 *
 * <p>The file is binary and exact (doubles as their 64 raw bits): a magic string and format version, the position,
 * seed, configuration and data fingerprint, the parameters, the optimizer state, the history, and a CRC-32 of all
 * of it.
 */
public final class Checkpoints {
  /** The folder name that holds checkpoints, under the output folder and later under the run folder. */
  public static final String FOLDER = "_checkpoints";
  private static final String MAGIC = "gradiente-checkpoint";
  private static final int VERSION = 2;
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
    this.dir = pendingFolder(output, runId);
    this.runId = runId;
    this.keep = keep;
    try {
      this.fs = dir.getFileSystem(conf);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot reach " + dir, e);
    }
  }

  /** Where a run's checkpoints live while it trains: {@code <output>/_checkpoints/<run-id>}. */
  public static Path pendingFolder(String output, String runId) {
    return new Path(new Path(output, FOLDER), runId);
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
    Path tmp = new Path(dir, "." + target.getName() + ".tmp-" + UUID.randomUUID());
    try {
      fs.mkdirs(dir);
      try (FSDataOutputStream raw = fs.create(tmp, false)) {
        write(raw, state);
        raw.hsync();
      }
      if (fs.exists(target)) {
        fs.delete(target, false);
      }
      if (!fs.rename(tmp, target)) {
        throw new IOException("cannot rename " + tmp + " to " + target);
      }
      for (FileStatus st : fs.listStatus(dir)) {
        if (st.getPath().getName().startsWith(".step-") && !st.getPath().getName().equals(tmp.getName())) {
          fs.delete(st.getPath(), false);
        }
      }
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
    List<String> diffs = new ArrayList<>();
    for (String key : new TreeSet<>(union(s.config(), config))) {
      String was = s.config().get(key);
      String now = config.get(key);
      if (!Objects.equals(was, now)) {
        diffs.add(key + " was " + was + ", now " + now);
      }
    }
    if (!diffs.isEmpty()) {
      throw new BadInputException("cannot resume run " + runId + ": the configuration differs from its checkpoint: "
          + String.join("; ", diffs));
    }
    if (!s.dataFingerprint().equals(dataFingerprint)) {
      throw new BadInputException("cannot resume run " + runId + ": the data differ from its checkpoint: was "
          + s.dataFingerprint() + ", now " + dataFingerprint);
    }
    return s;
  }

  private static TreeSet<String> union(Map<String, String> a, Map<String, String> b) {
    TreeSet<String> keys = new TreeSet<>(a.keySet());
    keys.addAll(b.keySet());
    return keys;
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
      Path target = new Path(runFolder, FOLDER);
      if (fs.exists(target)) {
        fs.delete(target, true);
      }
      if (!fs.rename(dir, target)) {
        throw new IOException("cannot rename " + dir + " to " + target);
      }
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
   * A policy that saves here every {@code everyEpochs} epochs and every {@code everySteps} steps (0 turns either
   * off), and always once training ends, so that a failure while evaluating or reporting loses no training.
   *
   * @param log hears one line per checkpoint saved
   */
  public CheckpointPolicy policy(int everyEpochs, long everySteps, int totalEpochs, Consumer<String> log) {
    Checkpoints store = this;
    return new CheckpointPolicy() {
      @Override
      public boolean due(int epoch, int step, long stepsDone) {
        boolean epochEnd = step == 0 && epoch > 0;
        return epochEnd && epoch == totalEpochs
            || everyEpochs > 0 && epochEnd && epoch % everyEpochs == 0
            || everySteps > 0 && stepsDone > 0 && stepsDone % everySteps == 0;
      }

      @Override
      public void save(TrainState state) {
        Path p = store.save(state);
        log.accept("checkpoint saved: epoch " + state.epoch() + ", step " + state.step() + " (" + state.stepsDone()
            + " steps done): " + p);
      }
    };
  }

  private static void write(java.io.OutputStream raw, TrainState s) throws IOException {
    CRC32 crc = new CRC32();
    DataOutputStream out = new DataOutputStream(new CheckedOutputStream(new BufferedOutputStream(raw, 1 << 16), crc));
    out.writeUTF(MAGIC);
    out.writeInt(VERSION);
    out.writeInt(s.epoch());
    out.writeInt(s.step());
    out.writeLong(s.seed());
    Map<String, String> config = new TreeMap<>(s.config());
    out.writeInt(config.size());
    for (Map.Entry<String, String> e : config.entrySet()) {
      out.writeUTF(e.getKey());
      out.writeUTF(e.getValue());
    }
    out.writeUTF(s.dataFingerprint());
    writeDoubles(out, s.params());
    writeDoubles(out, s.optimizerState());
    History h = s.history();
    int[] stepEpochs = h.stepEpochs();
    out.writeInt(stepEpochs.length);
    for (int e : stepEpochs) {
      out.writeInt(e);
    }
    writeDoubles(out, h.batchLosses());
    writeDoubles(out, h.stepTrainLosses());
    writeDoubles(out, h.trainLosses());
    out.flush();
    new DataOutputStream(raw).writeLong(crc.getValue());
  }

  private static void writeDoubles(DataOutputStream out, double[] values) throws IOException {
    if (values == null) {
      out.writeInt(-1);
      return;
    }
    out.writeInt(values.length);
    for (double v : values) {
      out.writeLong(Double.doubleToRawLongBits(v));
    }
  }

  /**
   * Reads one checkpoint file. Nothing in it is trusted before its CRC matches: the file is read whole (its size is
   * the file system's), the CRC checked, and only then is it parsed, every length checked against the bytes that are
   * left before anything is allocated.
   *
   * @throws BadInputException {@code checkpoint FILE is damaged: WHY} when it is not a complete checkpoint of this
   *     format
   */
  public TrainState read(Path file) {
    Path name = fs.makeQualified(file);
    byte[] bytes;
    try {
      long size = fs.getFileStatus(file).getLen();
      if (size < Long.BYTES || size > Integer.MAX_VALUE - 16) {
        throw damaged(name, size + " bytes long");
      }
      bytes = new byte[(int) size];
      try (FSDataInputStream in = fs.open(file)) {
        in.readFully(0, bytes);
      }
    } catch (EOFException e) {
      throw damaged(name, "shorter than its length");
    } catch (ChecksumException e) {
      throw damaged(name, "the file system's checksum does not match: " + e.getMessage());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read checkpoint " + name, e);
    }
    int body = bytes.length - Long.BYTES;
    CRC32 crc = new CRC32();
    crc.update(bytes, 0, body);
    if (ByteBuffer.wrap(bytes, body, Long.BYTES).getLong() != crc.getValue()) {
      throw damaged(name, "CRC mismatch (truncated or changed)");
    }
    ByteArrayInputStream left = new ByteArrayInputStream(bytes, 0, body);
    DataInputStream in = new DataInputStream(left);
    try {
      if (!MAGIC.equals(in.readUTF())) {
        throw new BadInputException(name + ": not a gradiente checkpoint");
      }
      int version = in.readInt();
      if (version != VERSION) {
        throw new BadInputException(name + ": checkpoint format " + version + ", expected " + VERSION);
      }
      int epoch = in.readInt();
      int step = in.readInt();
      long seed = in.readLong();
      int entries = checkedLength(in, left, 4);
      Map<String, String> config = new TreeMap<>();
      for (int i = 0; i < entries; i++) {
        config.put(in.readUTF(), in.readUTF());
      }
      String fingerprint = in.readUTF();
      double[] params = readDoubles(in, left);
      double[] optimizer = readDoubles(in, left);
      int[] stepEpochs = new int[checkedLength(in, left, Integer.BYTES)];
      for (int i = 0; i < stepEpochs.length; i++) {
        stepEpochs[i] = in.readInt();
      }
      double[] batch = readDoubles(in, left);
      double[] stepTrain = readDoubles(in, left);
      double[] train = readDoubles(in, left);
      if (left.available() != 0) {
        throw damaged(name, left.available() + " bytes after the history");
      }
      return new TrainState(params, optimizer, epoch, step, seed, config, fingerprint,
          History.of(stepEpochs, batch, stepTrain, train));
    } catch (IOException e) {
      throw damaged(name, "ends inside a field");
    } catch (IllegalArgumentException | NullPointerException e) {
      throw damaged(name, e.getMessage());
    }
  }

  private static BadInputException damaged(Path file, String why) {
    return new BadInputException("checkpoint " + file + " is damaged: " + why);
  }

  /** A length prefix, no larger than what is left at {@code bytesEach} bytes an element. */
  private static int checkedLength(DataInputStream in, ByteArrayInputStream left, int bytesEach) throws IOException {
    return checkedLength(in.readInt(), left, bytesEach);
  }

  private static int checkedLength(int n, ByteArrayInputStream left, int bytesEach) throws EOFException {
    if (n < 0 || n > left.available() / bytesEach) {
      throw new EOFException();
    }
    return n;
  }

  private static double[] readDoubles(DataInputStream in, ByteArrayInputStream left) throws IOException {
    int n = in.readInt();
    if (n == -1) {
      return null;
    }
    double[] out = new double[checkedLength(n, left, Long.BYTES)];
    for (int i = 0; i < out.length; i++) {
      out[i] = Double.longBitsToDouble(in.readLong());
    }
    return out;
  }

}
