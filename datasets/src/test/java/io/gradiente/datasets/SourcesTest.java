package io.gradiente.datasets;

import static io.gradiente.datasets.SparkTests.badInput;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gradiente.core.LocalSpark;
import io.gradiente.core.data.LabeledRows;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourcesTest {
  private static SparkSession spark;
  @TempDir Path dir;

  @BeforeAll
  static void start() {
    spark = LocalSpark.start("SourcesTest");
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  @Test
  void formatsParseFromLowerCaseNames() {
    for (Sources.Format f : Sources.Format.values()) {
      assertEquals(f, Sources.Format.parse(f.lowerName()));
    }
    assertEquals(Sources.Format.LIBSVM, Sources.Format.parse("libsvm"));
    assertEquals("unknown format 'json', expected one of idx, csv, libsvm, parquet",
        badInput(() -> Sources.Format.parse("json")));
  }

  @Test
  void missingPathIsNamed() {
    String missing = dir.resolve("absent").toString();
    for (Sources.Format f : Sources.Format.values()) {
      assertEquals("no such file or directory: " + missing,
          badInput(() -> Sources.read(spark, f, missing, null, 2)), f.toString());
    }
  }

  @Test
  void readsEachFormatThroughTheFacade() throws IOException {
    Path csv = dir.resolve("d.csv");
    Files.writeString(csv, "a,b,target\n1,2,0\n3,4,1\n5,6,0\n");
    LabeledRows c = Sources.read(spark, Sources.Format.CSV, csv.toString(), "target", 2);
    assertEquals(3, c.rows());
    assertEquals(2, c.features());
    assertEquals(2, c.frame().rdd().getNumPartitions());
    Path svm = dir.resolve("d.svm");
    Files.writeString(svm, "0 1:1 2:2\n1 2:4\n");
    assertEquals(2, Sources.read(spark, Sources.Format.LIBSVM, svm.toString(), null, 0).rows());
    Files.write(dir.resolve("x-images-idx3-ubyte"), IdxTest.images(5, 2, 2));
    Files.write(dir.resolve("x-labels-idx1-ubyte.gz"), IdxTest.gzip(IdxTest.labels(5)));
    LabeledRows idx = Sources.read(spark, Sources.Format.IDX, dir.resolve("x-images-idx3-ubyte").toString(), null, 2);
    assertEquals(5, idx.rows());
    assertEquals(4, idx.features());
    String parquet = dir.resolve("p").toString();
    c.frame().write().parquet(parquet);
    LabeledRows p = Sources.read(spark, Sources.Format.PARQUET, parquet, null, 1);
    assertEquals(SparkTests.rows(c), SparkTests.rows(p));
  }
}
