package io.gradiente.jobs.cluster;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.zip.GZIPInputStream;

/**
 * The bundled 10,000 digits (a resource of the datasets jar, so not a path) as IDX files that a cluster can read:
 * the first {@code trainRows} rows as {@code train-*} and the next {@code testRows} as {@code t10k-*}.
 */
final class DigitsFiles {
  private static final String BUNDLED = "/io/gradiente/datasets/mnist-10k/";

  private DigitsFiles() {}

  /** Raw (uncompressed) IDX bytes of one split. */
  record Pair(byte[] images, byte[] labels) {}

  /** Rows {@code [from, to)} of the bundled set as a raw IDX images file and labels file. */
  static Pair slice(int from, int to) throws IOException {
    byte[] images = gunzip(BUNDLED + "images-idx3-ubyte.gz");
    byte[] labels = gunzip(BUNDLED + "labels-idx1-ubyte.gz");
    ByteBuffer header = ByteBuffer.wrap(images);
    int rows = header.getInt(8);
    int cols = header.getInt(12);
    int rowBytes = rows * cols;
    ByteArrayOutputStream im = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(im)) {
      out.writeInt(0x00000803);
      out.writeInt(to - from);
      out.writeInt(rows);
      out.writeInt(cols);
      out.write(images, 16 + from * rowBytes, (to - from) * rowBytes);
    }
    ByteArrayOutputStream lb = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(lb)) {
      out.writeInt(0x00000801);
      out.writeInt(to - from);
      out.write(labels, 8 + from, to - from);
    }
    return new Pair(im.toByteArray(), lb.toByteArray());
  }

  /** Writes {@code prefix-images-idx3-ubyte} and {@code prefix-labels-idx1-ubyte} through the given opener. */
  static void write(Pair pair, String prefix, Opener opener) throws IOException {
    try (OutputStream out = opener.create(prefix + "-images-idx3-ubyte")) {
      out.write(pair.images());
    }
    try (OutputStream out = opener.create(prefix + "-labels-idx1-ubyte")) {
      out.write(pair.labels());
    }
  }

  /** Creates a file by name (a local folder or a Hadoop file system). */
  interface Opener {
    OutputStream create(String name) throws IOException;
  }

  private static byte[] gunzip(String resource) throws IOException {
    try (InputStream raw = DigitsFiles.class.getResourceAsStream(resource)) {
      if (raw == null) {
        throw new IOException("resource missing: " + resource);
      }
      try (InputStream in = new GZIPInputStream(raw)) {
        return in.readAllBytes();
      }
    }
  }
}
