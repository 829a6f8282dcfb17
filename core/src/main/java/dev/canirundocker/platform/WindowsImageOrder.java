package dev.canirundocker.platform;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Which entry of a multi-platform index a Windows host pulls, by its build, as Docker on Windows
 * does; never the order of the list.
 *
 * <ul>
 *   <li>An image built for a newer Windows build than the host's is never taken: moby
 *       distribution/pull_v2_windows.go {@code checkImageCompatibility} ("a Windows version ...
 *       image is incompatible with a ... host", moby#36184).
 *   <li>First come the entries containerd's Windows matcher accepts (containerd/platforms
 *       platform_windows_compat.go {@code checkWindowsHostAndContainerCompat}): below Windows
 *       Server 2022 (20348) the same build only; from 20348 on any build from the newest LTSC
 *       release older than the host (20348, or 26100 for hosts past Windows Server 2025) up to the
 *       host's, the stable-ABI range. Among them the higher OS version first ({@code
 *       windowsMatchComparer.Less}; its {@code Test_PlatformOrder}: a WS2022 host picks ltsc2022
 *       from [linux, ltsc2022, ltsc2025], a WS2025 host ltsc2025 and of two ltsc2025 revisions the
 *       later one). The matcher is what {@code defaults_windows.go} builds from the host's {@code
 *       RtlGetNtVersionNumbers}.
 *   <li>Then the older builds containerd does not match, higher first: they run only with Hyper-V
 *       isolation, and moby's pull keeps them after the matching ones ({@code manifestsByVersion}).
 * </ul>
 *
 * containerd compares OS versions as strings; this compares them as numbers, which agrees for every
 * released build (all five digits) and stays right for any other.
 */
public final class WindowsImageOrder implements Comparator<Platform> {
  /** Windows Server 2022, the first stable-ABI LTSC release (containerd's {@code v21H2Server}). */
  public static final int WS2022 = 20348;

  private final WindowsVersion host;

  private WindowsImageOrder(WindowsVersion host) {
    this.host = host;
  }

  /**
   * The order for a host, or empty when its OS version is unknown (then containerd's matcher, built
   * from the zero version, accepts every build and selection falls back to the list's order).
   */
  public static Optional<WindowsImageOrder> forHost(Platform host) {
    return WindowsVersion.parse(host.osVersion()).map(WindowsImageOrder::new);
  }

  /** The host's version. */
  public WindowsVersion host() {
    return host;
  }

  /**
   * containerd's {@code checkWindowsHostAndContainerCompat}: whether containerd's matcher takes an
   * image of this version on this host (the builds process isolation is meant for).
   */
  public boolean containerdMatches(WindowsVersion image) {
    if (host.major() != image.major() || host.minor() != image.minor()) {
      return false;
    }
    if (host.build() < WS2022) {
      return host.build() == image.build();
    }
    // compatLTSCReleases: the floor is the newest LTSC release older than the host's build (a
    // host past Windows Server 2025, such as Windows 11 25H2, 26200, matches 26100 and up only)
    int floor = WS2022;
    for (int i = LTSC_RELEASES.length - 1; i >= 0; i--) {
      if (host.build() > LTSC_RELEASES[i]) {
        floor = LTSC_RELEASES[i];
        break;
      }
    }
    return image.build() >= floor && image.build() <= host.build();
  }

  /** containerd platform_windows_compat.go {@code compatLTSCReleases}: ltsc2022, ltsc2025. */
  private static final int[] LTSC_RELEASES = {WS2022, 26100};

  /**
   * Whether the host may pull an image of this platform at all: a parseable OS version no newer
   * than the host's build. An entry without an OS version is taken as containerd takes it.
   */
  public boolean pullable(Platform p) {
    Optional<WindowsVersion> v = WindowsVersion.parse(p.osVersion());
    return v.isEmpty()
        || v.get().build() <= host.build()
            && v.get().major() == host.major()
            && v.get().minor() == host.minor();
  }

  private int tier(Platform p) {
    Optional<WindowsVersion> v = WindowsVersion.parse(p.osVersion());
    if (v.isEmpty()) {
      return 1; // containerd's windowsVersionMatcher.Match: an empty version matches
    }
    return containerdMatches(v.get()) ? 2 : 0;
  }

  /**
   * Better first: containerd's matches, then older builds; within each the higher version first.
   */
  @Override
  public int compare(Platform a, Platform b) {
    int c = Integer.compare(tier(b), tier(a));
    if (c != 0) {
      return c;
    }
    Optional<WindowsVersion> va = WindowsVersion.parse(a.osVersion());
    Optional<WindowsVersion> vb = WindowsVersion.parse(b.osVersion());
    if (va.isPresent() && vb.isPresent()) {
      return vb.get().compareTo(va.get());
    }
    return 0;
  }

  /** The pullable candidates, best first (a stable sort: equal entries keep the list's order). */
  public List<Platform> ordered(List<Platform> candidates) {
    List<Platform> l = new ArrayList<>();
    for (Platform p : candidates) {
      if (pullable(p)) {
        l.add(p);
      }
    }
    l.sort(this);
    return l;
  }
}
