package dev.canirundocker.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** containerd's Only ordering (platforms/compare.go). */
class PlatformMatcherTest {
  static List<String> order(String host) {
    return PlatformMatcher.forHost(Platform.parse(host)).order().stream()
        .map(Platform::toString)
        .toList();
  }

  @Test
  void orders() {
    assertEquals(
        List.of("linux/amd64/v3", "linux/amd64/v2", "linux/amd64", "linux/386"),
        order("linux/amd64/v3"));
    assertEquals(List.of("linux/amd64", "linux/386"), order("linux/amd64"));
    assertEquals(
        List.of("linux/arm64", "linux/arm/v8", "linux/arm/v7", "linux/arm/v6", "linux/arm/v5"),
        order("linux/arm64"));
    assertEquals(List.of("linux/arm/v7", "linux/arm/v6", "linux/arm/v5"), order("linux/arm/v7"));
    assertEquals(List.of("linux/s390x"), order("linux/s390x"));
  }

  @Test
  void matchesAndCompatibilityModes() {
    PlatformMatcher m = PlatformMatcher.forHost(Platform.parse("linux/amd64/v2"));
    assertTrue(m.matches(Platform.parse("linux/amd64/v2")));
    assertFalse(m.matches(Platform.parse("linux/amd64/v3")));
    assertFalse(m.matches(Platform.parse("windows/amd64")));
    assertEquals(
        Optional.of(CompatibilityMode.IA32), m.compatibilityMode(Platform.parse("linux/386")));
    assertEquals(Optional.empty(), m.compatibilityMode(Platform.parse("linux/amd64")));
    assertEquals(
        Optional.of(CompatibilityMode.AARCH32),
        PlatformMatcher.forHost(Platform.parse("linux/arm64"))
            .compatibilityMode(Platform.parse("linux/arm/v6")));
    assertEquals(
        Optional.empty(),
        PlatformMatcher.forHost(Platform.parse("linux/arm/v7"))
            .compatibilityMode(Platform.parse("linux/arm/v6")));
  }

  @Test
  void bestOfAnIndexFollowsTheOrder() {
    PlatformMatcher m = PlatformMatcher.forHost(Platform.parse("linux/amd64/v3"));
    List<Platform> index =
        List.of(
            Platform.parse("linux/arm64"),
            Platform.parse("linux/386"),
            Platform.parse("linux/amd64"),
            Platform.parse("linux/amd64/v2"),
            Platform.parse("linux/amd64/v4"));
    assertEquals(Optional.of(Platform.parse("linux/amd64/v2")), m.best(index));
    assertEquals(Optional.empty(), m.best(List.of(Platform.parse("linux/s390x"))));
    PlatformMatcher arm = PlatformMatcher.forHost(Platform.parse("linux/arm64"));
    assertEquals(
        Optional.of(Platform.parse("linux/arm/v7")),
        arm.best(List.of(Platform.parse("linux/arm/v6"), Platform.parse("linux/arm/v7"))));
  }
}
