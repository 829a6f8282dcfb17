package dev.canirundocker.host;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * A fact of a Linux host that a live probe may leave out when the command at hand does not read it
 * ({@link ProbeOptions#facts()}). Each costs the probe something of its own: the processor is
 * OSHI's initialisation (its configuration, parsers and the sysfs topology walk), the others are
 * files under {@code /proc}, {@code /sys} and {@code /etc}. The platform, OS, kernel release and
 * hostname are always read: every command names them.
 *
 * <p>A fact left out is null in the profile (memory: 0) and named in {@link
 * HostProfile#notProbed()}, so that a reader of the JSON can tell "not asked" from "asked and
 * unknown" (an {@link Unknown}) and from a real {@code false}.
 *
 * <p>Only the Linux probe leaves facts out: the Windows and macOS probes judge a VM route, which
 * reads the processor, memory and virtualization facts together.
 */
public enum HostFact {
  /**
   * The processor through OSHI: vendor, model, microarchitecture, feature flags (and with them the
   * x86-64 level), arm64 facts; OSHI's Linux driver reads them from {@code /proc/cpuinfo}.
   */
  CPU("cpu"),
  /**
   * The logical and physical processor counts: OSHI's processor model, which walks the sysfs CPU
   * topology (packages, cores, caches) when it is made; without it they are 0. Needs {@link #CPU}.
   */
  CPU_TOPOLOGY("cpu.topology"),
  /** Total physical memory (OSHI). */
  MEMORY("memory"),
  /**
   * Hypervisor and hardware virtualization facts (CPU flags, DMI, /dev/kvm); needs {@link #CPU}.
   */
  VIRTUALIZATION("virtualization"),
  /** The kernel build configuration ({@code /proc/config.gz}, {@code /boot/config-*}, ...). */
  KERNEL_CONFIG("linux.kernelConfig"),
  /** The cgroup hierarchy and its controllers. */
  CGROUPS("linux.cgroups"),
  /** The namespace kinds of {@code /proc/self/ns}. */
  NAMESPACES("linux.namespaces"),
  /** The filesystems the kernel supports ({@code /proc/filesystems}). */
  FILESYSTEMS("linux.filesystems"),
  /** seccomp, AppArmor and SELinux. */
  SECURITY("linux.security"),
  /** The binfmt_misc handlers (and with them whether this is WSL). */
  BINFMT("linux.binfmt"),
  /** The sysctls the engine checks read. */
  SYSCTLS("linux.sysctls"),
  /** Whether this host is itself a container. */
  CONTAINER("linux.container"),
  /** The rootless engine's facts (sub-ids, newuidmap, delegated controllers). */
  ROOTLESS("linux.rootless"),
  /** The NVIDIA driver, devices and container runtime. */
  GPU("gpu");

  private final String id;

  HostFact(String id) {
    this.id = id;
  }

  /** The fact's name as the host JSON names it ({@code linux.cgroups}), as {@link Unknown} does. */
  public String id() {
    return id;
  }

  /** Every fact: what {@code host} and the text preflight show. */
  public static Set<HostFact> all() {
    return Collections.unmodifiableSet(EnumSet.allOf(HostFact.class));
  }

  /**
   * The facts of {@code ids} ({@link #id()} values); an unknown name is refused.
   *
   * @throws IllegalArgumentException naming the first unknown name
   */
  public static Set<HostFact> parse(Iterable<String> ids) {
    Set<HostFact> out = EnumSet.noneOf(HostFact.class);
    for (String s : ids) {
      out.add(of(s));
    }
    return out;
  }

  /**
   * The fact named {@code id}.
   *
   * @throws IllegalArgumentException when no fact has that name
   */
  public static HostFact of(String id) {
    for (HostFact f : values()) {
      if (f.id.equals(id)) {
        return f;
      }
    }
    throw new IllegalArgumentException(
        "unknown host fact '" + id + "' (expected one of " + names() + ")");
  }

  private static String names() {
    StringBuilder b = new StringBuilder();
    for (HostFact f : values()) {
      b.append(b.length() == 0 ? "" : ", ").append(f.id);
    }
    return b.toString();
  }
}
