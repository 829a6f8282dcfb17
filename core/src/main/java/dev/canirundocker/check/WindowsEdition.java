package dev.canirundocker.check;

import dev.canirundocker.host.OsInfo;
import java.util.Locale;

/**
 * The Windows edition classes whose container rules differ. Docker Desktop runs only Linux
 * containers on Home and Education, and needs Pro, Enterprise or Education's Pro variant for
 * Windows containers and Hyper-V (docker/docs content/manuals/desktop/setup/install/
 * windows-install.md); Windows Server runs the engine itself, without Desktop (Microsoft's
 * Virtualization-Documentation windowscontainers/quick-start/set-up-environment.md).
 */
enum WindowsEdition {
  /** Home ({@code Core*} in the registry's EditionID): Linux containers only, WSL 2 backend. */
  HOME,
  /** Education (not Pro Education): Linux containers only. */
  EDUCATION,
  /** Windows Server: the engine runs on the host, no Docker Desktop. */
  SERVER,
  /** Professional, Pro Education, Pro for Workstations, Enterprise and any other client edition. */
  PRO;

  /**
   * The class of {@code os}'s edition, from the registry's EditionID ({@code Core*} is Home) or the
   * product name. Both are claims the probe read; an edition it could not read is PRO, the class
   * with the fewest restrictions, so that no rule refuses a host on a guess.
   */
  static WindowsEdition of(OsInfo os) {
    String id = (os.edition() == null ? "" : os.edition()).toLowerCase(Locale.ROOT).trim();
    String name = (os.name() == null ? "" : os.name()).toLowerCase(Locale.ROOT);
    String e = id + " " + name;
    if (e.contains("server")) {
      return SERVER;
    }
    if (e.contains("home") || id.startsWith("core")) {
      return HOME;
    }
    if (id.startsWith("education")
        || !id.startsWith("professional")
            && name.contains("education")
            && !name.contains("pro education")) {
      return EDUCATION;
    }
    return PRO;
  }
}
