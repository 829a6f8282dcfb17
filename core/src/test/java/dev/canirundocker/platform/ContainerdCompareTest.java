package dev.canirundocker.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * containerd/platforms compare_test.go {@code TestOnly}, case by case (commit 09756f5): for each
 * host platform, the platforms {@code Only(host).Match} accepts and refuses. Two of containerd's
 * refused platforms are variants that do not exist ({@code linux/arm/v9}, {@code
 * linux/arm64/v8.10}): this tool refuses them already when parsing (a usage error), which {@link
 * #variantsThatDoNotExistDoNotParse} pins. {@code linux/arm/v4} exists (TestOnly has an arm/v4
 * host) and is refused by every other host's matcher.
 */
class ContainerdCompareTest {
  static final List<String> NONEXISTENT = List.of("linux/arm/v9", "linux/arm64/v8.10");

  static Arguments only(String host, List<String> match, List<String> noMatch) {
    return Arguments.of(host, match, noMatch);
  }

  static Stream<Arguments> testOnly() {
    List<String> common = List.of("windows/amd64", "windows/arm");
    return Stream.of(
        only(
            "linux/amd64",
            List.of("linux/amd64", "linux/386"),
            List.of(
                "linux/amd64/v2", "linux/arm/v7", "linux/arm64", "windows/amd64", "windows/arm")),
        only(
            "linux/amd64/v2",
            List.of("linux/amd64", "linux/amd64/v1", "linux/amd64/v2", "linux/386"),
            List.of(
                "linux/amd64/v3",
                "linux/amd64/v4",
                "linux/arm/v7",
                "linux/arm64",
                "windows/amd64",
                "windows/arm")),
        only(
            "linux/386",
            List.of("linux/386"),
            List.of("linux/amd64", "linux/arm/v7", "linux/arm64", "windows/amd64", "windows/arm")),
        only(
            "windows/amd64",
            List.of("windows/amd64", "windows(10.0.17763)/amd64"),
            List.of("linux/amd64", "linux/arm/v7", "linux/arm64", "windows/arm")),
        only(
            "linux/arm/v8",
            List.of("linux/arm", "linux/arm/v5", "linux/arm/v6", "linux/arm/v7", "linux/arm/v8"),
            List.of("linux/amd64", "linux/arm/v4", "linux/arm64", "windows/amd64", "windows/arm")),
        only(
            "linux/arm/v7",
            List.of("linux/arm", "linux/arm/v5", "linux/arm/v6", "linux/arm/v7"),
            List.of(
                "linux/amd64",
                "linux/arm/v4",
                "linux/arm/v8",
                "linux/arm64",
                "windows/amd64",
                "windows/arm")),
        only(
            "linux/arm/v6",
            List.of("linux/arm/v5", "linux/arm/v6"),
            List.of(
                "linux/amd64",
                "linux/arm",
                "linux/arm/v4",
                "linux/arm/v7",
                "linux/arm/v8",
                "linux/arm64",
                "windows/amd64",
                "windows/arm")),
        only(
            "linux/arm/v5",
            List.of("linux/arm/v5"),
            List.of(
                "linux/amd64",
                "linux/arm",
                "linux/arm/v4",
                "linux/arm/v6",
                "linux/arm/v7",
                "linux/arm/v8",
                "linux/arm64",
                "windows/amd64",
                "windows/arm")),
        only(
            "linux/arm64/v9.6",
            List.of(
                "linux/arm",
                "linux/arm/v5",
                "linux/arm/v6",
                "linux/arm/v7",
                "linux/arm/v8",
                "linux/arm64",
                "linux/arm64/v8",
                "linux/arm64/v8.1",
                "linux/arm64/v8.2",
                "linux/arm64/v8.3",
                "linux/arm64/v8.4",
                "linux/arm64/v8.5",
                "linux/arm64/v8.6",
                "linux/arm64/v8.7",
                "linux/arm64/v8.8",
                "linux/arm64/v8.9",
                "linux/arm64/v9",
                "linux/arm64/v9.0",
                "linux/arm64/v9.1",
                "linux/arm64/v9.2",
                "linux/arm64/v9.3",
                "linux/arm64/v9.4",
                "linux/arm64/v9.5",
                "linux/arm64/v9.6"),
            List.of(
                "linux/amd64",
                "linux/arm/v4",
                "windows/amd64",
                "windows/arm",
                "linux/arm64/v8.10")),
        only(
            "linux/arm64/v9",
            List.of(
                "linux/arm",
                "linux/arm/v5",
                "linux/arm/v6",
                "linux/arm/v7",
                "linux/arm/v8",
                "linux/arm64",
                "linux/arm64/v8",
                "linux/arm64/v8.1",
                "linux/arm64/v8.2",
                "linux/arm64/v8.3",
                "linux/arm64/v8.4",
                "linux/arm64/v8.5",
                "linux/arm64/v9",
                "linux/arm64/v9.0"),
            List.of(
                "linux/amd64", "linux/arm/v4", "windows/amd64", "windows/arm", "linux/arm64/v8.6")),
        only(
            "linux/arm64/v8.1",
            List.of(
                "linux/arm",
                "linux/arm/v5",
                "linux/arm/v6",
                "linux/arm/v7",
                "linux/arm/v8",
                "linux/arm64",
                "linux/arm64/v8",
                "linux/arm64/v8.1"),
            List.of(
                "linux/amd64",
                "linux/arm/v4",
                "linux/arm/v9",
                "linux/arm64/v9",
                "windows/amd64",
                "windows/arm")),
        only(
            "linux/arm64",
            List.of(
                "linux/arm",
                "linux/arm/v5",
                "linux/arm/v6",
                "linux/arm/v7",
                "linux/arm/v8",
                "linux/arm64",
                "linux/arm64/v8"),
            List.of(
                "linux/amd64",
                "linux/arm/v4",
                "linux/arm/v9",
                "linux/arm64/v9",
                "windows/amd64",
                "windows/arm")));
  }

