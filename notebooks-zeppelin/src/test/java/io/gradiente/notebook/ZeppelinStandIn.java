package io.gradiente.notebook;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The few methods of Zeppelin's {@code z} (ZeppelinContext) that the Gradiente notes call, for running the notes'
 * Scala paragraphs outside Zeppelin (the notebook tests bind one as {@code z}): text box forms answer their default
 * unless a value was set, and {@link #show} prints a {@code %table} message as Zeppelin does.
 */
public final class ZeppelinStandIn {
  /** Zeppelin's default {@code zeppelin.spark.maxResult}. */
  public static final int MAX_RESULT = 1000;

  private final Map<String, Object> params;
  private final Map<String, Object> store = new HashMap<>();

  /** A stand-in whose forms answer {@code params.get(name)} when present, else their default. */
  public ZeppelinStandIn(Map<String, ?> params) {
    this.params = new HashMap<>(params);
  }

  /** A text box form: the value set for {@code name}, else {@code defaultValue}. */
  public Object textbox(String name, String defaultValue) {
    return params.getOrDefault(name, defaultValue);
  }

  /** A text box form without default: the value set for {@code name}, else the empty string. */
  public Object textbox(String name) {
    return textbox(name, "");
  }

  /** Zeppelin's {@code z.input}, the older name of {@link #textbox}. */
  public Object input(String name, Object defaultValue) {
    return params.getOrDefault(name, defaultValue);
  }

  /** Shares a value between paragraphs. */
  public void put(String name, Object value) {
    store.put(name, value);
  }

  /** A value shared with {@link #put}, or null. */
  public Object get(String name) {
    return store.get(name);
  }

  /** Shows a data frame as a Zeppelin table (at most {@value #MAX_RESULT} rows). */
  public void show(Object data) {
    show(data, MAX_RESULT);
  }

  /** Shows a data frame as a Zeppelin table of at most {@code maxResult} rows. */
  public void show(Object data, int maxResult) {
    if (!(data instanceof Dataset)) {
      throw new IllegalArgumentException("z.show takes a DataFrame or Dataset, got "
          + (data == null ? "null" : data.getClass().getName()));
    }
    scala.Console.out().print(table((Dataset<?>) data, maxResult));
    scala.Console.out().flush();
  }

  /** The {@code %table} message Zeppelin prints for a data frame, followed by {@code %text} for later output. */
  public static String table(Dataset<?> data, int maxResult) {
    StringBuilder msg = new StringBuilder("\n%table ");
    msg.append(String.join("\t", data.columns())).append('\n');
    List<Row> rows = data.toDF().limit(maxResult + 1).collectAsList();
    for (int r = 0; r < Math.min(rows.size(), maxResult); r++) {
      Row row = rows.get(r);
      for (int c = 0; c < row.size(); c++) {
        if (c > 0) {
          msg.append('\t');
        }
        Object v = row.get(c);
        msg.append(v == null ? "null" : v.toString().replace('\t', ' ').replace('\n', ' '));
      }
      msg.append('\n');
    }
    if (rows.size() > maxResult) {
      msg.append("\n%html <font color=red>Results are limited by ").append(maxResult).append(".</font>");
    }
    return msg.append("\n%text ").toString();
  }
}
