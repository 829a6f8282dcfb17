package dev.canirundocker.host.linux;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Fields of {@code /proc/self/status} ({@code Key:\tvalue} lines; linux
 * Documentation/filesystems/proc.rst), read once and shared by the security and rootless readers.
 */
final class ProcStatus {
  private ProcStatus() {}

  /** The value of the first {@code key:} line, stripped, or null when there is none. */
  static @Nullable String field(List<String> status, String key) {
    String prefix = key + ":";
    for (String l : status) {
      if (l.startsWith(prefix)) {
        return l.substring(prefix.length()).strip();
      }
    }
    return null;
  }
}
