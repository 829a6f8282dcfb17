package dev.canirundocker.host;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * What a macOS or Windows host offers for the VM route, from files that exist only when the feature
 * is installed. No process is started (no {@code wsl --version}, no PowerShell); what files cannot
 * tell stays null (unknown).
 */
final class VmSupportProbe {
  private VmSupportProbe() {}

  /**
   * @param family {@code macos} or {@code windows}
   * @param root the file system root ({@code /} on macOS, {@code C:\} on Windows; a fixture in tests)
   * @param env the environment (ProgramFiles, SystemRoot on Windows)
   */
  static VmSupport probe(String family, Path root, Map<String, String> env, boolean appleSilicon) {
    if (family.equals("macos")) {
      // Rosetta 2 installs its runtime here (softwareupdate --install-rosetta); Intel Macs have none
      Boolean rosetta = appleSilicon
          ? Files.exists(root.resolve("Library/Apple/usr/share/rosetta/rosetta")) : null;
      Boolean desktop = Files.isDirectory(root.resolve("Applications/Docker.app"));
      return new VmSupport(null, null, null, rosetta, desktop);
    }
    if (family.equals("windows")) {
      Path programFiles = windowsPath(root, env.getOrDefault("ProgramFiles", "C:\\Program Files"));
      Path system = windowsPath(root, env.getOrDefault("SystemRoot", "C:\\Windows")).resolve("System32");
      Boolean desktop = Files.exists(programFiles.resolve("Docker/Docker/Docker Desktop.exe"));
      // the Hyper-V management service binary exists only with the Hyper-V feature enabled
      Boolean hyperV = Files.exists(system.resolve("vmms.exe")) ? Boolean.TRUE : null;
      // Containers feature: its host compute service (vmcompute.exe) ships with it
      Boolean containers = Files.exists(system.resolve("vmcompute.exe")) ? Boolean.TRUE : null;
      // the Store-installed WSL (1.0 and later, the one Docker Desktop needs) lives here; its exact
      // version needs wsl --version, so only "installed" is known
      String wsl = Files.exists(programFiles.resolve("WSL/wsl.exe")) ? "installed" : null;
      return new VmSupport(wsl, hyperV, containers, null, desktop);
    }
    return VmSupport.UNKNOWN;
  }

  /** {@code C:\Program Files} under a root ({@code root/Program Files}). */
  private static Path windowsPath(Path root, String winPath) {
    String p = winPath.replace('\\', '/');
    if (p.length() >= 2 && p.charAt(1) == ':') {
      p = p.substring(2);
    }
    while (p.startsWith("/")) {
      p = p.substring(1);
    }
    return root.resolve(p);
  }
}
