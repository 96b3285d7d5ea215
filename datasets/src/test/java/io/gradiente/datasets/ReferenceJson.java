package io.gradiente.datasets;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a flat array of numbers from a reference JSON file in the test resources. Jackson is not used: the Maven
 * classpath mixes jackson-core 2.14 (from Avro) with jackson-databind 2.15, which fails at parse time.
 */
final class ReferenceJson {
  private ReferenceJson() {}

  /** The numbers of {@code "key": [ ... ]} in the resource, parsed with {@link Double#parseDouble}. */
  static double[] array(String resource, String key) throws IOException {
    String text;
    try (InputStream in = ReferenceJson.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IOException("missing test resource " + resource);
      }
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    Matcher m = Pattern.compile("\"" + Pattern.quote(key) + "\"\\s*:\\s*\\[([^\\]]*)\\]").matcher(text);
    if (!m.find()) {
      throw new IOException(resource + " has no array '" + key + "'");
    }
    return Arrays.stream(m.group(1).split(",")).map(String::trim).mapToDouble(Double::parseDouble).toArray();
  }
}
