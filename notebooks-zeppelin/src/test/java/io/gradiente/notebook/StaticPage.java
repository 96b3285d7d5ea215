package io.gradiente.notebook;

import java.util.Base64;
import java.util.List;

/**
 * A note with its outputs as one static HTML page: paragraphs laid out on Zeppelin's 12-column grid, Markdown as
 * HTML, code folded away, text outputs as {@code <pre>}, HTML outputs as they are, SQL results as their saved chart
 * (a PNG) or as a table.
 */
final class StaticPage {
  private final StringBuilder body = new StringBuilder();
  private final String title;

  StaticPage(String title) {
    this.title = title;
  }

  void paragraph(Note.Paragraph p, String innerHtml) {
    double share = p.colWidth() / 12.0 * 100;
    body.append(String.format(java.util.Locale.ROOT,
        "<section class=\"p\" id=\"%s\" style=\"width:calc(%.4f%% - 12px)\">", escape(p.id()), share));
    if (!p.title().isEmpty()) {
      body.append("<h4>").append(escape(p.title())).append("</h4>");
    }
    String interpreter = p.interpreter();
    if (!interpreter.equals("%md")) {
      body.append("<details><summary>").append(escape(interpreter)).append("</summary><pre class=\"code\">")
          .append(escape(p.body())).append("</pre></details>");
    }
    body.append(innerHtml).append("</section>\n");
  }

  static String messages(Result r) {
    StringBuilder h = new StringBuilder();
    for (Result.Message m : r.messages()) {
      switch (m.type()) {
        case "HTML" -> h.append("<div class=\"html\">").append(m.data()).append("</div>");
        case "TABLE" -> {
          String[] lines = m.data().split("\n");
          List<String> cols = List.of(lines[0].split("\t", -1));
          List<List<String>> rows = new java.util.ArrayList<>();
          for (int i = 1; i < lines.length; i++) {
            rows.add(List.of(lines[i].split("\t", -1)));
          }
          h.append(table(new Result.Table(cols, rows), 30));
        }
        default -> h.append("<pre>").append(escape(m.data())).append("</pre>");
      }
    }
    return h.toString();
  }

  static String table(Result.Table t, int maxRows) {
    StringBuilder h = new StringBuilder("<table class=\"t\"><tr>");
    t.columns().forEach(c -> h.append("<th>").append(escape(c)).append("</th>"));
    h.append("</tr>");
    for (int i = 0; i < Math.min(maxRows, t.rows().size()); i++) {
      h.append("<tr>");
      t.rows().get(i).forEach(v -> h.append("<td>").append(escape(String.valueOf(v))).append("</td>"));
      h.append("</tr>");
    }
    h.append("</table>");
    if (t.rows().size() > maxRows) {
      h.append("<p class=\"more\">").append(t.rows().size() - maxRows).append(" more rows</p>");
    }
    return h.toString();
  }

  static String png(byte[] png, String alt) {
    return "<img class=\"chart\" alt=\"" + escape(alt) + "\" src=\"data:image/png;base64,"
        + Base64.getEncoder().encodeToString(png) + "\"/>";
  }

  /** A small Markdown subset: headings, lists, paragraphs, **bold**, `code`. */
  static String markdown(String md) {
    StringBuilder h = new StringBuilder("<div class=\"md\">");
    String list = null;
    StringBuilder para = new StringBuilder();
    for (String line : (md + "\n").split("\n", -1)) {
      String t = line.strip();
      boolean bullet = t.startsWith("- ") || t.startsWith("* ");
      boolean numbered = t.matches("\\d+\\. .*");
      if (t.isEmpty() || t.startsWith("#") || bullet || numbered) {
        if (para.length() > 0) {
          h.append("<p>").append(inline(para.toString())).append("</p>");
          para.setLength(0);
        }
      }
      if (list != null && !(bullet || numbered)) {
        h.append("</").append(list).append(">");
        list = null;
      }
      if (t.startsWith("#")) {
        int level = Math.min(6, t.indexOf(' '));
        h.append("<h").append(level).append(">").append(inline(t.substring(level).strip())).append("</h")
            .append(level).append(">");
      } else if (bullet || numbered) {
        String want = bullet ? "ul" : "ol";
        if (list == null) {
          h.append("<").append(want).append(">");
          list = want;
        }
        h.append("<li>").append(inline(t.substring(t.indexOf(' ') + 1))).append("</li>");
      } else if (!t.isEmpty()) {
        para.append(para.length() > 0 ? " " : "").append(t);
      }
    }
    if (list != null) {
      h.append("</").append(list).append(">");
    }
    return h.append("</div>").toString();
  }

  private static String inline(String s) {
    return escape(s).replaceAll("\\*\\*(.+?)\\*\\*", "<b>$1</b>").replaceAll("`(.+?)`", "<code>$1</code>");
  }

  static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }

  String html() {
    return "<!DOCTYPE html>\n<html lang=\"es\"><head><meta charset=\"utf-8\"><title>" + escape(title)
        + "</title><style>\n"
        + "body{font-family:sans-serif;font-size:13px;margin:12px;background:#f2f2f2;color:#222}\n"
        + "main{display:flex;flex-wrap:wrap;gap:12px}\n"
        + ".p{background:#fff;box-sizing:border-box;padding:8px 12px;border:1px solid #ddd;overflow:hidden}\n"
        + ".p h4{margin:0 0 4px 0;font-size:13px}\n"
        + "pre{font-size:11px;margin:4px 0;white-space:pre-wrap}\n"
        + "details summary{color:#888;font-size:11px;cursor:pointer}\n"
        + ".code{background:#f7f7f7}\n"
        + "img.chart{width:100%;max-width:900px}\n"
        + ".html img{max-width:520px}\n"
        + ".t{border-collapse:collapse;font-size:11px}.t td,.t th{border:1px solid #ddd;padding:2px 6px}\n"
        + ".md h1{font-size:20px;margin:4px 0}.md h2{font-size:16px;margin:4px 0}.md p{margin:4px 0}\n"
        + ".error{color:#b00}\n"
        + "</style></head><body><h1>" + escape(title) + "</h1><main>\n" + body + "</main></body></html>\n";
  }
}
