package io.gradiente.datasets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;

/** Reads a flat array of numbers from a reference JSON file in the test resources. */
final class ReferenceJson {
  private ReferenceJson() {}

  /** The numbers of the top-level array {@code key} in the resource. */
  static double[] array(String resource, String key) throws IOException {
    JsonNode node;
    try (InputStream in = ReferenceJson.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IOException("missing test resource " + resource);
      }
      node = new ObjectMapper().readTree(in).get(key);
    }
    if (node == null || !node.isArray()) {
      throw new IOException(resource + " has no array '" + key + "'");
    }
    double[] out = new double[node.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = node.get(i).asDouble();
    }
    return out;
  }
}
