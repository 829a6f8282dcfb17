package dev.canirundocker.check;

import dev.canirundocker.host.HostProfile;
import dev.canirundocker.host.LinuxInfo;
import dev.canirundocker.host.WslKind;

/** Small derived facts shared by the rules. */
final class HostFacts {
  private HostFacts() {}

  /**
   * Which WSL: the Linux readers' answer, else the same rule ({@link WslKind#of}) applied to the
   * kernel release of a profile that lacks it.
   */
  static WslKind wsl(HostProfile host) {
    LinuxInfo l = host.linux();
    if (l != null && l.wsl() != null) {
      return l.wsl();
    }
    String r =
        host.kernel() == null || host.kernel().release() == null ? "" : host.kernel().release();
    return host.os().isLinux() ? WslKind.of(r, false) : WslKind.NONE;
  }

  /** A WSL 1 "kernel": system calls translated by Windows, no Linux kernel. */
  static boolean isWsl1(HostProfile host) {
    return wsl(host) == WslKind.WSL1;
  }

  /** A WSL 2 kernel: a real Linux kernel. */
  static boolean isWsl2(HostProfile host) {
    return wsl(host) == WslKind.WSL2;
  }

  /** Whether this host has a Linux kernel of its own that can run Linux containers. */
  static boolean hasLinuxKernel(HostProfile host) {
    return host.os().isLinux() && !isWsl1(host);
  }
}
