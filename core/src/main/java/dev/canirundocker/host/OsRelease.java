package dev.canirundocker.host;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The distribution, from {@code os-release(5)}: {@code /etc/os-release}, else {@code
 * /usr/lib/os-release}. OSHI reads the same file but falls back to running {@code uname -o}
 * (without a time limit) on every call; this reader never starts a process.
 */
public final class OsRelease {
  private OsRelease() {}

  /**
   * The assignments of an os-release file: {@code KEY=value} lines, shell quotes around the value
   * removed, comments and malformed lines skipped (os-release(5)).
   */
  public static Map<String, String> parse(List<String> lines) {
    Map<String, String> m = new HashMap<>();
    for (String line : lines) {
      int eq = line.indexOf('=');
      if (line.startsWith("#") || eq <= 0) {
        continue;
      }
      String v = line.substring(eq + 1).trim();
      if (v.length() >= 2
          && (v.charAt(0) == '"' || v.charAt(0) == '\'')
          && v.charAt(v.length() - 1) == v.charAt(0)) {
        v = v.substring(1, v.length() - 1);
      }
      m.put(line.substring(0, eq).trim(), v);
    }
    return m;
  }

  /** Reads the file under a root; empty where neither file is readable. */
  static Map<String, String> read(Path root) {
    for (String f : new String[] {"etc/os-release", "usr/lib/os-release"}) {
      try {
        Path p = root.resolve(f);
        if (Files.size(p) > 64 * 1024) {
          continue;
        }
        return parse(Files.readAllLines(p, StandardCharsets.UTF_8));
      } catch (IOException | RuntimeException e) {
        // try the next one
      }
    }
    return Map.of();
  }

  /** Whether a kernel machine name is a 64-bit architecture. */
  static boolean is64bit(String machine) {
    return machine != null && (machine.contains("64") || machine.equals("s390x"));
  }
}
