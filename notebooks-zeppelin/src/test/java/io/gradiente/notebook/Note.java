package io.gradiente.notebook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/** A Zeppelin note read from its {@code .zpln} file. */
record Note(Path file, JsonNode json) {
  /** The folder holding the notes, from the build (system property {@code gradiente.notes}). */
  static Path folder() {
    return Path.of(System.getProperty("gradiente.notes", "."), "Gradiente");
  }

  /** Every note of the folder, sorted by file name. */
  static List<Note> all() {
    try (Stream<Path> files = Files.list(folder())) {
      List<Note> notes = new ArrayList<>();
      for (Path f : files.filter(p -> p.toString().endsWith(".zpln")).sorted().toList()) {
        notes.add(new Note(f, new ObjectMapper().readTree(f.toFile())));
      }
      return notes;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String id() {
    return json.path("id").asText();
  }

  String name() {
    return json.path("name").asText();
  }

  /** A file name for the rendered page: the name in lower case, runs of other characters as '-'. */
  String slug() {
    return name().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
  }

  List<Paragraph> paragraphs() {
    List<Paragraph> out = new ArrayList<>();
    for (JsonNode p : json.path("paragraphs")) {
      out.add(new Paragraph(p));
    }
    return out;
  }

  /** One paragraph: its interpreter prefix ({@code %spark}, ...) and the code after it. */
  record Paragraph(JsonNode json) {
    String text() {
      return json.path("text").asText();
    }

    String id() {
      return json.path("id").asText();
    }

    String title() {
      return json.path("title").asText("");
    }

    /** The first token of the text when it starts with '%', else "" (the note's default interpreter). */
    String interpreter() {
      String t = text().stripLeading();
      if (!t.startsWith("%")) {
        return "";
      }
      int end = 0;
      while (end < t.length() && !Character.isWhitespace(t.charAt(end))) {
        end++;
      }
      return t.substring(0, end);
    }

    String body() {
      String t = text().stripLeading();
      return t.substring(interpreter().length()).strip();
    }

    double colWidth() {
      return json.path("config").path("colWidth").asDouble(12);
    }

    /** The saved chart of the first result, or a missing node. */
    JsonNode graph() {
      return json.path("config").path("results").path("0").path("graph");
    }
  }
}
