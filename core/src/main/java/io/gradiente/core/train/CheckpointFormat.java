package io.gradiente.core.train;

import io.gradiente.core.data.BadInputException;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.CRC32;
import java.util.zip.CheckedOutputStream;

/**
 * The bytes of one checkpoint, format 2: binary and exact (doubles as their 64 raw bits), big-endian
 * ({@link DataOutputStream}). In order: the magic string {@code gradiente-checkpoint} and the format version (UTF,
 * int); the position, epoch and step (ints), and the seed (long); the configuration as a count and sorted
 * key/value pairs (UTF); the data fingerprint (UTF); the parameters and the optimizer state (each a count, or -1 for
 * none, then the doubles); the history: the epoch of every step (a count, then ints), then batch losses, per-step
 * training losses and epoch training losses (like the parameters); last, a CRC-32 of everything before it (a long).
 */
final class CheckpointFormat {
  private static final String MAGIC = "gradiente-checkpoint";
  private static final int VERSION = 2;

  private CheckpointFormat() {}

  /** Writes a state to {@code raw} (not closed). */
  static void write(OutputStream raw, TrainState s) throws IOException {
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
   * Parses the whole content of checkpoint {@code name}. Nothing in it is trusted before its CRC matches; then every
   * length is checked against the bytes that are left before anything is allocated.
   *
   * @throws BadInputException {@code checkpoint NAME is damaged: WHY} when it is not a complete checkpoint of this
   *     format
   */
  static TrainState read(byte[] bytes, String name) {
    if (bytes.length < Long.BYTES) {
      throw damaged(name, bytes.length + " bytes long");
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
      int entries = checkedLength(in.readInt(), left, 4);
      Map<String, String> config = new TreeMap<>();
      for (int i = 0; i < entries; i++) {
        config.put(in.readUTF(), in.readUTF());
      }
      String fingerprint = in.readUTF();
      double[] params = readDoubles(in, left);
      double[] optimizer = readDoubles(in, left);
      int[] stepEpochs = new int[checkedLength(in.readInt(), left, Integer.BYTES)];
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

  /** {@code checkpoint NAME is damaged: WHY}. */
  static BadInputException damaged(String name, String why) {
    return new BadInputException("checkpoint " + name + " is damaged: " + why);
  }

  /** A length prefix, no larger than what is left at {@code bytesEach} bytes an element. */
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
