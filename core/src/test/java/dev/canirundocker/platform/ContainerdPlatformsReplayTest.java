package dev.canirundocker.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * containerd/platforms' own tests replayed against {@link Platform} and {@link PlatformMatcher},
 * case by case, each method named after the upstream test it replays (platforms_test.go,
 * compare_test.go, platform_windows_compat_test.go).
 *
 * <p>Deliberate differences, each pinned elsewhere: a bare architecture is Linux here (containerd
 * takes runtime.GOOS, which for a tool about Linux containers on any host would make {@code arm64}
 * mean darwin/arm64 on a Mac); variants an architecture does not have ({@code linux/arm64/v8.10},
 * {@code linux/arm/v9}, {@code 386/x}) are parse errors here where containerd parses them and then
 * matches nothing, so in the TestOnly replay a refused platform may be either.
 */
class ContainerdPlatformsReplayTest {

  private static Platform def(String os) {
    String[] a = Platform.defaultArchitecture();
    return new Platform(os, a[0], a[1], "", List.of());
  }

  /** platforms_test.go TestParseSelector: the input and the platform it normalizes to. */
  static Stream<Arguments> testParseSelector() {
    return Stream.of(
        Arguments.of("linux/arm64", Platform.of("linux", "arm64", "")),
        Arguments.of("linux/arm64/v8", Platform.of("linux", "arm64", "")),
        Arguments.of("linux/arm", Platform.of("linux", "arm", "v7")),
        Arguments.of("linux/arm/v6", Platform.of("linux", "arm", "v6")),
        Arguments.of("linux/arm/v7", Platform.of("linux", "arm", "v7")),
        Arguments.of("arm", Platform.of("linux", "arm", "v7")),
        Arguments.of("armel", Platform.of("linux", "arm", "v6")),
        Arguments.of("armhf", Platform.of("linux", "arm", "v7")),
        Arguments.of("Aarch64", Platform.of("linux", "arm64", "")),
        Arguments.of("x86_64", Platform.of("linux", "amd64", "")),
        Arguments.of("Linux/x86_64", Platform.of("linux", "amd64", "")),
        Arguments.of("i386", Platform.of("linux", "386", "")),
        Arguments.of("linux", def("linux")),
        Arguments.of("s390x", Platform.of("linux", "s390x", "")),
        Arguments.of("linux/s390x", Platform.of("linux", "s390x", "")),
        Arguments.of("macOS", def("darwin")),
        Arguments.of("windows", def("windows")),
        Arguments.of("windows()", def("windows")),
        Arguments.of("windows(10.0.17763)", def("windows").withOsVersion("10.0.17763")),
        Arguments.of(
            "windows(10.0.17763+win32k)",
            new Platform(
                "windows", def("windows").architecture(), "", "10.0.17763", List.of("win32k"))),
        Arguments.of(
            "linux(+gpu)",
            new Platform(
                "linux", def("linux").architecture(), def("linux").variant(), "", List.of("gpu"))),
        Arguments.of(
            "linux(+gpu+simd)",
            new Platform(
                "linux",
                def("linux").architecture(),
                def("linux").variant(),
                "",
                List.of("gpu", "simd"))),
        Arguments.of(
            "linux(+unsorted+erofs)",
            new Platform(
                "linux",
                def("linux").architecture(),
                def("linux").variant(),
                "",
                List.of("erofs", "unsorted"))),
        Arguments.of(
            "windows(10.0.17763%2Bbuild.42)", def("windows").withOsVersion("10.0.17763+build.42")),
        Arguments.of(
            "windows(10.0.17763%2Bbuild.42+win32k)",
            new Platform(
                "windows",
                def("windows").architecture(),
                "",
                "10.0.17763+build.42",
                List.of("win32k"))),
        Arguments.of("windows(50%25done)", def("windows").withOsVersion("50%done")),
        // the OS-features example, with an architecture
        Arguments.of(
            "windows(10.0.20348+win32k)/amd64",
            new Platform("windows", "amd64", "", "10.0.20348", List.of("win32k"))));
  }

