package io.gradiente.notebook;

import io.gradiente.core.data.Columns;
import io.gradiente.core.eval.ConfusionMatrix;
import io.gradiente.core.report.Reports;
import io.gradiente.datasets.Mnist;
import io.gradiente.jobs.plot.Palette;
import io.gradiente.jobs.plot.Plots;
import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * HTML for what Zeppelin has no chart for: the digit grid, the confusion matrix as a heat map, a report's PNG plots.
 * A Scala paragraph prints {@code "%html " + Html.xxx(...)} as its last output and Zeppelin shows the HTML.
 */
public final class Html {
  private Html() {}

  /** A PNG as an inline image. */
  public static String png(byte[] png, String alt) {
    return "<img alt=\"" + escape(alt) + "\" style=\"max-width:100%\" src=\"data:image/png;base64,"
        + Base64.getEncoder().encodeToString(png) + "\"/>";
  }

  /** Text in a {@code <pre>} block, escaped. */
  public static String pre(String text) {
    return "<pre>" + escape(text) + "</pre>";
  }

  /** Escapes {@code & < > "} for HTML text and attributes. */
  public static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }

  /**
   * The first {@code count} digits of the bundled MNIST training rows, ten per row, each with its label: the
   * lesson's grid, as an inline PNG.
   */
  public static String digits(SparkSession spark, int count) {
    List<Row> first = Mnist.bundled(spark, 1).train().frame().orderBy(Columns.INDEX).limit(count).collectAsList();
    double[][] images = new double[first.size()][];
    int[] labels = new int[first.size()];
    for (int i = 0; i < images.length; i++) {
      images[i] = ((Vector) first.get(i).getAs(Columns.FEATURES)).toArray();
      labels[i] = (int) first.get(i).getDouble(first.get(i).fieldIndex(Columns.LABEL));
    }
    return png(Plots.digitGrid(images, 28, 28, 10, labels), "the first " + images.length + " digits");
  }

  /**
   * A confusion matrix as an HTML heat map: actual classes down, predicted across, each cell coloured by its share
   * of the row's rows ({@link Palette#blues}, white to dark blue: the report's confusion PNG's scale), showing its
   * count in the colour that reads on it ({@link Palette#textOn}).
   *
   * @param names class names by class value, or null for the class numbers
   */
  public static String confusion(ConfusionMatrix cm, List<String> names, String title) {
    int[] labels = cm.labels();
    StringBuilder h = new StringBuilder();
    h.append("<table class=\"gradiente-confusion\" style=\"border-collapse:collapse;font-family:sans-serif;"
        + "font-size:12px;text-align:center\">");
    h.append("<caption style=\"font-weight:bold;padding:4px\">").append(escape(title)).append("</caption>");
    h.append("<tr><th style=\"padding:4px\">actual \\ predicted</th>");
    for (int label : labels) {
      h.append("<th style=\"padding:4px;min-width:36px\">").append(escape(name(label, names))).append("</th>");
    }
    h.append("</tr>");
    for (int i = 0; i < labels.length; i++) {
      long support = cm.support(i);
      h.append("<tr><th style=\"padding:4px\">").append(escape(name(labels[i], names))).append("</th>");
      for (int j = 0; j < labels.length; j++) {
        long c = cm.count(i, j);
        double share = support == 0 ? 0 : c / (double) support;
        Color fill = Palette.blues(share);
        h.append(String.format(Locale.ROOT,
            "<td style=\"background:%s;color:%s;padding:6px;min-width:36px;border:1px solid #fff\">%d</td>",
            Palette.hex(fill), Palette.hex(Palette.textOn(fill)), c));
      }
      h.append("</tr>");
    }
    return h.append("</table>").toString();
  }

  /** The confusion matrix of one run and split, read from its report and drawn as above. */
  public static String confusion(SparkSession spark, String output, String runId, String split, List<String> names) {
    return confusion(Reports.confusion(spark, output, runId, split), names,
        "Confusion matrix, " + runId + " (" + split + ")");
  }

  /** {@link #confusion(SparkSession, String, String, String, List)} with the class numbers. */
  public static String confusion(SparkSession spark, String output, String runId, String split) {
    return confusion(spark, output, runId, split, null);
  }

  /** A PNG file of a run's report (for example {@code surface.png}) as an inline image. */
  public static String reportImage(SparkSession spark, String reportPath, String file) {
    Path p = new Path(reportPath, file);
    try (InputStream in = p.getFileSystem(spark.sparkContext().hadoopConfiguration()).open(p)) {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      in.transferTo(bytes);
      return png(bytes.toByteArray(), file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + p, e);
    }
  }

  private static String name(int label, List<String> names) {
    return names != null && label >= 0 && label < names.size() ? names.get(label) : Integer.toString(label);
  }
}
