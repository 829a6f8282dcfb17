package dev.canirundocker.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.canirundocker.check.Finding;
import dev.canirundocker.check.Severity;
import dev.canirundocker.image.ImagePlatformEntry;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/**
 * The records whose equals and hashCode are written out (so that the CLI's start does not pay
 * ObjectMethods' bootstrap) keep the generated semantics: equal exactly when every component is,
 * and the hash folded by 31 over the components in order, as a record's own is.
 */
class WrittenOutEqualityTest {
  static int fold(Object... components) {
    int h = 0;
    for (Object c : components) {
      h = h * 31 + Objects.hashCode(c);
    }
    return h;
  }

  @Test
  void platform() {
    Platform a = Platform.of("windows", "amd64", "", "10.0.20348", List.of("win32k"));
    assertEquals(a, Platform.of("windows", "amd64", "", "10.0.20348", List.of("win32k")));
    assertEquals(fold("windows", "amd64", "", "10.0.20348", List.of("win32k")), a.hashCode());
    assertNotEquals(a, Platform.of("linux", "amd64", "", "10.0.20348", List.of("win32k")));
    assertNotEquals(a, Platform.of("windows", "arm64", "", "10.0.20348", List.of("win32k")));
    assertNotEquals(a, Platform.of("windows", "amd64", "v3", "10.0.20348", List.of("win32k")));
    assertNotEquals(a, Platform.of("windows", "amd64", "", "10.0.17763", List.of("win32k")));
    assertNotEquals(a, Platform.of("windows", "amd64", "", "10.0.20348", List.of()));
    assertNotEquals(a, null);
    assertNotEquals(a, "windows/amd64");
  }

  @Test
  void finding() {
    Finding a = new Finding("x.y", Severity.WARN, "m", null);
    assertEquals(a, new Finding("x.y", Severity.WARN, "m", null));
    assertEquals(fold("x.y", Severity.WARN, "m", null), a.hashCode());
    assertNotEquals(a, new Finding("x.z", Severity.WARN, "m", null));
    assertNotEquals(a, new Finding("x.y", Severity.INFO, "m", null));
    assertNotEquals(a, new Finding("x.y", Severity.WARN, "n", null));
    assertNotEquals(a, new Finding("x.y", Severity.WARN, "m", "fix"));
    assertNotEquals(a, null);
  }

  @Test
  void imagePlatformEntry() {
    Platform p = Platform.of("linux", "arm64", "");
    ImagePlatformEntry a = new ImagePlatformEntry(p, "sha256:1", List.of("r"), true);
    assertEquals(a, new ImagePlatformEntry(p, "sha256:1", List.of("r"), true));
    assertEquals(fold(p, "sha256:1", List.of("r"), Boolean.TRUE), a.hashCode());
    assertNotEquals(
        a,
        new ImagePlatformEntry(Platform.of("linux", "amd64", ""), "sha256:1", List.of("r"), true));
    assertNotEquals(a, new ImagePlatformEntry(p, null, List.of("r"), true));
    assertNotEquals(a, new ImagePlatformEntry(p, "sha256:1", List.of(), true));
    assertNotEquals(a, new ImagePlatformEntry(p, "sha256:1", List.of("r"), false));
  }
}
