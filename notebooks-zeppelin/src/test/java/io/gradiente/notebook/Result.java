package io.gradiente.notebook;

import java.util.ArrayList;
import java.util.List;

/**
 * What a paragraph showed: Zeppelin result messages ({@code TEXT}, {@code HTML}, {@code TABLE}). Output switches type
 * where a line starts with {@code %html}, {@code %table} or {@code %text}, as in Zeppelin's interpreter output.
 */
record Result(List<Message> messages) {
  record Message(String type, String data) {}

  static Result parse(String output) {
    List<Message> out = new ArrayList<>();
    String type = "TEXT";
    StringBuilder data = new StringBuilder();
    for (String line : output.split("\n", -1)) {
      String magic = null;
      for (String m : new String[] {"%html", "%table", "%text"}) {
        if (line.equals(m) || line.startsWith(m + " ")) {
          magic = m;
        }
      }
      if (magic == null) {
        data.append(line).append('\n');
        continue;
      }
      add(out, type, data);
      data.setLength(0);
      type = magic.substring(1).toUpperCase(java.util.Locale.ROOT);
      String rest = line.substring(magic.length()).stripLeading();
      if (!rest.isEmpty() || type.equals("TABLE")) {
        data.append(rest).append(type.equals("TABLE") && rest.isEmpty() ? "" : "\n");
      }
    }
    add(out, type, data);
    return new Result(out);
  }

  private static void add(List<Message> out, String type, StringBuilder data) {
    String d = data.toString().strip();
    if (!d.isEmpty()) {
      out.add(new Message(type, d));
    }
  }

  /** A SQL paragraph's result: column names and rows of strings (null as null). */
  record Table(List<String> columns, List<List<String>> rows) {
    /** A {@code TABLE} message's data: a header line, then one line per row, cells separated by tabs. */
    static Table parse(String data) {
      String[] lines = data.split("\n");
      List<List<String>> rows = new ArrayList<>();
      for (int i = 1; i < lines.length; i++) {
        if (!lines[i].isEmpty()) {
          rows.add(List.of(lines[i].split("\t", -1)));
        }
      }
      return new Table(List.of(lines[0].split("\t", -1)), rows);
    }

    /** The values of one column, in row order. */
    List<String> column(String name) {
      int c = columns.indexOf(name);
      if (c < 0) {
        throw new IllegalArgumentException("no column " + name + " in " + columns);
      }
      return rows.stream().map(r -> r.get(c)).toList();
    }
  }
}
