package dev.canirundocker.check;

import dev.canirundocker.host.HostProfile;
import dev.canirundocker.host.LinuxInfo;
import dev.canirundocker.host.OsInfo;
import java.util.Locale;

/** Small derived facts shared by the rules. */
final class HostFacts {
  private HostFacts() {}

  /** A WSL 1 "kernel": the release names Microsoft but not WSL2 (../reference.md section 7). */
  static boolean isWsl1(HostProfile host) {
    LinuxInfo l = host.linux();
    if (l != null && l.wsl() != null) {
      return l.wsl().equals("wsl1");
    }
    String r = host.kernel() == null || host.kernel().release() == null ? "" : host.kernel().release();
    return r.contains("Microsoft") && !r.toLowerCase(Locale.ROOT).contains("wsl2");
  }

  /** A WSL 2 kernel: a real Linux kernel. */
  static boolean isWsl2(HostProfile host) {
    LinuxInfo l = host.linux();
    if (l != null && l.wsl() != null) {
      return l.wsl().equals("wsl2");
    }
    String r = host.kernel() == null || host.kernel().release() == null ? "" : host.kernel().release();
    return r.toLowerCase(Locale.ROOT).contains("microsoft-standard-wsl2");
  }

  /** Whether this host has a Linux kernel of its own that can run Linux containers. */
  static boolean hasLinuxKernel(HostProfile host) {
    return host.os().isLinux() && !isWsl1(host);
  }

  /**
   * The Windows edition class: {@code home} (EditionID Core*), {@code server}, or {@code pro} for the
   * rest (Professional, Enterprise, Education).
   */
  static String windowsEdition(OsInfo os) {
    String e = ((os.edition() == null ? "" : os.edition()) + " " + (os.name() == null ? "" : os.name()))
        .toLowerCase(Locale.ROOT);
    if (e.contains("server")) {
      return "server";
    }
    if (e.contains("home") || e.trim().startsWith("core")) {
      return "home";
    }
    return "pro";
  }
}
