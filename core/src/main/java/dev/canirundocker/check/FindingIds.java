package dev.canirundocker.check;

import dev.canirundocker.check.kernel.KernelFindingIds;

/**
 * The ids of the findings the rules of this package give: stable, dotted, documented in the
 * README's "Finding ids" list (FindingIdsTest keeps the two in step), so scripts may match on them.
 * The kernel config check's ids are {@link KernelFindingIds}, the GPU check's are {@link
 * dev.canirundocker.check.gpu.GpuCheck}'s constants, the ids of images that cannot start are {@link
 * dev.canirundocker.image.StartProblem#findingId()}.
 */
public final class FindingIds {
  private FindingIds() {}

  /**
   * The prefix of an unreachable daemon's finding: {@code daemon.<kind>} with the kind of the
   * {@link dev.canirundocker.daemon.DaemonException} ({@code daemon.unreachable}, {@code
   * daemon.permission-denied}, {@code daemon.timeout}, ...).
   */
  public static final String DAEMON_PREFIX = "daemon.";

  public static final String APPARMOR_PARSER_MISSING = "apparmor.parser-missing";

  public static final String ARCH_COMPAT = "arch.compat";
  public static final String ARCH_COMPAT_DISABLED = "arch.compat-disabled";
  public static final String ARCH_COMPAT_INFERRED = "arch.compat.inferred";
  public static final String ARCH_COMPAT_UNKNOWN = "arch.compat.unknown";
  public static final String ARCH_EMULATED = "arch.emulated";
  public static final String ARCH_EMULATED_UNVERIFIED = "arch.emulated.unverified";
  public static final String ARCH_NATIVE = "arch.native";
  public static final String ARCH_UNKNOWN = "arch.unknown";
  public static final String ARCH_UNSUPPORTED = "arch.unsupported";

  public static final String BINFMT_AMBIGUOUS = "binfmt.ambiguous";
  public static final String BINFMT_BROKEN = "binfmt.broken";
  public static final String BINFMT_DISABLED = "binfmt.disabled";
  public static final String BINFMT_ENTRY_DISABLED = "binfmt.entry-disabled";
  public static final String BINFMT_NO_FIX_BINARY = "binfmt.no-fix-binary";
  public static final String BINFMT_NOT_MOUNTED = "binfmt.not-mounted";
  public static final String BINFMT_UNKNOWN = "binfmt.unknown";

  public static final String CGROUPS_NONE = "cgroups.none";
  public static final String CGROUPS_UNKNOWN = "cgroups.unknown";

  public static final String CPU_AMD64_LEVEL = "cpu.amd64-level";
  public static final String CPU_AMD64_LEVEL_UNKNOWN = "cpu.amd64-level.unknown";
  public static final String CPU_ARM_VARIANT = "cpu.arm-variant";
  public static final String CPU_ARM64_LEVEL = "cpu.arm64-level";
  public static final String CPU_ARM64_LEVEL_UNKNOWN = "cpu.arm64-level.unknown";

  public static final String DAEMON_LINUX_CONTAINERS = "daemon.linux-containers";
  public static final String DAEMON_NO_MEMORY_LIMIT = "daemon.no-memory-limit";
  public static final String DAEMON_NO_SWAP_LIMIT = "daemon.no-swap-limit";
  public static final String DAEMON_REACHABLE = "daemon.reachable";
  public static final String DAEMON_SECCOMP_MISSING = "daemon.seccomp-missing";
  public static final String DAEMON_SECCOMP_UNCONFINED = "daemon.seccomp-unconfined";
  public static final String DAEMON_WINDOWS_CONTAINERS = "daemon.windows-containers";

  public static final String DESKTOP_BACKEND_MISSING = "desktop.backend.missing";
  public static final String DESKTOP_BACKEND_UNKNOWN = "desktop.backend.unknown";
  public static final String DESKTOP_EMULATED_ARCH = "desktop.emulated-arch";
  public static final String DESKTOP_INSTALLED = "desktop.installed";
  public static final String DESKTOP_MACOS_SUPPORTED = "desktop.macos.supported";
  public static final String DESKTOP_MACOS_TOO_OLD = "desktop.macos.too-old";
  public static final String DESKTOP_MACOS_UNKNOWN = "desktop.macos.unknown";
  public static final String DESKTOP_NOT_INSTALLED = "desktop.not-installed";
  public static final String DESKTOP_ROSETTA_MISSING = "desktop.rosetta.missing";
  public static final String DESKTOP_WINDOWS_32BIT = "desktop.windows.32bit";
  public static final String DESKTOP_WINDOWS_BUILD_UNKNOWN = "desktop.windows.build-unknown";
  public static final String DESKTOP_WINDOWS_HOME = "desktop.windows.home";
  public static final String DESKTOP_WINDOWS_SERVER = "desktop.windows.server";
  public static final String DESKTOP_WINDOWS_TOO_OLD = "desktop.windows.too-old";
  public static final String DESKTOP_WSL_TOO_OLD = "desktop.wsl.too-old";

