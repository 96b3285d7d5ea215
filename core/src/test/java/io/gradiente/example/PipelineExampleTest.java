package io.gradiente.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gradiente.core.LocalSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's Pipeline example is {@link PipelineExample}'s code, word for word, and that code runs and learns. */
class PipelineExampleTest {
  private static final Path README = Path.of("..", "README.md");
  private static final Path EXAMPLE = Path.of("src", "test", "java", "io", "gradiente", "example",
      "PipelineExample.java");

  @Test
  void theReadmeQuotesTheExampleWordForWord() throws IOException {
    List<String> source = Files.readAllLines(EXAMPLE);
    List<String> quoted = new ArrayList<>();
    boolean inside = false;
    for (String line : source) {
      if (line.strip().equals("// README end")) {
        inside = false;
      }
      if (inside) {
        quoted.add(line.substring(Math.min(line.length(), 4)));
      }
      if (line.strip().equals("// README begin")) {
        inside = true;
      }
    }
    assertTrue(quoted.size() > 5, "the markers enclose the example in " + EXAMPLE);
    String readme = Files.readString(README);
    int section = readme.indexOf("\n## Spark ML estimators\n");
    assertTrue(section >= 0, "README has the section");
    int start = readme.indexOf("```java\n", section) + "```java\n".length();
    String block = readme.substring(start, readme.indexOf("```\n", start));
    assertEquals(String.join("\n", quoted) + "\n", block, "README's example against " + EXAMPLE);
  }

  @Test
  void theExampleLearnsThreeClassesAndScoresTheSavedPipeline(@TempDir Path dir) throws Exception {
    SparkSession spark = LocalSpark.start("pipeline-example");
    try {
      double accuracy = PipelineExample.run(table(spark, 1), table(spark, 2), dir.resolve("best").toString());
      assertTrue(accuracy >= 0.95, "accuracy on new rows " + accuracy);
      assertTrue(Files.isDirectory(dir.resolve("best/stages")), "the best pipeline was saved");
    } finally {
      spark.stop();
    }
  }

  /** 300 rows of x1, x2 and label = the largest of (x1, x2, -x1 - x2), drawn from {@code new Random(seed)}. */
  private static Dataset<Row> table(SparkSession spark, long seed) {
    Random random = new Random(seed);
    List<Row> rows = new ArrayList<>();
    for (int r = 0; r < 300; r++) {
      double a = random.nextGaussian();
      double b = random.nextGaussian();
      rows.add(RowFactory.create(a, b, a > b && a > -a - b ? 0.0 : b > -a - b ? 1.0 : 2.0));
    }
    StructType schema = new StructType().add("x1", DataTypes.DoubleType).add("x2", DataTypes.DoubleType)
        .add("label", DataTypes.DoubleType);
    return spark.createDataFrame(rows, schema);
  }
}
