package dev.canirundocker.platform;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a host platform runs natively, best first, with containerd's {@code Only} semantics
 * (containerd/platforms compare.go {@code platformVector}, pinned case by case by its
 * compare_test.go {@code TestOnly} in PlatformMatcherTest): an amd64 host at level vN runs amd64/vN
 * down to amd64 (v1) and then 386; a 32-bit arm host at vN runs arm/vN down to arm/v5 only (an
 * arm/v6 host does not run {@code linux/arm}, which is arm/v7); an arm64 host at v8.x runs
 * arm64/v8.x down to arm64/v8, at v9.x it runs arm64/v9.x down to v9 and then arm64/v8.(x+5) down
 * to v8 (compare.go {@code arm64variantToVersion}); every arm64 host then runs arm/v8 down to
 * arm/v5; every other architecture runs only itself.
 *
 * <p>This class holds the table only. Whether a compatibility entry ({@link CompatibilityMode}: 386
 * on amd64, arm on arm64) works on a given machine is a runtime fact (IA-32 emulation can be off at
 * boot; many arm64 CPUs have no AArch32): the checks decide that from exec probes, never from this
 * table alone.
 */
public final class PlatformMatcher {
  /**
   * containerd compare.go {@code arm64variantToVersion}: for each arm64 variant, the major versions
   * it covers and the highest minor of each (v9.x also covers v8.(x+5), capped at v8.9).
   */
  private static final java.util.Map<String, int[][]> ARM64_VERSIONS = arm64Versions();

  private final Platform host;
  private final List<Platform> order;

  private PlatformMatcher(Platform host, List<Platform> order) {
    this.host = host;
    this.order = List.copyOf(order);
  }

  private static java.util.Map<String, int[][]> arm64Versions() {
    java.util.Map<String, int[][]> m = new java.util.LinkedHashMap<>();
    for (int minor = 0; minor <= 9; minor++) {
      m.put("v8." + minor, new int[][] {{8, minor}});
    }
    for (int minor = 0; minor <= 7; minor++) {
      m.put("v9." + minor, new int[][] {{9, minor}, {8, Math.min(minor + 5, 9)}});
    }
    m.put("v8", m.get("v8.0"));
    m.put("v9", m.get("v9.0"));
    return java.util.Collections.unmodifiableMap(m);
  }

  /**
   * Whether an arm64 variant is one containerd knows ({@code v8}, {@code v8.0} .. {@code v8.9},
   * {@code v9}, {@code v9.0} .. {@code v9.7}; empty is v8).
   */
  public static boolean isKnownArm64Variant(String variant) {
    return variant.isEmpty() || ARM64_VERSIONS.containsKey(variant);
  }

  /**
   * The matcher for a host.
   *
   * @param host the host platform; for amd64 its variant is the CPU's level ({@code v3}), empty for
   *     v1; for arm64 the CPU's architecture level ({@code v8.2}), empty for v8 or unknown
   */
  public static PlatformMatcher forHost(Platform host) {
    List<Platform> l = new ArrayList<>();
    String os = host.os();
    switch (host.architecture()) {
      case "amd64":
        {
          int level = amd64Level(host.variant());
          for (int v = level; v >= 2; v--) {
            l.add(Platform.of(os, "amd64", "v" + v));
          }
          l.add(Platform.of(os, "amd64", ""));
          break;
        }
      case "arm64":
        {
          int[][] versions = ARM64_VERSIONS.get(host.variant().isEmpty() ? "v8" : host.variant());
          if (versions == null) {
            versions =
                java.util.Objects.requireNonNull(ARM64_VERSIONS.get("v8"), "v8 is in the table");
          }
          for (int[] mm : versions) {
            for (int minor = mm[1]; minor >= 0; minor--) {
              l.add(Platform.of(os, "arm64", minor == 0 ? "v" + mm[0] : "v" + mm[0] + "." + minor));
            }
          }
          break;
        }
      case "arm":
        {
          // compare.go platformVector: the host's own variant, then down to v5 (an arm/v4 host
          // runs arm/v4 only)
          int top = armVersion(host.variant());
          l.add(Platform.of(os, "arm", "v" + top));
          for (int v = top - 1; v >= 5; v--) {
            l.add(Platform.of(os, "arm", "v" + v));
          }
          break;
        }
      default:
        l.add(host.base());
    }
    CompatibilityMode.ofHost(host.architecture()).ifPresent(m -> l.addAll(m.platforms(os)));
    return new PlatformMatcher(host, l);
  }

  private static int amd64Level(String variant) {
    if (variant.matches("v[1-4]")) {
      return variant.charAt(1) - '0';
    }
    return 1;
  }

  private static int armVersion(String variant) {
    if (variant.matches("v[4-8]")) {
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
   * The compatibility mode by which the host runs a platform the table accepts (386 on amd64,
   * 32-bit arm on arm64), or empty for the host's own architecture and for platforms it does not
   * run: the kernel runs those only where that support is switched on.
   */
  public Optional<CompatibilityMode> compatibilityMode(Platform p) {
    return matches(p)
        ? CompatibilityMode.of(host.architecture(), p.architecture())
        : Optional.empty();
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
    long bestKey = Long.MAX_VALUE;
    for (Platform c : candidates) {
      Optional<Integer> r = rank(c);
      if (r.isPresent()) {
        long key = selectionKey(r.get(), c);
        if (key < bestKey) {
          best = c;
          bestKey = key;
        }
      }
    }
    return Optional.ofNullable(best);
  }

  /**
   * Lower is better: the rank, then OS features as containerd orders them (compare.go {@code
   * orderedPlatformComparer.Less} and its compare_test.go {@code TestCompareOSFeatures}): an entry
   * whose features the host has all of before one that asks for a feature the host lacks
   * (containerd's {@code matcher.Match} refuses that one outright; Docker 20.10 and the older
   * matcher ignored features, so it is kept here, last), and among those the one with more features
   * first. A Windows entry's {@code win32k} is not counted ({@code windowsStripFeaturesMatcher}).
   */
  private long selectionKey(int rank, Platform c) {
    List<String> features = new ArrayList<>(c.osFeatures());
    if (c.isWindows()) {
      features.remove("win32k");
    }
    boolean hostHasAll = host.osFeatures().containsAll(features);
    long featureOrder = hostHasAll ? 1000L - Math.min(features.size(), 999) : 1001L;
    return (long) rank * 2048L + featureOrder;
  }
}
