package dev.canirundocker.host.linux;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One line of {@code /proc/<pid>/mountinfo} (linux Documentation/filesystems/proc.rst section 3.5),
 * reduced to what the readers need.
 *
 * @param mountPoint where it is mounted, octal escapes ({@code \040}) decoded
 * @param fsType the filesystem type ({@code cgroup}, {@code cgroup2}, {@code binfmt_misc})
 * @param source the mount source
 * @param superOptions the per-superblock options ({@code rw,cpu,cpuacct} for a v1 cgroup hierarchy)
 */
public record MountInfo(
    String mountPoint, String fsType, String source, List<String> superOptions) {
  public MountInfo {
    Objects.requireNonNull(mountPoint, "mountPoint");
    Objects.requireNonNull(fsType, "fsType");
    superOptions = superOptions == null ? List.of() : List.copyOf(superOptions);
  }

  /**
   * Parses mountinfo lines: {@code id parent major:minor root mountpoint options [optional...] -
   * fstype source superoptions}. The optional fields vary in number, so the {@code -} separator is
   * searched for rather than counted.
   *
   * @throws LinuxReadException naming the line when one does not have that form
   */
  public static List<MountInfo> parse(List<String> lines) throws LinuxReadException {
    List<MountInfo> out = new ArrayList<>();
    int n = 0;
    for (String line : lines) {
      n++;
      if (line.isBlank()) {
        continue;
      }
      String[] f = line.trim().split(" +");
      int sep = -1;
      for (int i = 6; i < f.length; i++) {
        if (f[i].equals("-")) {
          sep = i;
          break;
        }
      }
      if (sep < 0 || sep + 2 >= f.length) {
        throw new LinuxReadException(
            "/proc/self/mountinfo line "
                + n
                + ": expected 'id parent dev root mountpoint options ... - fstype source options'");
      }
      List<String> sopts = sep + 3 < f.length ? List.of(f[sep + 3].split(",")) : List.of();
      out.add(new MountInfo(unescape(f[4]), unescape(f[sep + 1]), unescape(f[sep + 2]), sopts));
    }
    return out;
  }

  /**
   * Decodes the kernel's octal escapes for space, tab, newline and backslash (fs/proc_namespace.c).
   */
  static String unescape(String s) {
    if (s.indexOf('\\') < 0) {
      return s;
    }
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && isOctal(s, i + 1)) {
        b.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
        i += 3;
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }

  private static boolean isOctal(String s, int from) {
    if (from + 3 > s.length()) {
      return false;
    }
    for (int i = from; i < from + 3; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '7') {
        return false;
      }
    }
    return true;
  }
}
