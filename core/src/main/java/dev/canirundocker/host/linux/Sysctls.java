package dev.canirundocker.host.linux;

import dev.canirundocker.host.Unknown;
import dev.canirundocker.text.Text;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The sysctls the checks need, from {@code /proc/sys}. */
public final class Sysctls {
  /**
   * The sysctls the checks need (moby contrib/check-config.sh, dockerd's {@code
   * daemon/daemon_unix.go} ip_forward and keys checks, rootlesskit's userns prerequisites).
   */
  public static final List<String> NAMES =
      List.of(
          "net.ipv4.ip_forward",
          "kernel.keys.root_maxkeys",
          "kernel.keys.root_maxbytes",
          "kernel.keys.maxkeys",
          "user.max_user_namespaces",
          "kernel.unprivileged_userns_clone",
          "kernel.apparmor_restrict_unprivileged_userns");

  private Sysctls() {}

  /** The file of a dotted sysctl name: {@code /proc/sys/net/ipv4/ip_forward}. */
  static String fileOf(String name) {
    return "/proc/sys/" + name.replace('.', '/');
  }

  /**
   * Reads {@link #NAMES}: each present one by name, its first line stripped. An absent file is left
   * out (this kernel has no such knob; the checks treat that themselves); an unreadable one is an
   * unknown.
   */
  static Map<String, String> read(LinuxRoot root, List<Unknown> unknowns) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String name : NAMES) {
      String f = fileOf(name);
      try {
        String s = ProcFiles.readTextOrNull(root.path(f), f);
        if (s != null) {
          List<String> l = ProcFiles.lines(s);
          out.put(name, l.isEmpty() ? "" : l.get(0).strip());
        }
      } catch (LinuxReadException x) {
        unknowns.add(new Unknown("linux.sysctls." + name, Text.message(x)));
      }
    }
    return out;
  }
}
