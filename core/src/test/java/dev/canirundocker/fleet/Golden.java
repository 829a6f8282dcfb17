package dev.canirundocker.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Golden files under src/test/resources/golden/fleet of the module running the test; {@code
 * -Dcird.golden.update=true} rewrites them.
 */
public final class Golden {
  static final Path DIR = Path.of("src/test/resources/golden/fleet");

  private Golden() {}

  /**
   * The matrix document as JSON with each host's {@code profile} checked against the host's own
   * JSON and then left out: the host document has its own golden tests, and a key another part of
   * the tool adds to it should not rewrite every matrix golden file.
   */
  @SuppressWarnings("unchecked")
  static String withoutProfiles(java.util.Map<String, Object> doc, Matrix m) {
    java.util.List<Object> hosts = (java.util.List<Object>) doc.get("hosts");
    for (int i = 0; i < hosts.size(); i++) {
      java.util.Map<String, Object> h = (java.util.Map<String, Object>) hosts.get(i);
      FleetHost fh = m.hosts().get(i);
      assertEquals(fh.profile() == null ? null : fh.profile().toJson(), h.get("profile"));
      h.put("profile", fh.profile() == null ? null : "(the host document of " + fh.name() + ")");
    }
    return dev.canirundocker.json.Json.pretty(doc);
  }

  /** Asserts that {@code actual} is the golden file {@code name} (or rewrites it). */
  public static void assertGolden(String name, String actual) {
    Path file = DIR.resolve(name);
    try {
      if (Boolean.getBoolean("cird.golden.update")) {
        Files.createDirectories(DIR);
        Files.writeString(file, actual);
      }
      assertEquals(Files.readString(file, StandardCharsets.UTF_8), actual, file.toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
