package io.gradiente.notebook;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Apache Zeppelin 0.12.0 built from the source subset in {@code ../shared/zeppelin/} (its README says how it was
 * cut and built) and laid out as a Zeppelin home without configuration: {@code bin/} (the interpreter launch
 * scripts), {@code lib/} (the server and its dependencies), {@code interpreter/} (the shaded interpreter jar, the
 * Spark and {@code %md} interpreters), empty web folders (the REST API needs no web UI) and the source's log4j
 * files in {@code conf-template/}. Built once per tarball and recipe: the home is cached under
 * {@code <cache>/zeppelin-<key>/} ({@link #cacheKey}), complete when its {@value #COMPLETE} file exists, and built
 * under a file lock so that two builds on one machine do not race.
 */
final class ZeppelinBuild {
  static final String VERSION = "0.12.0";
  static final String TARBALL = "zeppelin-" + VERSION + "-src-subset.tgz";
  static final String COMPLETE = "COMPLETE";
  /** A cold build took 3.5 minutes on 2 cores with the dependencies to download; this is the limit. */
  private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(20);
  /** The shared README's build command: only the server, the Spark and md interpreters and what they need. */
  private static final List<String> BUILD_ARGS = List.of("-B", "-ntp", "package", "dependency:copy-dependencies",
      "-DincludeScope=runtime", "-DskipTests", "-Dcheckstyle.skip", "-Drat.skip", "-Denforcer.skip",
      "-Dmaven.javadoc.skip", "-Dmaven.source.skip", "-Ddownload.plugin.skip=true", "-Dmaven.antrun.skip=true",
      "-Dspark.version=3.5.9", "-Pspark-3.5", "-Pspark-scala-2.12",
      "-pl", "zeppelin-server,spark/interpreter,spark/scala-2.12,markdown", "-am");

  /** The revision of {@link #layOut}'s home layout: raise it when that method changes what it copies. */
  private static final int LAYOUT = 1;

  private ZeppelinBuild() {}

  /**
   * The cached Zeppelin home for this tarball, built first when it is missing or incomplete.
   *
   * @param mvn the Maven executable
   * @param mavenOptions extra Maven arguments (offline, local repository) so the build resolves as the caller's
   * @param progress where the build reports what it is doing (it takes minutes)
   */
  static Path home(Path tarball, Path cache, String mvn, List<String> mavenOptions, PrintStream progress)
      throws IOException, InterruptedException {
    String sha = sha256(tarball);
    String key = cacheKey(sha);
    Path home = cache.resolve("zeppelin-" + key);
    if (Files.exists(home.resolve(COMPLETE))) {
      progress.println("zeppelin: reusing the build in " + home);
      return home;
    }
    Files.createDirectories(cache);
    try (FileChannel lockFile = FileChannel.open(cache.resolve("zeppelin-" + key + ".lock"),
        StandardOpenOption.CREATE, StandardOpenOption.WRITE); FileLock lock = lockFile.lock()) {
      if (Files.exists(home.resolve(COMPLETE))) {
        progress.println("zeppelin: reusing the build another process finished in " + home);
        return home;
      }
      Path work = cache.resolve("zeppelin-" + key + ".build");
      Path staging = cache.resolve("zeppelin-" + key + ".tmp");
      deleteTree(work);
      deleteTree(staging);
      deleteTree(home);
      Files.createDirectories(work);
      progress.println("zeppelin: building Apache Zeppelin " + VERSION + " from " + tarball + " in " + work
          + " (a few minutes; the log is " + work.resolve("build.log") + ")");
      run(List.of("tar", "xzf", tarball.toString(), "-C", work.toString()), work, work.resolve("tar.log"),
          Duration.ofMinutes(2), progress);
      Path source = work.resolve("zeppelin-" + VERSION);
      List<String> build = new ArrayList<>(List.of(mvn));
      build.addAll(mavenOptions);
      build.addAll(BUILD_ARGS);
      run(build, source, work.resolve("build.log"), BUILD_TIMEOUT, progress);
      layOut(source, staging);
      Files.writeString(staging.resolve(COMPLETE), "Apache Zeppelin " + VERSION + " built from " + TARBALL
          + " (sha256 " + sha + ")\n", StandardCharsets.UTF_8);
      Files.move(staging, home, StandardCopyOption.ATOMIC_MOVE);
      deleteTree(work);
      progress.println("zeppelin: built and cached in " + home);
      return home;
    }
  }

  /**
   * The cache's name for a build of the tarball whose SHA-256 is {@code tarballSha}: the first 32 hex digits of the
   * SHA-256 of that digest, the Maven arguments and {@link #LAYOUT}, so a changed recipe builds anew instead of
   * reusing a home built another way.
   */
  static String cacheKey(String tarballSha) {
    String recipe = tarballSha + "\n" + String.join(" ", BUILD_ARGS) + "\nlayout " + LAYOUT;
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(recipe.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest).substring(0, 32);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("no SHA-256 in this JVM", e);
    }
  }

  /** The Zeppelin home from the built source, as the shared README lays it out. */
  private static void layOut(Path source, Path home) throws IOException {
    Files.createDirectories(home.resolve("bin"));
    for (String script : List.of("interpreter.sh", "common.sh", "functions.sh")) {
      Files.copy(source.resolve("bin").resolve(script), home.resolve("bin").resolve(script),
          StandardCopyOption.COPY_ATTRIBUTES);
    }
    Path lib = Files.createDirectories(home.resolve("lib"));
    Path server = source.resolve("zeppelin-server/target");
    Files.copy(server.resolve("zeppelin-server-" + VERSION + ".jar"), lib.resolve("zeppelin-server-" + VERSION + ".jar"));
    copyTree(server.resolve("dependency"), lib);
    Path interpreters = Files.createDirectories(home.resolve("interpreter"));
    String shaded = "zeppelin-interpreter-shaded-" + VERSION + ".jar";
    Files.copy(source.resolve("zeppelin-interpreter-shaded/target").resolve(shaded), interpreters.resolve(shaded));
    for (String name : List.of("spark", "md")) {
      copyTree(source.resolve("interpreter").resolve(name), interpreters.resolve(name));
    }
    Files.createDirectories(home.resolve("zeppelin-web/dist"));
    Files.createDirectories(home.resolve("zeppelin-web-angular/dist/zeppelin"));
    Files.createDirectories(home.resolve("conf-template"));
    for (String file : List.of("log4j.properties", "log4j2.properties")) {
      Files.copy(source.resolve("conf").resolve(file), home.resolve("conf-template").resolve(file));
    }
  }

  /** Runs a command, its output to {@code log}; prints Maven's module and result lines as progress. */
  private static void run(List<String> command, Path dir, Path log, Duration timeout, PrintStream progress)
      throws IOException, InterruptedException {
    long start = System.nanoTime();
    Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    Thread copier = new Thread(() -> copy(p.getInputStream(), log, start, progress), "zeppelin-build-log");
    copier.setDaemon(true);
    copier.start();
    if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      throw new IllegalStateException(String.join(" ", command) + " did not finish in " + timeout + "; see " + log);
    }
    copier.join(10_000);
    if (p.exitValue() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " exited " + p.exitValue() + "; see " + log
          + ":\n" + tail(log, 40));
    }
  }

  private static void copy(InputStream in, Path log, long start, PrintStream progress) {
    try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        Writer w = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        w.write(line);
        w.write('\n');
        if (line.matches("\\[INFO] Building .*\\[\\d+/\\d+]") || line.startsWith("[INFO] BUILD ")
            || line.startsWith("[ERROR]")) {
          progress.printf("zeppelin: %4d s  %s%n", (System.nanoTime() - start) / 1_000_000_000L,
              line.substring(line.indexOf(']') + 2));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + log, e);
    }
  }

  static String tail(Path file, int lines) {
    try {
      List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(cannot read " + file + ": " + e + ")";
    }
  }

  static String sha256(Path file) throws IOException {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      try (InputStream in = Files.newInputStream(file)) {
        byte[] buffer = new byte[1 << 16];
        for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
          digest.update(buffer, 0, n);
        }
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("no SHA-256 in this JVM", e);
    }
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path f : files.toList()) {
        Path target = to.resolve(from.relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(target);
        } else {
          Files.copy(f, target, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }

  static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    Files.walkFileTree(dir, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        Files.delete(file);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
        Files.delete(d);
        return FileVisitResult.CONTINUE;
      }
    });
  }
}
