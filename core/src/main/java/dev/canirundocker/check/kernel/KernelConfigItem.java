package dev.canirundocker.check.kernel;

import dev.canirundocker.host.KernelVersion;
import dev.canirundocker.host.LinuxInfo.KernelConfigInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * One kernel build option the Docker engine checks for, as data.
 *
 * <p>Names always carry the {@code CONFIG_} prefix ({@code CONFIG_NAMESPACES}), the spelling of the
 * config file, of {@code KernelConfigInfo.entries} and of the {@code kernel} JSON contract.
 *
 * <p>Version gates compare {@code major.minor} only, as check-config.sh does (it reads {@code
 * kernelMajor} and {@code kernelMinor} from {@code uname -r} and ignores the patch level). The
 * script's "{@code <= 5.1}" is written here as {@code below 5.2}.
 *
 * @param name the option, {@code CONFIG_} prefixed
 * @param group {@code required}, {@code optional}, {@code network:<driver>} or {@code
 *     storage:<driver>}
 * @param since the first kernel {@code major.minor} the item applies to, or null for no lower bound
 * @param below the first kernel {@code major.minor} it no longer applies to, or null for no upper
 *     bound
 * @param cgroupRule how the cgroup hierarchy in use changes the item
 * @param unlessSet an option that, when set ({@code y} or {@code m}), makes this item not apply; or
 *     null
 * @param aliases other names that satisfy the item (kubernetes/system-validators' {@code Aliases})
 * @param onlyWhenSet the item is reported only when it is set (check-config.sh's vsyscall choice)
 * @param origin which copy of check-config.sh lists it
 */
public record KernelConfigItem(
    String name,
    String group,
    @Nullable KernelVersion since,
    @Nullable KernelVersion below,
    CgroupRule cgroupRule,
    @Nullable String unlessSet,
    List<String> aliases,
    boolean onlyWhenSet,
    Origin origin) {

  private static final Pattern NAME = Pattern.compile("CONFIG_[A-Z0-9_]+");
  private static final Pattern GROUP =
      Pattern.compile("required|optional|(network|storage):[a-z0-9][a-z0-9-]*");

  /** The group of items the engine cannot start without. */
  public static final String REQUIRED = "required";

  /** The group of items that only some features need. */
  public static final String OPTIONAL = "optional";

  /** How the cgroup hierarchy changes an item. */
  public enum CgroupRule {
    /** The same on every hierarchy. */
    ANY,
    /**
     * A cgroup v1 controller with no v2 counterpart to configure (on v2 the freezer is part of the
     * core, device control is eBPF, cpuacct is part of cpu): on a pure v2 host a required item is
     * reported as optional. Follows kubernetes/system-validators' {@code RequiredCgroupsV1} vs
     * {@code RequiredCgroupsV2} split (validators/types_unix.go); moby#49934 is the upstream report
     * of check-config.sh demanding them on v2.
     */
    V1_ONLY,
    /**
     * Applies on a pure cgroup v2 host whatever the version gate says: system-validators requires
     * {@code CGROUP_BPF} on v2 ({@code RequiredCgroupsV2}), because v2 device control is eBPF only.
     */
    V2_ANY_VERSION
  }

  /** Which copy of check-config.sh lists an item; the union of both is the catalog. */
  public enum Origin {
    /** Both upstream moby/moby and Debian's docker.io 20.10 copy. */
    BOTH,
    /** Only current upstream moby/moby contrib/check-config.sh. */
    UPSTREAM,
    /** Only Debian's docker.io copy (/usr/share/docker.io/contrib/check-config.sh, 20.10). */
    DEBIAN,
    /**
     * Neither copy lists it by name, but an item upstream requires depends on it in the kernel's
     * Kconfig (the Linux 6.17 legacy xtables gates): without it that item cannot be set at all.
     */
    KCONFIG;

    /** Whether Debian's copy prints this item (when its gates let it). */
    public boolean inDebian() {
      return this == BOTH || this == DEBIAN;
    }
  }

  public KernelConfigItem {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(group, "group");
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "invalid kernel config item name '"
              + name
              + "': expected CONFIG_ followed by upper-case letters, digits and underscores");
    }
    if (!GROUP.matcher(group).matches()) {
      throw new IllegalArgumentException(
          "invalid group '"
              + group
              + "' for "
              + name
              + ": expected required, optional, network:<driver> or storage:<driver>");
    }
    if (since != null && below != null && since.compareTo(below) >= 0) {
      throw new IllegalArgumentException(
          "empty version range for " + name + ": since " + since + " is not below " + below);
    }
    cgroupRule = cgroupRule == null ? CgroupRule.ANY : cgroupRule;
    origin = origin == null ? Origin.BOTH : origin;
    aliases = aliases == null ? List.of() : List.copyOf(aliases);
    for (String a : aliases) {
      if (!NAME.matcher(a).matches()) {
        throw new IllegalArgumentException("invalid alias '" + a + "' for " + name);
      }
    }
    if (unlessSet != null && !NAME.matcher(unlessSet).matches()) {
      throw new IllegalArgumentException("invalid unlessSet '" + unlessSet + "' for " + name);
    }
    since = since == null ? null : KernelVersion.of(since.major(), since.minor(), 0);
    below = below == null ? null : KernelVersion.of(below.major(), below.minor(), 0);
  }

  /**
   * An item with no gates, listed by both copies of the script.
   *
   * @param name the option, with or without the {@code CONFIG_} prefix
   * @param group see the record's {@code group}
   */
  public static KernelConfigItem of(String name, String group) {
    String n = name.startsWith("CONFIG_") ? name : "CONFIG_" + name;
    return new KernelConfigItem(
        n, group, null, null, CgroupRule.ANY, null, List.of(), false, Origin.BOTH);
  }

  /** This item, applying from kernel {@code major.minor} on. */
  public KernelConfigItem withSince(int major, int minor) {
    return new KernelConfigItem(
        name,
        group,
        KernelVersion.of(major, minor, 0),
        below,
        cgroupRule,
        unlessSet,
        aliases,
        onlyWhenSet,
        origin);
  }

  /** This item, applying to kernels before {@code major.minor} only. */
  public KernelConfigItem withBelow(int major, int minor) {
    return new KernelConfigItem(
        name,
        group,
        since,
        KernelVersion.of(major, minor, 0),
        cgroupRule,
        unlessSet,
        aliases,
        onlyWhenSet,
        origin);
  }

  /** This item with another cgroup rule. */
  public KernelConfigItem withCgroupRule(CgroupRule rule) {
    return new KernelConfigItem(
        name, group, since, below, rule, unlessSet, aliases, onlyWhenSet, origin);
  }

  /** This item, not applying when {@code option} is set. */
  public KernelConfigItem withUnlessSet(String option) {
    return new KernelConfigItem(
        name,
        group,
        since,
        below,
        cgroupRule,
        option.startsWith("CONFIG_") ? option : "CONFIG_" + option,
        aliases,
        onlyWhenSet,
        origin);
  }

  /** This item, also satisfied by {@code alias}. */
  public KernelConfigItem withAlias(String alias) {
    List<String> l = new ArrayList<>(aliases);
    l.add(alias.startsWith("CONFIG_") ? alias : "CONFIG_" + alias);
    return new KernelConfigItem(
        name, group, since, below, cgroupRule, unlessSet, l, onlyWhenSet, origin);
  }

  /** This item, reported only when set. */
  public KernelConfigItem withOnlyWhenSet() {
    return new KernelConfigItem(
        name, group, since, below, cgroupRule, unlessSet, aliases, true, origin);
  }

  /** This item with another origin. */
  public KernelConfigItem withOrigin(Origin o) {
    return new KernelConfigItem(
        name, group, since, below, cgroupRule, unlessSet, aliases, onlyWhenSet, o);
  }

  /** Whether the item has a version gate. */
  public boolean versionGated() {
    return since != null || below != null;
  }

  /**
   * Whether the version gates admit {@code version} ({@code major.minor} compared, patch ignored).
   * An unknown version (null) admits only items without a gate.
   */
  public boolean admitsVersion(@Nullable KernelVersion version) {
    if (version == null) {
      return !versionGated();
    }
    KernelVersion v = KernelVersion.of(version.major(), version.minor(), 0);
    return (since == null || v.compareTo(since) >= 0) && (below == null || v.compareTo(below) < 0);
  }

  /**
   * Whether the item applies to a kernel: its version gates (or, on pure cgroup v2 for {@link
   * CgroupRule#V2_ANY_VERSION}, none), its {@code unlessSet} option, its {@code onlyWhenSet} flag.
   *
   * @param config the kernel config
   * @param version the kernel version, or null when unknown
   * @param pureV2 whether the host runs a pure (unified) cgroup v2 hierarchy
   */
  public boolean appliesTo(
      KernelConfigInfo config, @Nullable KernelVersion version, boolean pureV2) {
    boolean versionOk =
        admitsVersion(version) || (pureV2 && cgroupRule == CgroupRule.V2_ANY_VERSION);
    if (!versionOk) {
      return false;
    }
    if (unlessSet != null && ConfigState.of(config, unlessSet).present()) {
      return false;
    }
    return !onlyWhenSet || ConfigState.of(config, name).present();
  }

  /** The item's effective group: a {@link CgroupRule#V1_ONLY} required item is optional on v2. */
  public String groupFor(boolean pureV2) {
    return pureV2 && cgroupRule == CgroupRule.V1_ONLY && REQUIRED.equals(group) ? OPTIONAL : group;
  }

  /**
   * The name (this item's own, else the first alias) that is set in {@code config}, or null when
   * none is.
   */
  public @Nullable String presentAs(KernelConfigInfo config) {
    if (ConfigState.of(config, name).present()) {
      return name;
    }
    for (String a : aliases) {
      if (ConfigState.of(config, a).present()) {
        return a;
      }
    }
    return null;
  }

  /** The item's state: its own name's, else an alias's where one is set. */
  public ConfigState stateIn(KernelConfigInfo config) {
    String n = presentAs(config);
    return n == null ? ConfigState.MISSING : ConfigState.of(config, n);
  }
}
