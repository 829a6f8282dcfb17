package dev.canirundocker.host.linux;

import dev.canirundocker.host.KernelInfo;
import dev.canirundocker.host.Unknown;
import dev.canirundocker.text.Text;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The running kernel's identity: {@code /proc/sys/kernel/osrelease} (what {@code uname -r} prints),
 * {@code /proc/sys/kernel/version} and {@code /proc/cmdline}.
 */
public final class KernelRelease {
  private static final Pattern VERSION = Pattern.compile("^\\d+(?:\\.\\d+)+");
  private static final Pattern RELEASE = Pattern.compile("\\S{1,64}");

  private KernelRelease() {}

  /**
   * Checks a release string ({@code /proc/sys/kernel/osrelease}, {@code uname -r}): one token of at
   * most 64 characters (the kernel's {@code __NEW_UTS_LEN}).
   *
   * @throws LinuxReadException naming the file when it is empty or not a release
   */
  public static String parseRelease(@Nullable String line) throws LinuxReadException {
    String s = line == null ? "" : line.strip();
    if (!RELEASE.matcher(s).matches() || hasControl(s)) {
      throw new LinuxReadException(
          "/proc/sys/kernel/osrelease: '" + Text.quote(s) + "' is not a kernel release");
    }
    return s;
  }

  /**
   * The numeric part of a release: {@code 6.18.44} of {@code 6.18.44-fc-v669}, {@code 5.15.153.1}
   * of {@code 5.15.153.1-microsoft-standard-WSL2}; null when it has none.
   */
  public static @Nullable String versionOf(@Nullable String release) {
    if (release == null) {
      return null;
    }
    Matcher m = VERSION.matcher(release);
    return m.find() ? m.group() : null;
  }

  /** Reads the three files; each one missing or malformed is null with an unknown. */
  static KernelInfo read(LinuxRoot root, List<Unknown> unknowns) {
    String release = null;
    try {
      release =
          parseRelease(
              ProcFiles.readFirstLine(
                  root.path("/proc/sys/kernel/osrelease"), "/proc/sys/kernel/osrelease"));
    } catch (LinuxReadException x) {
      unknowns.add(new Unknown("kernel.release", Text.message(x)));
    }
    String build = firstLine(root, "/proc/sys/kernel/version", "kernel.build", unknowns);
    String cmdline = firstLine(root, "/proc/cmdline", "kernel.commandLine", unknowns);
    return new KernelInfo(release, versionOf(release), build, cmdline);
  }

  private static @Nullable String firstLine(
      LinuxRoot root, String file, String fact, List<Unknown> unknowns) {
    try {
      return ProcFiles.readFirstLine(root.path(file), file);
    } catch (LinuxReadException x) {
      unknowns.add(new Unknown(fact, Text.message(x)));
      return null;
    }
  }

  private static boolean hasControl(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (Character.isISOControl(s.charAt(i))) {
        return true;
      }
    }
    return false;
  }
}
