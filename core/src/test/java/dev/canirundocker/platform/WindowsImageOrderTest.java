package dev.canirundocker.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Index selection on a Windows host, by build (containerd/platforms
 * platform_windows_compat_test.go).
 */
class WindowsImageOrderTest {
  static final Platform LINUX = Platform.parse("linux/amd64");
  static final Platform LTSC2016 = win("10.0.14393.7428");
  static final Platform LTSC2019 = win("10.0.17763.6532");
  static final Platform LTSC2022 = win("10.0.20348.3091");
  static final Platform LTSC2025 = win("10.0.26100.2894");
  static final Platform LTSC2025_REV3000 = win("10.0.26100.3000");

  static Platform win(String osVersion) {
    return Platform.parse("windows/amd64").withOsVersion(osVersion);
  }

  static Optional<Platform> pick(String hostOsVersion, List<Platform> index) {
    return PlatformMatcher.forHost(win(hostOsVersion)).best(index);
  }

  /** containerd Test_PlatformOrder, case by case, and the list in the other order. */
  static Stream<Arguments> platformOrder() {
    return Stream.of(
        Arguments.of(
            "Test_PlatformOrder: Windows Server 2022 should select 2022",
            "10.0.20348.3091",
            List.of(LINUX, LTSC2022, LTSC2025),
            LTSC2022),
        Arguments.of(
            "Test_PlatformOrder: Windows Server 2025 should select 2025",
            "10.0.26100.2894",
            List.of(LINUX, LTSC2022, LTSC2025),
            LTSC2025),
        Arguments.of(
            "Test_PlatformOrder: Windows Server 2025 should select 2025 latest rev",
            "10.0.26100.2894",
            List.of(LINUX, LTSC2022, LTSC2025_REV3000),
            LTSC2025_REV3000),
        Arguments.of(
            "WS2022 host, [ltsc2025, ltsc2022]: never list order",
            "10.0.20348.2700",
            List.of(LTSC2025, LTSC2022),
            LTSC2022),
        Arguments.of(
            "WS2025 host, [ltsc2019, ltsc2022]: the stable-ABI match before an older build",
            "10.0.26100.1",
            List.of(LTSC2019, LTSC2022),
            LTSC2022),
        Arguments.of(
            "WS23H2 (25398) host, [ltsc2025, ltsc2019, ltsc2022]",
            "10.0.25398.1200",
            List.of(LTSC2025, LTSC2019, LTSC2022),
            LTSC2022),
        Arguments.of(
            "Windows 11 23H2 host, [ltsc2025, ltsc2016, ltsc2022]",
            "10.0.22631.4169",
            List.of(LTSC2025, LTSC2016, LTSC2022),
            LTSC2022),
        Arguments.of(
            "WS2019 host: the same build before newer and older ones",
            "10.0.17763.1",
            List.of(LTSC2022, LTSC2016, LTSC2019),
            LTSC2019),
        Arguments.of(
            "Windows 10 22H2 host: no match, the newest older build (Hyper-V isolation)",
            "10.0.19045.5011",
            List.of(LTSC2016, LTSC2022, LTSC2019),
            LTSC2019));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("platformOrder")
  void selectsByBuild(String name, String host, List<Platform> index, Platform want) {
    assertEquals(Optional.of(want), pick(host, index), name);
  }

  @Test
  void onlyNewerBuildsOrOtherArchitecturesIsNoSelection() {
    assertEquals(Optional.empty(), pick("10.0.17763.1", List.of(LTSC2022, LTSC2025, LINUX)));
    assertEquals(
        Optional.empty(),
        pick(
            "10.0.20348.1",
            List.of(Platform.parse("windows/arm64").withOsVersion("10.0.20348.1"))));
  }

  /** containerd Test_PlatformCompat: checkWindowsHostAndContainerCompat, every row. */
  @Test
  void containerdMatcherTable() {
    int rs5 = 17763;
    int ws2022 = 20348;
    int win11 = 22621;
    int[][] rows = {
      {rs5, rs5, 1},
      {rs5, ws2022, 0},
      {ws2022, rs5, 0},
      {ws2022, ws2022, 1},
      {win11, rs5, 0},
      {win11, ws2022, 1}
    };
    for (int[] r : rows) {
      WindowsImageOrder o = WindowsImageOrder.forHost(win("10.0." + r[0])).orElseThrow();
      assertEquals(
          r[2] == 1,
          o.containerdMatches(new WindowsVersion(10, 0, r[1], -1)),
          "host " + r[0] + " image " + r[1]);
    }
  }

  @Test
  void versionsParseOrAreEmpty() {
    assertEquals(
        Optional.of(new WindowsVersion(10, 0, 20348, 2113)),
        WindowsVersion.parse("10.0.20348.2113"));
    assertEquals(
        Optional.of(new WindowsVersion(10, 0, 20348, -1)), WindowsVersion.parse("10.0.20348"));
    assertEquals(Optional.empty(), WindowsVersion.parse("10.0"));
    assertEquals(Optional.empty(), WindowsVersion.parse("10.0.x.1"));
    assertEquals(Optional.empty(), WindowsVersion.parse("10.0.1.2.3"));
    assertEquals(
        "10.0.20348.2113", WindowsVersion.parse("10.0.20348.2113").orElseThrow().toString());
  }
}