  @ParameterizedTest(name = "Only({0})")
  @MethodSource("testOnly")
  void testOnly(String host, List<String> match, List<String> noMatch) {
    assertOnly(host, match, noMatch);
  }

  /**
   * Asserts one TestOnly row: {@code Only(host)} matches every platform of {@code match} and none
   * of {@code noMatch}. A refused platform of {@link #NONEXISTENT} may instead fail to parse (this
   * tool's deliberate difference); every other one must parse. Shared with {@link
   * ContainerdPlatformsReplayTest#testOnly}.
   */
  static void assertOnly(String host, List<String> match, List<String> noMatch) {
    PlatformMatcher m = PlatformMatcher.forHost(Platform.parse(host));
    for (String p : match) {
      assertTrue(m.matches(Platform.parse(p)), "Only(" + host + ").Match(" + p + ")");
    }
    for (String p : noMatch) {
      boolean matched;
      if (NONEXISTENT.contains(p)) {
        try {
          matched = m.matches(Platform.parse(p));
        } catch (InvalidPlatformException e) {
          matched = false;
        }
      } else {
        matched = m.matches(Platform.parse(p));
      }
      assertFalse(matched, "Only(" + host + ").Match(" + p + ")");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"linux/arm/v9", "linux/arm64/v8.10"})
  void variantsThatDoNotExistDoNotParse(String spec) {
    assertThrows(InvalidPlatformException.class, () -> Platform.parse(spec));
  }

  /** compare.go platformVector: the order is containerd's, best first. */
  @org.junit.jupiter.api.Test
  void arm64OrdersFollowPlatformVector() {
    assertEquals(
        List.of(
            "linux/arm64/v9.1",
            "linux/arm64/v9",
            "linux/arm64/v8.6",
            "linux/arm64/v8.5",
            "linux/arm64/v8.4",
            "linux/arm64/v8.3",
            "linux/arm64/v8.2",
            "linux/arm64/v8.1",
            "linux/arm64",
            "linux/arm/v8",
            "linux/arm/v7",
            "linux/arm/v6",
            "linux/arm/v5"),
        PlatformMatcherTest.order("linux/arm64/v9.1"));
    assertEquals(
        List.of(
            "linux/arm64/v8.2",
            "linux/arm64/v8.1",
            "linux/arm64",
            "linux/arm/v8",
            "linux/arm/v7",
            "linux/arm/v6",
            "linux/arm/v5"),
        PlatformMatcherTest.order("linux/arm64/v8.2"));
    assertEquals(
        List.of("linux/arm/v6", "linux/arm/v5"), PlatformMatcherTest.order("linux/arm/v6"));
    assertEquals(List.of("linux/arm/v5"), PlatformMatcherTest.order("linux/arm/v5"));
  }

  /**
   * An index on an arm64/v8.2 host: the best variant it runs, never the v9 entry first in the list.
   */
  @org.junit.jupiter.api.Test
  void bestArm64VariantOfAnIndex() {
    PlatformMatcher m = PlatformMatcher.forHost(Platform.parse("linux/arm64/v8.2"));
    assertEquals(
        java.util.Optional.of(Platform.parse("linux/arm64/v8.2")),
        m.best(
            List.of(
                Platform.parse("linux/arm64/v9"), Platform.parse("linux/arm64"),
                Platform.parse("linux/arm64/v8.2"), Platform.parse("linux/arm/v7"))));
    PlatformMatcher v6 = PlatformMatcher.forHost(Platform.parse("linux/arm/v6"));
    assertEquals(
        java.util.Optional.empty(),
        v6.best(List.of(Platform.parse("linux/arm"), Platform.parse("linux/arm64"))));
  }
}
