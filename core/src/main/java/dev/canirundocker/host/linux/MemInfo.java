package dev.canirundocker.host.linux;

import dev.canirundocker.text.Text;
import java.util.List;

/**
 * The machine's total memory from {@code /proc/meminfo}: the pure parser of its {@code MemTotal}
 * line beside a bounded read.
 *
 * <p>The format is the kernel's fs/proc/meminfo.c: {@code show_val_kb} writes each field as {@code
 * "MemTotal: 16337552 kB"}, the value in KiB (pages shifted by {@code PAGE_SHIFT - 10}, so "kB"
 * means 1024 bytes). dockerd reports the same number as {@code MemTotal} in {@code /info} (moby
 * pkg/meminfo reads this line and multiplies by 1024). Inside a container the file is the host's
 * unless the runtime masks it (LXCFS), as for every reader of it.
 *
 * <p>Why not OSHI's {@code LinuxGlobalMemory}: it reads the same line, but from the absolute {@code
 * /proc} of the JVM (no fixture root), and its first use initializes OSHI's {@code ParseUtil} (the
 * time-zone database, java.time formatters, some thirty regular expressions): 10 to 17 ms measured
 * at start-up, for one number.
 */
final class MemInfo {
  private static final String FILE = "/proc/meminfo";

  private MemInfo() {}

  /** {@code MemTotal} in bytes, read under {@code root}. */
  static long readTotalBytes(LinuxRoot root) throws LinuxReadException {
    return parseTotalBytes(ProcFiles.readLines(root.path(FILE), FILE));
  }

  /**
   * {@code MemTotal} in bytes from the lines of {@code /proc/meminfo}.
   *
   * @throws LinuxReadException when the line is missing, its unit is not {@code kB}, or its value
   *     is not a positive number that fits in a long once multiplied by 1024
   */
  static long parseTotalBytes(List<String> lines) throws LinuxReadException {
    for (String line : lines) {
      if (!line.startsWith("MemTotal:")) {
        continue;
      }
      String v = line.substring("MemTotal:".length()).strip();
      if (!v.endsWith(" kB")) {
        throw new LinuxReadException(FILE + ": MemTotal '" + Text.quote(v) + "' is not in kB");
      }
      String digits = v.substring(0, v.length() - " kB".length()).strip();
      long kib;
      try {
        kib = Long.parseLong(digits);
      } catch (NumberFormatException e) {
        throw new LinuxReadException(FILE + ": MemTotal '" + Text.quote(v) + "' is not a number");
      }
      if (kib <= 0 || kib > Long.MAX_VALUE / 1024) {
        throw new LinuxReadException(FILE + ": MemTotal '" + Text.quote(v) + "' is out of range");
      }
      return kib * 1024;
    }
    throw new LinuxReadException(FILE + ": no MemTotal line");
  }
}
