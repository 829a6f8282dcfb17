package dev.canirundocker.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Golden files under src/test/resources/golden/fleet; {@code -Dcird.golden.update=true} rewrites them. */
final class Golden {
  static final Path DIR = Path.of("src/test/resources/golden/fleet");

  private Golden() {}

  static void assertGolden(String name, String actual) {
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
