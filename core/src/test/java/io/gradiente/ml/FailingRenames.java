package io.gradiente.ml;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.FilterFileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The local file system, except that every rename after the first {@code n} fails (returns false), counted over the
 * JVM: a checkpoint's publication fails there, as on a file system that went away during a fit.
 */
public class FailingRenames extends FilterFileSystem {
  private static final AtomicInteger LEFT = new AtomicInteger();

  /** The local file system, wrapped. */
  public FailingRenames() {
    super(new LocalFileSystem());
  }

  /** Routes {@code file:} paths of {@code conf} through this file system, allowing {@code n} renames. */
  static void install(Configuration conf, int n) {
    LEFT.set(n);
    conf.setClass("fs.file.impl", FailingRenames.class, FileSystem.class);
    conf.setBoolean("fs.file.impl.disable.cache", true);
  }

  /** Gives {@code file:} paths of {@code conf} back to Hadoop's own file system. */
  static void uninstall(Configuration conf) {
    conf.unset("fs.file.impl");
    conf.unset("fs.file.impl.disable.cache");
  }

  @Override
  public boolean rename(Path src, Path dst) throws IOException {
    return LEFT.getAndDecrement() > 0 && super.rename(src, dst);
  }
}
