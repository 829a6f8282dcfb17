package dev.canirundocker.platform;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a host platform runs natively, best first, with containerd's {@code Only} semantics
 * (containerd/platforms compare.go {@code platformVector}): an amd64 host at level vN runs
 * amd64/vN down to amd64 (v1) and then 386; an arm64 host runs arm64, then 32-bit arm v8 down to v5;
 * a 32-bit arm host at vN runs vN down to v5; every other architecture runs only itself.
 *
 * <p>This class holds the table only. Whether a compatibility entry (386 on amd64, arm on arm64) works
 * on a given machine is a runtime fact (IA-32 emulation can be off at boot; many arm64 server CPUs have
 * no AArch32): the checks decide that from exec probes, never from this table alone.
 */
public final class PlatformMatcher {
  private final Platform host;
  private final List<Platform> order;

  private PlatformMatcher(Platform host, List<Platform> order) {
    this.host = host;
    this.order = List.copyOf(order);
  }

  /**
   * The matcher for a host.
   *
   * @param host the host platform; for amd64 its variant is the CPU's level ({@code v3}), empty for v1
   */
  public static PlatformMatcher forHost(Platform host) {
    List<Platform> l = new ArrayList<>();
    String os = host.os();
    switch (host.architecture()) {
      case "amd64": {
        int level = amd64Level(host.variant());
        for (int v = level; v >= 2; v--) {
          l.add(new Platform(os, "amd64", "v" + v, "", List.of()));
        }
        l.add(new Platform(os, "amd64", "", "", List.of()));
        l.add(new Platform(os, "386", "", "", List.of()));
        break;
      }
      case "arm64":
        if (host.variant().startsWith("v9")) {
          l.add(new Platform(os, "arm64", "v9", "", List.of()));
        }
        l.add(new Platform(os, "arm64", "", "", List.of()));
        for (int v = 8; v >= 5; v--) {
          l.add(new Platform(os, "arm", "v" + v, "", List.of()));
        }
        break;
      case "arm": {
        int top = armVersion(host.variant());
        for (int v = top; v >= 5; v--) {
          l.add(new Platform(os, "arm", "v" + v, "", List.of()));
        }
        break;
      }
      default:
        l.add(host.base());
    }
    return new PlatformMatcher(host, l);
  }

  private static int amd64Level(String variant) {
    if (variant.matches("v[1-4]")) {
      return variant.charAt(1) - '0';
    }
    return 1;
  }

  private static int armVersion(String variant) {
    if (variant.matches("v[5-8]")) {
      return variant.charAt(1) - '0';
    }
    return 7;
  }

  /** The host platform. */
  public Platform host() {
    return host;
  }

  /** The platforms this host runs, best first. */
  public List<Platform> order() {
    return order;
  }

  /**
   * The rank of a platform in {@link #order()} (0 is best), or empty when the host does not run it.
   * OS version and features are ignored here; Windows build rules are checked separately.
   */
  public Optional<Integer> rank(Platform p) {
    if (!p.os().equals(host.os())) {
      return Optional.empty();
    }
    for (int i = 0; i < order.size(); i++) {
      Platform o = order.get(i);
      if (o.architecture().equals(p.architecture()) && o.variant().equals(p.variant())) {
        return Optional.of(i);
      }
    }
    return Optional.empty();
  }

  /** Whether the host runs a platform natively by the table. */
  public boolean matches(Platform p) {
    return rank(p).isPresent();
  }

  /**
   * Whether a platform is a compatibility mode of the host rather than its own architecture
   * (386 on amd64, 32-bit arm on arm64): the kernel runs it only where that support is switched on.
   */
  public boolean isCompatibilityMode(Platform p) {
    return matches(p) && !p.architecture().equals(host.architecture());
  }

  /**
   * Picks the best of several platforms (a multi-platform index), as containerd does: keep the ones
   * the matcher accepts, sort by rank, take the first. On a Windows host whose OS version is known
   * the entries of its architecture are ordered by build ({@link WindowsImageOrder}); one built for
   * a newer build is never picked.
   */
  public Optional<Platform> best(List<Platform> candidates) {
    if (host.isWindows()) {
      Optional<WindowsImageOrder> w = WindowsImageOrder.forHost(host);
      if (w.isPresent()) {
        // a Windows host picks by build, within the entries of its architecture
        List<Platform> own = new ArrayList<>();
        for (Platform c : candidates) {
          if (matches(c)) {
            own.add(c);
          }
        }
        List<Platform> ordered = w.get().ordered(own);
        return ordered.isEmpty() ? Optional.empty() : Optional.of(ordered.get(0));
      }
    }
    Platform best = null;
    int bestRank = Integer.MAX_VALUE;
    for (Platform c : candidates) {
      Optional<Integer> r = rank(c);
      if (r.isPresent() && r.get() < bestRank) {
        best = c;
        bestRank = r.get();
      }
    }
    return Optional.ofNullable(best);
  }
}
