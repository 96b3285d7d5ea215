package io.gradiente.jobs.cluster;

import java.io.IOException;
import java.net.URI;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.FilterFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.util.ReflectionUtils;

/**
 * A file system that stops at its {@code N}-th rename or delete ({@value #AT}), counted over every instance in the
 * JVM: it either hangs before doing it ({@value #MODE} {@code hang}, saying so on stdout, so that a test can kill the
 * JVM there) or fails it ({@code fail}: the rename returns false, the delete throws). Everything else goes to the
 * file system named by {@value #INNER}. Installed with {@code fs.<scheme>.impl} and the cache off.
 */
public class StopAtFileSystem extends FilterFileSystem {
  public static final String AT = "gradiente.test.stopAt";
  public static final String MODE = "gradiente.test.stopMode";
  public static final String INNER = "gradiente.test.innerFs";
  public static final String HANGING = "hanging before ";
  private static final AtomicInteger OPS = new AtomicInteger();
  private int at;
  private boolean hang;

  /** A configuration whose {@code scheme} goes through this file system, stopping at operation {@code at}. */
  public static Configuration install(Configuration base, String scheme, Class<? extends FileSystem> inner, int at,
      String mode) {
    Configuration conf = new Configuration(base);
    conf.setClass("fs." + scheme + ".impl", StopAtFileSystem.class, FileSystem.class);
    conf.setBoolean("fs." + scheme + ".impl.disable.cache", true);
    conf.setClass(INNER, inner, FileSystem.class);
    conf.setInt(AT, at);
    conf.set(MODE, mode);
    return conf;
  }

  /** Starts counting operations again (for tests that run several cases in one JVM). */
  public static void reset() {
    OPS.set(0);
  }

  @Override
  public void initialize(URI name, Configuration conf) throws IOException {
    fs = ReflectionUtils.newInstance(conf.getClass(INNER, null, FileSystem.class), conf);
    fs.initialize(name, conf);
    at = conf.getInt(AT, 0);
    hang = "hang".equals(conf.get(MODE));
    super.initialize(name, conf);
  }

  @Override
  public boolean rename(Path src, Path dst) throws IOException {
    return stop("rename " + src + " " + dst) && super.rename(src, dst);
  }

  @Override
  public boolean delete(Path f, boolean recursive) throws IOException {
    if (!stop("delete " + f)) {
      throw new IOException("test: delete of " + f + " fails");
    }
    return super.delete(f, recursive);
  }

  /** False when this operation is the one to fail; never returns when it is the one to hang at. */
  private boolean stop(String what) {
    if (OPS.incrementAndGet() != at) {
      return true;
    }
    if (!hang) {
      return false;
    }
    System.out.println(HANGING + what);
    System.out.flush();
    while (true) {
      try {
        Thread.sleep(60_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return true;
      }
    }
  }
}
