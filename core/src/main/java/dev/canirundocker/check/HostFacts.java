package dev.canirundocker.check;

import dev.canirundocker.host.HostProfile;
import dev.canirundocker.host.LinuxInfo;
import dev.canirundocker.host.OsInfo;
import dev.canirundocker.host.WslKind;
import java.util.Locale;

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

  /**
   * The Windows edition class, from the registry's EditionID ({@code Core*} is Home) or the product
   * name: {@code home}, {@code education} (Education, not Pro Education), {@code server}, or {@code
   * pro} for the rest (Professional, Pro Education, Pro for Workstations, Enterprise). Docker
   * Desktop runs only Linux containers on Home and Education (docker/docs windows-install.md).
   */
  static String windowsEdition(OsInfo os) {
    String id = (os.edition() == null ? "" : os.edition()).toLowerCase(Locale.ROOT).trim();
    String name = (os.name() == null ? "" : os.name()).toLowerCase(Locale.ROOT);
    String e = id + " " + name;
    if (e.contains("server")) {
      return "server";
    }
    if (e.contains("home") || id.startsWith("core")) {
      return "home";
    }
    if (id.startsWith("education")
        || !id.startsWith("professional")
            && name.contains("education")
            && !name.contains("pro education")) {
      return "education";
    }
    return "pro";
  }
}