  @ParameterizedTest(name = "TestParseSelector {0}")
  @MethodSource
  void testParseSelector(String input, Platform expected) {
    assertEquals(expected, Platform.parse(input));
  }

  /** platforms_test.go TestParseSelectorInvalid. */
  @ParameterizedTest(name = "TestParseSelectorInvalid \"{0}\"")
  @ValueSource(
      strings = {"", "/linux/arm", "linux/arm/", "linux /arm", "linux/&arm", "linux/arm/foo/bar"})
  void testParseSelectorInvalid(String input) {
    assertThrows(InvalidPlatformException.class, () -> Platform.parse(input));
  }

  /** platforms_test.go TestFormatAll (and its round trip through Parse). */
  static Stream<Arguments> testFormatAll() {
    return Stream.of(
        Arguments.of(
            new Platform("windows", "amd64", "", "10.0.17763+build.42", List.of()),
            "windows(10.0.17763%2Bbuild.42)/amd64"),
        Arguments.of(
            new Platform("windows", "amd64", "", "10.0.17763+build.42", List.of("win32k")),
            "windows(10.0.17763%2Bbuild.42+win32k)/amd64"),
        Arguments.of(
            new Platform("windows", "amd64", "", "50%done", List.of()), "windows(50%25done)/amd64"),
        Arguments.of(
            new Platform("windows", "amd64", "", "1.0(beta)", List.of()),
            "windows(1.0%28beta%29)/amd64"),
        Arguments.of(
            new Platform("windows", "amd64", "", "a/b", List.of()), "windows(a%2Fb)/amd64"),
        Arguments.of(
            new Platform("windows", "amd64", "", "10.0.17763", List.of()),
            "windows(10.0.17763)/amd64"),
        Arguments.of(
            new Platform("linux", "amd64", "", "", List.of("feat+v2")), "linux(+feat%2Bv2)/amd64"),
        Arguments.of(
            new Platform("linux", "amd64", "", "", List.of("100%gpu")), "linux(+100%25gpu)/amd64"),
        Arguments.of(
            new Platform("windows", "amd64", "", "10.0+build", List.of("feat+1")),
            "windows(10.0%2Bbuild+feat%2B1)/amd64"),
        // TestFormatAllSkipsEmptyOSFeatures
        Arguments.of(
            new Platform("linux", "amd64", "", "", List.of("", "gpu", "", "simd")),
            "linux(+gpu+simd)/amd64"),
        Arguments.of(Platform.parse("linux/arm/v6"), "linux/arm/v6"));
  }

  @ParameterizedTest(name = "TestFormatAll {1}")
  @MethodSource
  void testFormatAll(Platform p, String expected) {
    assertEquals(expected, p.formatAll());
    Platform back = Platform.parse(expected);
    assertEquals(p.osVersion(), back.osVersion());
    assertEquals(p.osFeatures().stream().filter(f -> !f.isEmpty()).toList(), back.osFeatures());
  }