  public static final String EMULATION_AVAILABLE = "emulation.available";

  public static final String HOST_IN_CONTAINER = "host.in-container";
  public static final String HOST_MEMORY_LOW = "host.memory.low";
  public static final String HOST_MEMORY_UNKNOWN = "host.memory.unknown";
  public static final String HOST_OS_NO_LINUX_KERNEL = "host.os.no-linux-kernel";

  public static final String IMAGE_BINARY_NOT_READ = "image.binary.not-read";
  public static final String IMAGE_BINARY_UNKNOWN = "image.binary.unknown";
  public static final String IMAGE_BINARY_UNRESOLVED = "image.binary.unresolved";
  public static final String IMAGE_EXPORT_FAILED = "image.export.failed";
  public static final String IMAGE_INDEX = "image.index";
  public static final String IMAGE_ARCHIVE_IMAGES = "image.archive.images";
  public static final String IMAGE_INDEX_NO_NATIVE = "image.index.no-native";
  public static final String IMAGE_INDEX_OTHER = "image.index.other";
  public static final String IMAGE_INDEX_SELECTED = "image.index.selected";
  public static final String IMAGE_MISLABELED = "image.mislabeled";

  public static final String KERNEL_CONFIG_CONTRADICTED = "kernel.config.contradicted";
  public static final String KERNEL_CONFIG_UNKNOWN = "kernel.config.unknown";
  public static final String KERNEL_TOO_OLD_FOR_IMAGE = "kernel.too-old-for-image";
  public static final String KERNEL_VERSION_TOO_OLD = "kernel.version.too-old";

  public static final String LINUX_UNKNOWN = "linux.unknown";

  public static final String NAMESPACES_MISSING = "namespaces.missing";

  public static final String OS_UNSUPPORTED = "os.unsupported";
  public static final String OS_WINDOWS_IMAGE = "os.windows-image";

  public static final String OVERLAY_MISSING = "overlay.missing";
  public static final String OVERLAY_MODULE = "overlay.module";

  public static final String ROOTLESS_APPARMOR_USERNS = "rootless.apparmor-userns";
  public static final String ROOTLESS_NOT_READY = "rootless.not-ready";
  public static final String ROOTLESS_READY = "rootless.ready";

  public static final String SECCOMP_UNSUPPORTED = "seccomp.unsupported";

  public static final String SYSCTL_IP_FORWARD = "sysctl.ip-forward";
  public static final String SYSCTL_KEYS = "sysctl.keys";

  public static final String VIRTUALIZATION_FIRMWARE_DISABLED = "virtualization.firmware.disabled";
  public static final String VIRTUALIZATION_FIRMWARE_UNKNOWN = "virtualization.firmware.unknown";
  public static final String VIRTUALIZATION_HYPERVISOR_PRESENT =
      "virtualization.hypervisor-present";
  public static final String VIRTUALIZATION_HYPERVISOR_RUNNING =
      "virtualization.hypervisor-running";
  public static final String VIRTUALIZATION_NESTED = "virtualization.nested";
  public static final String VIRTUALIZATION_SLAT_MISSING = "virtualization.slat.missing";
  public static final String VIRTUALIZATION_SLAT_UNKNOWN = "virtualization.slat.unknown";

  public static final String VM_ROUTE = "vm.route";

  public static final String WINDOWS_ANNUAL_CHANNEL = "windows.annual-channel";
  public static final String WINDOWS_ARM64_NO_WINDOWS_CONTAINERS =
      "windows.arm64.no-windows-containers";
  public static final String WINDOWS_BUILD_UNKNOWN = "windows.build.unknown";
  public static final String WINDOWS_EDITION_EDUCATION = "windows.edition.education";
  public static final String WINDOWS_EDITION_HOME = "windows.edition.home";
  public static final String WINDOWS_HYPERV_MISSING = "windows.hyperv.missing";
  public static final String WINDOWS_IMAGE_NEWER = "windows.image-newer";
  public static final String WINDOWS_ISOLATION_HYPERV = "windows.isolation.hyperv";
  public static final String WINDOWS_ISOLATION_PROCESS = "windows.isolation.process";

  public static final String WSL_DEFAULT_DISTRIBUTION_VERSION1 =
      "wsl.default-distribution.version1";
  public static final String WSL_VERSION1 = "wsl.version1";
  public static final String WSL_VERSION1_WINDOWS_TOO_OLD = "wsl.version1.windows-too-old";
  public static final String WSL_VERSION2 = "wsl.version2";

  /** The kernel's version cannot be read (shared with the kernel config check). */
  public static final String KERNEL_VERSION_UNKNOWN = KernelFindingIds.KERNEL_VERSION_UNKNOWN;

  /** The finding of an unreachable daemon whose error has this kind. */
  public static String daemon(String kind) {
    return DAEMON_PREFIX + kind;
  }
}
