package io.gradiente.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A reference file of the lesson's numerics (numpy, scikit-learn) from the test resources' {@code /reference/}
 * folder, read as a JSON tree. The project carries its own copies, so the tests pass on a clone alone;
 * {@link #assertSameAsShared} checks a copy against {@code ../shared/reference/} beside the repository, and skips
 * with a message saying so when that folder is missing.
 */
public final class ReferenceJson {
  /** Where the reference files stand on the test class path. */
  public static final String FOLDER = "/reference/";
  private final String name;
  private final JsonNode root;

  private ReferenceJson(String name, JsonNode root) {
    this.name = name;
    this.root = root;
  }

  /** The reference file {@code name} (e.g. {@code linear.json}); a missing or unreadable file fails naming it. */
  public static ReferenceJson load(String name) {
    return new ReferenceJson(name, tree(name, bytes(name)));
  }

  /** The node at the JSON pointer {@code pointer} (e.g. {@code /analytic/w}); a missing one fails naming it. */
  public JsonNode at(String pointer) {
    JsonNode node = root.at(pointer);
    if (node.isMissingNode()) {
      throw new IllegalStateException(FOLDER + name + " has no " + pointer);
    }
    return node;
  }

  /** The number at {@code pointer}. */
  public double number(String pointer) {
    JsonNode node = at(pointer);
    if (!node.isNumber()) {
      throw new IllegalStateException(FOLDER + name + ": " + pointer + " is not a number but " + node);
    }
    return node.asDouble();
  }

  /** The flat array of numbers at {@code pointer}. */
  public double[] doubles(String pointer) {
    return doubles(at(pointer));
  }

  /** The numbers of a flat JSON array. */
  public static double[] doubles(JsonNode array) {
    if (!array.isArray()) {
      throw new IllegalStateException("not an array of numbers: " + array);
    }
    double[] out = new double[array.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = array.get(i).asDouble();
    }
    return out;
  }

  /**
   * The project's copy of {@code name} is byte for byte the file of {@code ../shared/reference/} beside the
   * repository; skipped, saying so, when that folder is missing (a clone of the project alone).
   */
  public static void assertSameAsShared(String name) {
    assertSameAs(Path.of(System.getProperty("user.dir")).toAbsolutePath().getParent().getParent()
        .resolve("shared").resolve("reference"), name);
  }

  /** {@link #assertSameAsShared} against the folder {@code shared}. */
  static void assertSameAs(Path shared, String name) {
    assumeTrue(Files.isDirectory(shared), () -> "skipped: " + shared + " (../shared/reference/ beside the "
        + "repository) is missing, so the copy " + FOLDER + name + " is not compared with it");
    try {
      assertArrayEquals(Files.readAllBytes(shared.resolve(name)), bytes(name),
          FOLDER + name + " differs from " + shared.resolve(name));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + shared.resolve(name), e);
    }
  }

  private static byte[] bytes(String name) {
    try (InputStream in = ReferenceJson.class.getResourceAsStream(FOLDER + name)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource " + FOLDER + name + " (a copy of "
            + "../shared/reference/" + name + " belongs in the module's src/test/resources/reference/)");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read test resource " + FOLDER + name, e);
    }
  }

  private static JsonNode tree(String name, byte[] bytes) {
    try {
      return new ObjectMapper().readTree(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(FOLDER + name + " is not JSON", e);
    }
  }
}
