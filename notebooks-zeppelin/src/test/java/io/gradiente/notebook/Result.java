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
  record Table(List<String> columns, List<List<String>> rows) {}
}
