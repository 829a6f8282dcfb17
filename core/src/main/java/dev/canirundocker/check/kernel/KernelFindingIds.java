package dev.canirundocker.check.kernel;

/**
 * The ids of the kernel config check's findings (see {@link dev.canirundocker.check.FindingIds} for
 * the other rules): stable, dotted, in the README's "Finding ids" list.
 */
public final class KernelFindingIds {
  private KernelFindingIds() {}

  public static final String KERNEL_CONFIG_MISSING = "kernel.config.missing";
  public static final String KERNEL_CONFIG_OPTIONAL_MISSING = "kernel.config.optional-missing";
  public static final String KERNEL_STORAGE_LEGACY_ONLY = "kernel.storage.legacy-only";
  public static final String KERNEL_STORAGE_NONE = "kernel.storage.none";
  public static final String KERNEL_VERSION_UNKNOWN = "kernel.version.unknown";
  public static final String KERNEL_VSYSCALL_NATIVE = "kernel.vsyscall.native";
  public static final String KERNEL_VSYSCALL_NONE = "kernel.vsyscall.none";

  /**
   * The pattern of a network driver's missing options: {@code kernel.network.<driver>.missing}, the
   * driver being a catalog group {@code network:<driver>} (overlay, overlay-encrypted, ipvlan,
   * macvlan, ftp-tftp, swarm).
   */
  public static final String NETWORK_MISSING_PATTERN = "kernel.network.<driver>.missing";

  /** The id for a network driver's missing options. */
  public static String networkMissing(String driver) {
    return "kernel.network." + driver + ".missing";
  }
}
