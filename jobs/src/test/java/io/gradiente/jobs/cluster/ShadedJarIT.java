package io.gradiente.jobs.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The jar spark-submit takes: our code and our few libraries, nothing a Spark installation already has (a second
 * copy of a class would clash), picocli relocated, the main class and version in the manifest, and it runs through
 * SparkSubmit with Spark's jars and no other jar.
 */
class ShadedJarIT {
  @Test
  void holdsOurCodeAndNothingSparkShips() throws Exception {
    LocalCluster.assumeIntegrationPhase();
    Path jar = Path.of(LocalCluster.required("gradiente.shadedJar"));
    LocalCluster cluster = LocalCluster.fromBuild();
    try (cluster) {
      cluster.assembleSparkHome();
      Set<String> spark = new HashSet<>();
      try (Stream<Path> jars = Files.list(cluster.sparkHome.resolve("jars"))) {
        for (Path j : jars.filter(p -> p.toString().endsWith(".jar")).toList()) {
          spark.addAll(classes(j));
        }
      }
      Set<String> ours = classes(jar);
      Set<String> clashes = new TreeSet<>(ours);
      clashes.retainAll(spark);
      assertEquals(Set.of(), clashes, "classes in the shaded jar that Spark's jars also have");
      assertTrue(ours.contains("io/gradiente/jobs/Main.class"));
      assertTrue(ours.contains("io/gradiente/core/linalg/Blas.class"));
      assertTrue(ours.contains("io/gradiente/shaded/picocli/CommandLine.class"), "picocli relocated");
      for (String c : ours) {
        assertTrue(!c.startsWith("picocli/") && !c.startsWith("dev/ludovic/") && !c.startsWith("org/apache/spark/")
            && !c.startsWith("scala/") && !c.startsWith("org/apache/hadoop/") && !c.startsWith("com/fasterxml/"), c);
      }
      try (JarFile file = new JarFile(jar.toFile())) {
        assertEquals("io.gradiente.jobs.Main", file.getManifest().getMainAttributes().getValue("Main-Class"));
        assertTrue(file.getEntry("io/gradiente/datasets/mnist-10k/images-idx3-ubyte.gz") != null, "bundled data");
      }

      // spark-submit with Spark's jars and this one jar, nothing else.
      Path log = cluster.dir.resolve("shaded-version.log");
      Files.createDirectories(cluster.dir);
      Process p = cluster.launch(List.of("bash", "deploy/bin/submit", "--master", "local[1]", "--jar", jar.toString(),
          "--", "--version"), log);
      assertTrue(p.waitFor(3, TimeUnit.MINUTES), "spark-submit --version did not end");
      String out = Files.readString(log);
      assertEquals(0, p.exitValue(), out);
      assertTrue(out.contains("gradiente " + System.getProperty("gradiente.version", ""))
          && out.contains("Spark " + LocalCluster.required("gradiente.sparkVersion")), out);
    }
  }

  private static Set<String> classes(Path jar) throws Exception {
    List<String> names = new ArrayList<>();
    try (JarFile j = new JarFile(jar.toFile())) {
      for (JarEntry e : java.util.Collections.list(j.entries())) {
        String n = e.getName();
        if (n.endsWith(".class") && !n.startsWith("META-INF/") && !n.endsWith("module-info.class")) {
          names.add(n);
        }
      }
    }
    return new HashSet<>(names);
  }
}
