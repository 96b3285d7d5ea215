package io.gradiente.core.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A staged write is seen whole or not at all, and only its own leftovers are cleaned up. */
class StagedWriteTest {
  @TempDir
  java.nio.file.Path dir;

  private FileSystem fs() throws IOException {
    return FileSystem.getLocal(new Configuration());
  }

  /** The names in the folder, hidden ones included, without the local file system's checksum files. */
  private List<String> names() throws IOException {
    try (Stream<java.nio.file.Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).filter(n -> !n.endsWith(".crc")).sorted().toList();
    }
  }

  private static void write(FileSystem fs, Path file, String text) throws IOException {
    try (OutputStream out = fs.create(file, true)) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
  }

  @Test
  void aStagedFileReplacesItsTargetAndLeavesNothingElse() throws IOException {
    FileSystem fs = fs();
    Path target = new Path(dir.toString(), "step-000000000012.ckpt");
    write(fs, target, "old");
    Path tmp = StagedWrite.stage(fs, target, p -> write(fs, p, "new"));
    assertTrue(tmp.getName().matches("\\.step-000000000012\\.ckpt\\.tmp-[0-9a-f-]{36}"), tmp.getName());
    assertEquals(List.of(tmp.getName(), target.getName()), names());
    assertEquals("old", Files.readString(dir.resolve(target.getName())), "the target is untouched until the rename");
    StagedWrite.replace(fs, tmp, target);
    assertEquals(List.of(target.getName()), names());
    assertEquals("new", Files.readString(dir.resolve(target.getName())));
  }

  @Test
  void aFailedWriteLeavesNothing() throws IOException {
    FileSystem fs = fs();
    Path target = new Path(dir.toString(), "report");
    IOException e = assertThrows(IOException.class, () -> StagedWrite.stage(fs, target, p -> {
      write(fs, new Path(p, "table"), "half");
      throw new IOException("disk full");
    }));
    assertEquals("disk full", e.getMessage());
    assertEquals(List.of(), names());
  }

  @Test
  void onlyTheLeftoversOfTheNamedTargetsAreDeleted() throws IOException {
    FileSystem fs = fs();
    String uuid = UUID.randomUUID().toString();
    for (String name : List.of("step-000000000012.ckpt", ".step-000000000024.ckpt.tmp-" + uuid,
        ".step-000000000024.ckpt.tmp-not-a-uuid", ".run.tmp-" + uuid, ".step-000000000036.ckpt.new")) {
      write(fs, new Path(dir.toString(), name), name);
    }
    StagedWrite.deleteLeftovers(fs, new Path(dir.toString()), "step-*.ckpt");
    assertEquals(List.of(".run.tmp-" + uuid, ".step-000000000024.ckpt.tmp-not-a-uuid", ".step-000000000036.ckpt.new",
        "step-000000000012.ckpt"), names());
  }
}
