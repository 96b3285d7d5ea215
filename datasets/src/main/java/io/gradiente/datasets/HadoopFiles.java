package io.gradiente.datasets;

import io.gradiente.core.data.BadInputException;
import java.io.BufferedInputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.UnsupportedFileSystemException;
import org.apache.hadoop.security.AccessControlException;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.SerializableConfiguration;

/** Files on any Hadoop file system, named in errors the way the user named them. */
public final class HadoopFiles {
  private HadoopFiles() {}

  /**
   * A data file: its full Hadoop path, its name for messages (the user's path, plus the file name when the user
   * named a folder) and its length in bytes.
   */
  record Entry(String path, String display, long length) implements Serializable {}

  /** The Hadoop configuration of the session, broadcast for tasks that open files themselves. */
  static Broadcast<SerializableConfiguration> broadcastConf(SparkSession spark) {
    return JavaSparkContext.fromSparkContext(spark.sparkContext())
        .broadcast(new SerializableConfiguration(spark.sparkContext().hadoopConfiguration()));
  }

  /**
   * The status of {@code path}.
   *
   * @throws BadInputException {@code no such file or directory: PATH}, or the path cannot be read for lack of
   *     permission or is not a valid path
   * @throws UncheckedIOException when its file system cannot be reached or fails: not the user's input
   */
  static FileStatus status(Configuration conf, String path) {
    FileStatus st = statusOrNull(conf, path);
    if (st == null) {
      throw new BadInputException("no such file or directory: " + path);
    }
    return st;
  }

  /**
   * Whether {@code path} exists; a path that names no known file system (an unknown scheme) counts as missing.
   *
   * @throws BadInputException when the path cannot be read for lack of permission, is not a valid path or names a
   *     file system that the configuration cannot resolve (such as {@code hdfs:///} without a default one)
   * @throws UncheckedIOException naming the file system and the cause when it cannot be reached or fails, so that an
   *     outage is not taken for a missing file
   */
  public static boolean exists(Configuration conf, String path) {
    return statusOrNull(conf, path) != null;
  }

  private static FileStatus statusOrNull(Configuration conf, String path) {
    Path p;
    FileSystem fs;
    try {
      p = new Path(path);
      fs = p.getFileSystem(conf);
    } catch (UnsupportedFileSystemException e) {
      return null;
    } catch (IllegalArgumentException e) {
      throw new BadInputException(path + ": not a valid path: " + e.getMessage(), e);
    } catch (IOException e) {
      // Resolving a file system reaches nothing yet: what fails here is the path or the configuration.
      throw new BadInputException(path + ": cannot use its file system: " + e.getMessage(), e);
    }
    try {
      return fs.getFileStatus(p);
    } catch (FileNotFoundException e) {
      return null;
    } catch (AccessControlException | AccessDeniedException e) {
      throw new BadInputException(path + ": permission denied: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException("file system " + fs.getUri() + " failed or cannot be reached (checking " + path
          + "): " + e.getMessage(), e);
    }
  }

  /** Whether a file name is data: hidden names and markers such as {@code _SUCCESS} are not. */
  static boolean isDataName(String name) {
    return !name.startsWith("_") && !name.startsWith(".");
  }

  /** Whether Spark's file sources read a file of this name (they skip hidden names and HDFS copies in progress). */
  private static boolean isSparkDataName(String name) {
    return isDataName(name) && !name.endsWith("._COPYING_");
  }

  /**
   * Paths for Spark's file sources, which expand glob patterns: the characters of a pattern are escaped, so each
   * path names its one file.
   */
  static String[] sparkPaths(List<Entry> files) {
    return files.stream().map(f -> f.path().replaceAll("([\\\\{}\\[\\]*?])", "\\\\$1")).toArray(String[]::new);
  }

  /**
   * The data files under {@code path} for Spark's file sources: the file itself, or the folder's data files (not
   * sub-folders) in file-name order, leaving out what those sources leave out (hidden names, markers, files still
   * being copied). An empty folder and a hidden file named on its own are bad input.
   */
  static List<Entry> dataFiles(Configuration conf, String path) {
    FileStatus st = status(conf, path);
    if (!st.isDirectory()) {
      if (!isSparkDataName(st.getPath().getName())) {
        throw new BadInputException(path + ": Spark's file sources skip files whose names start with '_' or '.' "
            + "(or end with '._COPYING_'); rename the file");
      }
      return List.of(new Entry(st.getPath().toString(), path, st.getLen()));
    }
    FileStatus[] children;
    try {
      children = st.getPath().getFileSystem(conf).listStatus(st.getPath());
    } catch (IOException e) {
      throw new BadInputException(path + ": cannot list folder: " + e.getMessage(), e);
    }
    Arrays.sort(children, Comparator.comparing(s -> s.getPath().getName()));
    String prefix = path.endsWith("/") ? path : path + "/";
    List<Entry> out = new ArrayList<>();
    for (FileStatus c : children) {
      String name = c.getPath().getName();
      if (c.isFile() && isSparkDataName(name)) {
        out.add(new Entry(c.getPath().toString(), prefix + name, c.getLen()));
      }
    }
    if (out.isEmpty()) {
      throw new BadInputException(path + ": no data files in folder");
    }
    return out;
  }

  /** Opens a file for reading. */
  static InputStream open(Configuration conf, String path) throws IOException {
    Path p = new Path(path);
    return p.getFileSystem(conf).open(p);
  }

  /** Opens a file, inflating it when its first two bytes are the gzip magic (the name does not matter). */
  static InputStream openMaybeGzip(Configuration conf, String path) throws IOException {
    return maybeGunzip(open(conf, path));
  }

  /** Wraps a stream in a gzip decoder when it starts with the gzip magic bytes {@code 1f 8b}. */
  static InputStream maybeGunzip(InputStream raw) throws IOException {
    BufferedInputStream in = new BufferedInputStream(raw, 1 << 16);
    return isGzip(in) ? new BufferedInputStream(new GZIPInputStream(in, 1 << 16), 1 << 16) : in;
  }

  /** Peeks at the first two bytes of a stream that supports mark. */
  static boolean isGzip(InputStream in) throws IOException {
    in.mark(2);
    int b0 = in.read();
    int b1 = in.read();
    in.reset();
    return b0 == 0x1f && b1 == 0x8b;
  }

  /** Whether the file starts with the gzip magic bytes. */
  static boolean isGzip(Configuration conf, String path) {
    try (InputStream in = new BufferedInputStream(open(conf, path), 16)) {
      return isGzip(in);
    } catch (IOException e) {
      throw new BadInputException(path + ": cannot read: " + e.getMessage(), e);
    }
  }
}
