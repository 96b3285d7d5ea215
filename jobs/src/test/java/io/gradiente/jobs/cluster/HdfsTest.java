package io.gradiente.jobs.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gradiente.jobs.Main;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Inputs read from and reports written to a real HDFS: an in-process {@link MiniHdfs} (a NameNode and a
 * DataNode from hadoop-client-minicluster, the Hadoop version Spark is built against) on 127.0.0.1. The command
 * line gets {@code hdfs://} URIs for IDX and CSV data and for {@code --output}; the reports are read back with
 * Spark SQL from HDFS.
 */
class HdfsTest {
  @TempDir
  static Path base;
  private static MiniDFSCluster dfs;
  private static FileSystem fs;
  private static String hdfs;

  @BeforeAll
  static void startHdfs() throws IOException {
    dfs = MiniHdfs.start(base.resolve("dfs"));
    fs = dfs.getFileSystem();
    hdfs = "hdfs://127.0.0.1:" + dfs.getNameNodePort();

    DigitsFiles.Opener toHdfs = name -> fs.create(new org.apache.hadoop.fs.Path("/data/mnist/" + name), true);
    DigitsFiles.write(DigitsFiles.slice(0, 1_000), "train", toHdfs);
    DigitsFiles.write(DigitsFiles.slice(8_000, 8_300), "t10k", toHdfs);
    writeCsv("/data/csv/train.csv", 400, 1);
    writeCsv("/data/csv/test.csv", 100, 2);
  }

  @AfterAll
  static void stopHdfs() {
    SparkSession.getActiveSession().foreach(s -> {
      s.stop();
      return null;
    });
    if (dfs != null) {
      dfs.shutdown(true);
    }
  }

  @Test
  void idxFromHdfsReportToHdfs() {
    String output = hdfs + "/reports";
    assertEquals(0, Main.run("train", "--model", "softmax", "--format", "idx",
        "--train", hdfs + "/data/mnist/train-images-idx3-ubyte", "--test", hdfs + "/data/mnist/t10k-images-idx3-ubyte",
        "--epochs", "2", "--batch-size", "250", "--partitions", "2", "--master", "local[2]",
        "--output", output, "--run-id", "idx-on-hdfs"));

    SparkSession spark = SparkSession.active();
    spark.read().parquet(output + "/idx-on-hdfs/metrics").createOrReplaceTempView("metrics");
    Row acc = spark.sql("SELECT value FROM metrics WHERE split = 'test' AND name = 'accuracy'").first();
    assertTrue(acc.getDouble(0) > 0 && acc.getDouble(0) <= 1);
    Row run = spark.sql("SELECT train_path, test_rows, master FROM parquet.`" + output + "/idx-on-hdfs/run`").first();
    assertEquals(hdfs + "/data/mnist/train-images-idx3-ubyte", run.getString(0));
    assertEquals(300L, run.getLong(1));
    assertEquals(785L * 10, spark.read().parquet(output + "/idx-on-hdfs/model").count());
  }

  @Test
  void csvFromHdfsReportToHdfs() throws IOException {
    String output = hdfs + "/reports";
    assertEquals(0, Main.run("train", "--model", "logistic", "--format", "csv",
        "--train", hdfs + "/data/csv/train.csv", "--test", hdfs + "/data/csv/test.csv",
        "--batch-size", "full", "--lr", "0.5", "--momentum", "0", "--epochs", "30", "--partitions", "2",
        "--master", "local[2]", "--output", output, "--run-id", "csv-on-hdfs"));

    SparkSession spark = SparkSession.active();
    double accuracy = spark.sql("SELECT value FROM parquet.`" + output + "/csv-on-hdfs/metrics` "
        + "WHERE split = 'test' AND name = 'accuracy'").first().getDouble(0);
    assertTrue(accuracy > 0.8, "a separable problem, accuracy " + accuracy);
    assertTrue(fs.exists(new org.apache.hadoop.fs.Path("/reports/csv-on-hdfs/history/_SUCCESS")));
    assertEquals(0, fs.globStatus(new org.apache.hadoop.fs.Path("/reports/.*")).length,
        "no temporary folders left on HDFS");
  }

  @Test
  void dryRunChecksHdfsPaths() {
    assertEquals(0, Main.run("train", "--model", "softmax", "--format", "idx",
        "--train", hdfs + "/data/mnist/train-images-idx3-ubyte", "--test", hdfs + "/data/mnist/t10k-images-idx3-ubyte",
        "--output", hdfs + "/reports", "--run-id", "dry", "--dry-run"));
    assertEquals(Main.BAD_INPUT, Main.run("train", "--model", "softmax", "--format", "idx",
        "--train", hdfs + "/data/mnist/missing-images-idx3-ubyte", "--test", hdfs + "/data/mnist/t10k-images-idx3-ubyte",
        "--output", hdfs + "/reports", "--run-id", "dry", "--dry-run"));
  }

  /** Two Gaussian blobs, label 0 around (-1, -1) and label 1 around (1, 1). */
  private static void writeCsv(String path, int rows, long seed) throws IOException {
    Random r = new Random(seed);
    StringBuilder sb = new StringBuilder("x0,x1,label\n");
    for (int i = 0; i < rows; i++) {
      int label = i % 2;
      double c = label == 1 ? 1 : -1;
      sb.append(String.format(Locale.ROOT, "%.6f,%.6f,%d%n", c + 0.5 * r.nextGaussian(), c + 0.5 * r.nextGaussian(),
          label));
    }
    try (OutputStream out = fs.create(new org.apache.hadoop.fs.Path(path), true)) {
      out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
    }
  }
}