  /** compare_test.go TestOnly, every host including arm/v4 (it runs arm/v4 only). */
  static Stream<Arguments> testOnly() {
    List<String> arm64Base =
        List.of(
            "linux/arm",
            "linux/arm/v5",
            "linux/arm/v6",
            "linux/arm/v7",
            "linux/arm/v8",
            "linux/arm64",
            "linux/arm64/v8");
    return Stream.of(
        Arguments.of(
            "linux/amd64",
            List.of("linux/amd64", "linux/386"),
            List.of(
                "linux/amd64/v2", "linux/arm/v7", "linux/arm64", "windows/amd64", "windows/arm")),
        Arguments.of(
            "linux/amd64/v2",
            List.of("linux/amd64", "linux/amd64/v1", "linux/amd64/v2", "linux/386"),
            List.of(
                "linux/amd64/v3",
                "linux/amd64/v4",
                "linux/arm/v7",
                "linux/arm64",
                "windows/amd64",
                "windows/arm")),
        Arguments.of(
            "linux/386",
            List.of("linux/386"),
            List.of("linux/amd64", "linux/arm/v7", "linux/arm64", "windows/amd64", "windows/arm")),
        Arguments.of(
            "windows/amd64",
            List.of("windows/amd64", "windows(10.0.17763)/amd64"),
            List.of("linux/amd64", "linux/arm/v7", "linux/arm64", "windows/arm")),
        Arguments.of(
            "linux/arm/v8",
            List.of("linux/arm", "linux/arm/v5", "linux/arm/v6", "linux/arm/v7", "linux/arm/v8"),
            List.of("linux/amd64", "linux/arm/v4", "linux/arm64", "windows/amd64", "windows/arm")),
        Arguments.of(
            "linux/arm/v7",
            List.of("linux/arm", "linux/arm/v5", "linux/arm/v6", "linux/arm/v7"),
            List.of(
                "linux/amd64",
                "linux/arm/v4",
                "linux/arm/v8",
                "linux/arm64",
                "windows/amd64",
                "windows/arm")),
        Arguments.of(
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
        Arguments.of(
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
        Arguments.of(
            "linux/arm/v4",
            List.of("linux/arm/v4"),
            List.of(
                "linux/amd64",
                "linux/arm",
                "linux/arm/v5",
                "linux/arm/v6",
                "linux/arm/v7",
                "linux/arm/v8",
                "linux/arm64",
                "windows/amd64",
                "windows/arm")),
        Arguments.of(
            "linux/arm64/v9.6",
            concat(
                arm64Base,
                List.of(
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
                    "linux/arm64/v9.6")),
            List.of(
                "linux/amd64",
                "linux/arm/v4",
                "windows/amd64",
                "windows/arm",
                "linux/arm64/v8.10")),
        Arguments.of(
            "linux/arm64/v9",
            concat(
                arm64Base,
                List.of(
                    "linux/arm64/v8.1",
                    "linux/arm64/v8.2",
                    "linux/arm64/v8.3",
                    "linux/arm64/v8.4",
                    "linux/arm64/v8.5",
                    "linux/arm64/v9",
                    "linux/arm64/v9.0")),
            List.of(
                "linux/amd64", "linux/arm/v4", "windows/amd64", "windows/arm", "linux/arm64/v8.6")),
        Arguments.of(
            "linux/arm64/v8.1",
            concat(arm64Base, List.of("linux/arm64/v8.1")),
            List.of(
                "linux/amd64",
                "linux/arm/v4",
                "linux/arm/v9",
                "linux/arm64/v9",
                "windows/amd64",
                "windows/arm")),
        Arguments.of(
            "linux/arm64",
            arm64Base,
            List.of(
                "linux/amd64",
                "linux/arm/v4",
                "linux/arm/v9",
                "linux/arm64/v9",
                "windows/amd64",
                "windows/arm")));
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> l = new java.util.ArrayList<>(a);
    l.addAll(b);
    return l;
  }

  @ParameterizedTest(name = "TestOnly {0}")
  @MethodSource
  void testOnly(String host, List<String> match, List<String> noMatch) {
    ContainerdCompareTest.assertOnly(host, match, noMatch);
  }

  /**
   * compare_test.go TestCompareOSFeatures under Only: the platform sorted first is the one selected
   * from an index (features the host has all of, more of them first; a plain match before one that
   * asks for a feature the host lacks).
   */
  static Stream<Arguments> testCompareOSFeatures() {
    return Stream.of(
        Arguments.of(
            "linux/amd64",
            List.of("windows/amd64", "linux/amd64", "linux(+other)/amd64", "linux/arm64"),
            "linux/amd64"),
        Arguments.of(
            "linux(+none)/amd64",
            List.of("windows/amd64", "linux/amd64", "linux/arm64", "linux(+other)/amd64"),
            "linux/amd64"),
        Arguments.of(
            "linux(+other)/amd64",
            List.of("windows/amd64", "linux/amd64", "linux/arm64", "linux(+other)/amd64"),
            "linux(+other)/amd64"),
        Arguments.of(
            "linux(+af+other+zf)/amd64",
            List.of("windows/amd64", "linux/amd64", "linux/arm64", "linux(+other)/amd64"),
            "linux(+other)/amd64"),
        Arguments.of(
            "linux(+f1+f2)/amd64",
            List.of("linux/amd64", "linux(+f2)/amd64", "linux(+f1)/amd64", "linux(+f1+f2)/amd64"),
            "linux(+f1+f2)/amd64"),
        Arguments.of(
            "linux(7.2+other)/amd64",
            List.of(
                "linux/amd64", "linux(+other)/amd64", "linux(7.1)/amd64", "linux(7.2+other)/amd64"),
            "linux(+other)/amd64"));
  }

  @ParameterizedTest(name = "TestCompareOSFeatures {0}")
  @MethodSource
  void testCompareOSFeatures(String host, List<String> index, String first) {
    PlatformMatcher m = PlatformMatcher.forHost(Platform.parse(host));
    assertEquals(
        Optional.of(Platform.parse(first)), m.best(index.stream().map(Platform::parse).toList()));
  }

  /** platform_windows_compat_test.go Test_PlatformCompat, every row, and a host past 26100. */
  static Stream<Arguments> testPlatformCompat() {
    int ltsc2019 = 17763;
    int ltsc2022 = 20348;
    int v22h2Win11 = 22621;
    int v23h2 = 25398;
    int ltsc2025 = 26100;
    return Stream.of(
        Arguments.of(ltsc2019, ltsc2019, true), Arguments.of(ltsc2019, ltsc2022, false),
        Arguments.of(ltsc2022, ltsc2019, false), Arguments.of(ltsc2022, ltsc2022, true),
        Arguments.of(v22h2Win11, ltsc2019, false), Arguments.of(v22h2Win11, ltsc2022, true),
        Arguments.of(v23h2, ltsc2019, false), Arguments.of(v23h2, ltsc2022, true),
        Arguments.of(ltsc2025, ltsc2022, true), Arguments.of(ltsc2022, ltsc2025, false),
        Arguments.of(ltsc2022, v22h2Win11, false), Arguments.of(ltsc2025, v22h2Win11, true),
        // compatLTSCReleases: a host newer than ltsc2025 (Windows 11 25H2) has ltsc2025 as floor
        Arguments.of(26200, ltsc2025, true), Arguments.of(26200, ltsc2022, false));
  }

  @ParameterizedTest(name = "Test_PlatformCompat host {0} ctr {1}")
  @MethodSource
  void testPlatformCompat(int host, int ctr, boolean shouldRun) {
    WindowsImageOrder o =
        WindowsImageOrder.forHost(Platform.parse("windows(10.0." + host + ")/amd64")).orElseThrow();
    assertEquals(shouldRun, o.containerdMatches(new WindowsVersion(10, 0, ctr, -1)));
  }

  /** platform_windows_compat_test.go Test_PlatformOrder, through index selection. */
  @Test
  void testPlatformOrder() {
    Platform linux = Platform.parse("linux/amd64");
    Platform ws2022 = Platform.parse("windows(10.0.20348.3091)/amd64");
    Platform ws2025 = Platform.parse("windows(10.0.26100.2894)/amd64");
    Platform ws2025rev3000 = Platform.parse("windows(10.0.26100.3000)/amd64");
    assertEquals(
        Optional.of(ws2022),
        PlatformMatcher.forHost(ws2022).best(List.of(linux, ws2022, ws2025)),
        "Windows Server 2022 should select 2022");
    assertEquals(
        Optional.of(ws2025),
        PlatformMatcher.forHost(ws2025).best(List.of(linux, ws2022, ws2025)),
        "Windows Server 2025 should select 2025");
    assertEquals(
        Optional.of(ws2025rev3000),
        PlatformMatcher.forHost(ws2025).best(List.of(linux, ws2022, ws2025rev3000)),
        "Windows Server 2025 should select 2025 latest rev");
  }
}
