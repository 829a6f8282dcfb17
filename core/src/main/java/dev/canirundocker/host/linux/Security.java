package dev.canirundocker.host.linux;

import dev.canirundocker.host.LinuxInfo.KernelConfigInfo;
import dev.canirundocker.host.LinuxInfo.SeccompSupport;
import dev.canirundocker.host.LinuxInfo.SecurityInfo;
import dev.canirundocker.host.Unknown;
import dev.canirundocker.text.Text;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** The security modules the engine works with: seccomp, AppArmor, SELinux. */
public final class Security {
  static final String ACTIONS_AVAIL = "/proc/sys/kernel/seccomp/actions_avail";
  private static final String APPARMOR = "/sys/module/apparmor/parameters/enabled";
  private static final String SELINUX = "/sys/fs/selinux/enforce";

  private Security() {}

  /**
   * The seccomp mode of this process from {@code /proc/self/status}'s {@code Seccomp:} line (linux
   * Documentation/filesystems/proc.rst: 0 disabled, 1 strict, 2 filter); {@code unsupported} when
   * the line is absent, which the kernel does when built without CONFIG_SECCOMP.
   *
   * @throws LinuxReadException when the value is not 0, 1 or 2
   */
  public static String parseSeccomp(List<String> status) throws LinuxReadException {
    String v = ProcStatus.field(status, "Seccomp");
    if (v == null) {
      return "unsupported";
    }
    switch (v) {
      case "0":
        return "disabled";
      case "1":
        return "strict";
      case "2":
        return "filter";
      default:
        throw new LinuxReadException(
            "/proc/self/status: Seccomp '" + Text.quote(v) + "' is not 0, 1 or 2");
    }
  }

  /**
   * The action names of {@code /proc/sys/kernel/seccomp/actions_avail}: one line, names separated
   * by spaces, strictest first ({@code kill_process kill_thread trap errno user_notif trace log
   * allow}; kernel/seccomp.c seccomp_actions_avail).
   *
   * @throws LinuxReadException when it holds anything but lower-case action names
   */
  public static List<String> parseActionsAvail(String text) throws LinuxReadException {
    String s = text.strip();
    if (s.isEmpty() || !s.matches("[a-z_]+( [a-z_]+)*")) {
      throw new LinuxReadException(
          ACTIONS_AVAIL + ": '" + Text.quote(s) + "' is not a list of action names");
    }
    return Arrays.asList(s.split(" "));
  }

  /**
   * Whether the kernel can apply Docker's seccomp profile, from the best evidence there is (see
   * {@link SeccompSupport}); null where none of it is there.
   *
   * @param actionsAvail the names in {@code actions_avail}, or null where the file is absent
   * @param processMode this process's mode from {@code /proc/self/status}, or null unknown
   * @param config the kernel config, or null where none was found
   */
  public static @Nullable SeccompSupport seccompSupport(
      @Nullable List<String> actionsAvail,
      @Nullable String processMode,
      @Nullable KernelConfigInfo config) {
    if (actionsAvail != null) {
      return new SeccompSupport(
          true, actionsAvail, ACTIONS_AVAIL + " lists " + String.join(" ", actionsAvail));
    }
    if ("unsupported".equals(processMode)) {
      return new SeccompSupport(
          false,
          null,
          "/proc/self/status has no Seccomp line: the kernel "
              + "was built without CONFIG_SECCOMP");
    }
    if (config != null) {
      for (String option : List.of("CONFIG_SECCOMP", "CONFIG_SECCOMP_FILTER")) {
        if (!"y".equals(config.get(option))) {
          return new SeccompSupport(false, null, option + " is not set in " + config.source());
        }
      }
      return new SeccompSupport(
          true, null, "CONFIG_SECCOMP and CONFIG_SECCOMP_FILTER are set in " + config.source());
    }
    return null;
  }

  /**
   * Reads the security facts.
   *
   * @param status {@code /proc/self/status}'s lines, or null where unreadable (already an unknown)
   * @param config the kernel config, or null
   */
  static SecurityInfo read(
      LinuxRoot root,
      @Nullable List<String> status,
      @Nullable KernelConfigInfo config,
      Map<String, String> env,
      List<Unknown> unknowns) {
    String seccomp = null;
    if (status != null) {
      try {
        seccomp = parseSeccomp(status);
      } catch (LinuxReadException x) {
        unknowns.add(new Unknown("linux.security.seccomp", Text.message(x)));
      }
    }
    List<String> actions = null;
    try {
      String a = ProcFiles.readTextOrNull(root.path(ACTIONS_AVAIL), ACTIONS_AVAIL);
      actions = a == null ? null : parseActionsAvail(a);
    } catch (LinuxReadException x) {
      unknowns.add(new Unknown("linux.security.seccompSupport", Text.message(x)));
    }
    SeccompSupport support = seccompSupport(actions, seccomp, config);
    if (support == null) {
      unknowns.add(
          new Unknown(
              "linux.security.seccompSupport",
              ACTIONS_AVAIL + " is absent and no kernel config was found"));
    }
    Boolean apparmor = null;
    try {
      String s = ProcFiles.readTextOrNull(root.path(APPARMOR), APPARMOR);
      // no apparmor module in /sys: the kernel has no AppArmor (security/apparmor/lsm.c exports
      // the "enabled" parameter as Y/N)
      apparmor = s == null ? Boolean.FALSE : parseYesNo(s.strip(), APPARMOR);
    } catch (LinuxReadException x) {
      unknowns.add(new Unknown("linux.security.apparmor", Text.message(x)));
    }
    // moby's apparmor check (pkg/apparmor, daemon) wants the parser too; it lives in /sbin on
    // Debian and Ubuntu, /usr/sbin on merged-/usr systems
    Boolean parser =
        root.findExecutable("apparmor_parser", env, List.of("/sbin", "/usr/sbin")) != null;
    String selinux = null;
    try {
      selinux = parseSelinux(ProcFiles.readTextOrNull(root.path(SELINUX), SELINUX));
    } catch (LinuxReadException x) {
      unknowns.add(new Unknown("linux.security.selinux", Text.message(x)));
    }
    return new SecurityInfo(seccomp, apparmor, parser, selinux, support);
  }

  /**
   * SELinux from {@code /sys/fs/selinux/enforce}: {@code enforcing} (1), {@code permissive} (0), or
   * {@code disabled} where selinuxfs is not mounted (null text; libselinux is_selinux_enabled).
   */
  static String parseSelinux(@Nullable String text) throws LinuxReadException {
    if (text == null) {
      return "disabled";
    }
    String s = text.strip();
    if (s.equals("1")) {
      return "enforcing";
    }
    if (s.equals("0")) {
      return "permissive";
    }
    throw new LinuxReadException(SELINUX + ": '" + Text.quote(s) + "' is not 0 or 1");
  }

  private static Boolean parseYesNo(String s, String file) throws LinuxReadException {
    if (s.equals("Y") || s.equals("1")) {
      return Boolean.TRUE;
    }
    if (s.equals("N") || s.equals("0")) {
      return Boolean.FALSE;
    }
    throw new LinuxReadException(file + ": '" + Text.quote(s) + "' is not Y or N");
  }
}
