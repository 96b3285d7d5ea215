package io.gradiente.core.fs;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Publishing a file or folder so that no reader ever sees it half-written, on any Hadoop file system: it is written
 * under a hidden temporary name beside its target, {@code .<name>.tmp-<uuid>} (deleted again when the write fails),
 * then renamed into place; what a killed write left behind is found by that name and deleted. Renames are atomic on
 * HDFS and local file systems. Used by the checkpoints (one file each) and the run report (a folder).
 */
public final class StagedWrite {
  private static final String TMP = ".tmp-";
  /** A random UUID's shape, so that another name that starts like a temporary name is never matched. */
  public static final String UUID_GLOB = "????????-????-????-????-????????????";

  private StagedWrite() {}

  /** Writes the staged file or folder at the path it is given. */
  @FunctionalInterface
  public interface Writer {
    void write(Path tmp) throws IOException;
  }

  /**
   * Writes {@code target}'s content under a fresh hidden temporary name beside it; deletes that again when
   * {@code writer} fails.
   *
   * @return the temporary path, complete, to be renamed into place
   */
  public static Path stage(FileSystem fs, Path target, Writer writer) throws IOException {
    Path tmp = new Path(target.getParent(), "." + target.getName() + TMP + UUID.randomUUID());
    try {
      writer.write(tmp);
    } catch (IOException | RuntimeException e) {
      fs.delete(tmp, true);
      throw e;
    }
    return tmp;
  }

  /**
   * Deletes the temporary files and folders that killed writes of targets named {@code nameGlob} (a Hadoop glob such
   * as {@code step-*.ckpt}) left in {@code dir}.
   */
  public static void deleteLeftovers(FileSystem fs, Path dir, String nameGlob) throws IOException {
    for (Path tmp : matching(fs, new Path(dir, "." + nameGlob + TMP + UUID_GLOB))) {
      fs.delete(tmp, true);
    }
  }

  /**
   * Renames {@code from} onto {@code to}, deleting what is at {@code to} first. Not atomic as a whole: a kill in
   * between leaves {@code from} in place and nothing at {@code to}.
   */
  public static void replace(FileSystem fs, Path from, Path to) throws IOException {
    if (fs.exists(to)) {
      fs.delete(to, true);
    }
    rename(fs, from, to);
  }

  /** Renames {@code from} to {@code to}, failing when the file system refuses. */
  public static void rename(FileSystem fs, Path from, Path to) throws IOException {
    if (!fs.rename(from, to)) {
      throw new IOException("cannot rename " + from + " to " + to);
    }
  }

  /** The paths matching a Hadoop glob, none when nothing matches. */
  public static List<Path> matching(FileSystem fs, Path pattern) throws IOException {
    FileStatus[] found = fs.globStatus(pattern);
    List<Path> paths = new ArrayList<>();
    for (FileStatus st : found == null ? new FileStatus[0] : found) {
      paths.add(st.getPath());
    }
    return paths;
  }
}
