package io.gradiente.jobs.cluster;

import io.gradiente.core.report.RunReport;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The child JVM of {@link ReportSwapKillTest}: writes a new report (one file saying {@code new}) under its hidden
 * temporary name and publishes it over the run folder, through a {@link StopAtFileSystem} that hangs at rename or
 * delete number {@code at}. Arguments: output folder, run id, the file system class to wrap, {@code at}.
 */
public final class ReportSwapChild {
  private ReportSwapChild() {}

  public static void main(String[] args) throws Exception {
    String output = args[0];
    String runId = args[1];
    Path out = new Path(output);
    Configuration conf = StopAtFileSystem.install(new Configuration(), out.toUri().getScheme(),
        Class.forName(args[2]).asSubclass(FileSystem.class), Integer.parseInt(args[3]), "hang");
    Path tmp = new Path(output, "." + runId + ".tmp-" + UUID.randomUUID());
    try (OutputStream o = out.getFileSystem(conf).create(new Path(tmp, "report"), false)) {
      o.write("new".getBytes(StandardCharsets.UTF_8));
    }
    RunReport.publish(conf, output, runId, tmp);
    System.out.println("published");
  }
}
