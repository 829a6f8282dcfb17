package dev.canirundocker.host.linux;

import dev.canirundocker.host.LinuxInfo.KernelConfigInfo;
import dev.canirundocker.text.Text;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.jspecify.annotations.Nullable;

/**
 * Finding and parsing the kernel build configuration ({@code .config}, {@code /proc/config.gz}).
 *
 * <p>The lookup order follows moby {@code contrib/check-config.sh} (an explicit file, {@code
 * $CONFIG}, {@code /proc/config.gz}, {@code /boot/config-$(uname -r)}, {@code
 * /usr/src/linux-$(uname -r)/.config}, {@code /usr/src/linux/.config}) extended with the paths
 * kubernetes/system-validators {@code validators/kernel_validator.go} (getKernelConfigReader) adds
 * for distributions that keep the config elsewhere (Arch/Fedora {@code /usr/lib/modules/R/config},
 * OSTree, Clear Linux, Debian headers).
 */
public final class KernelConfigs {
  /** Upper bound on a config file, compressed or decompressed (real ones are 100-300 KiB). */
  public static final int MAX_CONFIG_BYTES = 16 * 1024 * 1024;

  // A config line is "CONFIG_X=value" (the value y, m, a number, a hex number or a quoted string)
  // or "# CONFIG_X is not set" (scripts/kconfig/confdata.c). They are matched by hand, not with a
  // regex per line: a config has ~4,000 lines, and cold regex matching was a visible part of the
  // preflight's start-up. KernelConfigsTest checks the hand matching against the two regexes
  // ^(CONFIG_[A-Za-z0-9_]+)=(.*)$ and ^# (CONFIG_[A-Za-z0-9_]+) is not set$.
  private static final String NOT_SET_PREFIX = "# ";
  private static final String NOT_SET_SUFFIX = " is not set";
  // scripts/kconfig/confdata.c writes "# Linux/<arch> <version> Kernel Configuration" as its
  // header;
  // kernels before 2.6.28 wrote "# Linux kernel version: <version>".
  private static final Pattern HEADER =
      Pattern.compile("^#\\s*Linux/\\S+\\s+(\\S+)\\s+Kernel Configuration\\s*$");
  private static final Pattern OLD_HEADER =
      Pattern.compile("^#\\s*Linux kernel version:\\s*(\\S+)");
  private static final int HEADER_LINES = 10;

  private KernelConfigs() {}

  /**
   * Parses a kernel configuration. {@code CONFIG_X=value} lines are kept with their value as
   * written ({@code y}, {@code m}, {@code 32}, {@code "string"}); {@code # CONFIG_X is not set} and
   * the legacy {@code CONFIG_X=n} leave the option absent, as both check-config.sh and
   * system-validators treat them. Other lines (comments, blanks) are ignored. The version comes
   * from the header comment.
   *
   * @param lines the decompressed text, one entry a line
   * @param source where it was read, as the user would find it; kept in the result and in messages
   * @throws KernelConfigException naming {@code source} when no line looks like a kernel config
   */
  public static KernelConfigInfo parseKernelConfig(List<String> lines, String source)
      throws KernelConfigException {
    // sorted as they are parsed: KernelConfigInfo keeps them sorted, and copying a SortedMap into
    // its TreeMap is linear, with no comparisons
    Map<String, String> entries = new TreeMap<>();
    String version = null;
    boolean any = false;
    int n = 0;
    for (String raw : lines) {
      n++;
      String line = raw.strip();
      if (line.isEmpty()) {
        continue;
      }
      int eq = line.startsWith("CONFIG_") ? line.indexOf('=') : -1;
      int end = lineEnd(line);
      if (eq > 0 && end >= eq + 1 && isName(line, 0, eq)) {
        any = true;
        String name = line.substring(0, eq);
        String value = line.substring(eq + 1, end);
        if (value.equals("n")) {
          entries.remove(name);
        } else {
          entries.put(name, value);
        }
        continue;
      }
      if (end >= 0
          && line.startsWith(NOT_SET_PREFIX + "CONFIG_")
          && line.startsWith(NOT_SET_SUFFIX, end - NOT_SET_SUFFIX.length())
          && isName(line, NOT_SET_PREFIX.length(), end - NOT_SET_SUFFIX.length())) {
        any = true;
        entries.remove(line.substring(NOT_SET_PREFIX.length(), end - NOT_SET_SUFFIX.length()));
        continue;
      }
      if (version == null && n <= HEADER_LINES && line.length() < 256) {
        Matcher m = HEADER.matcher(line);
        if (m.matches()) {
          version = m.group(1);
          continue;
        }
        m = OLD_HEADER.matcher(line);
        if (m.find()) {
          version = m.group(1);
        }
      }
    }
    if (!any) {
      throw new KernelConfigException(source + ": not a kernel config (no CONFIG_ lines)");
    }
    return new KernelConfigInfo(source, version, entries);
  }

  /** Whether {@code s[from, to)} is CONFIG_ and one or more of [A-Za-z0-9_]. */
  private static boolean isName(String s, int from, int to) {
    if (to - from <= "CONFIG_".length() || !s.startsWith("CONFIG_", from)) {
      return false;
    }
    for (int i = from + "CONFIG_".length(); i < to; i++) {
      char c = s.charAt(i);
      if (!(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_')) {
        return false;
      }
    }
    return true;
  }

  /**
   * The line's length, or -1 where it holds a line terminator, which {@code .} does not match (the
   * regexes were applied with matches(), so not even a final one).
   */
  private static int lineEnd(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\n' || c == '\r' || c == '\u0085' || c == '\u2028' || c == '\u2029') {
        return -1;
      }
    }
    return s.length();
  }

  /**
   * Reads and parses a kernel config from an explicit file (as {@code kernel --config FILE} does).
   * Gzip is recognized by its magic bytes {@code 1f 8b}, not by the name, since distributions ship
   * both plain and compressed configs under either kind of name.
   *
   * @throws KernelConfigException with a one-line message naming the file when it is absent,
   *     unreadable, too large, corrupt gzip, or not a kernel config
   */
  public static KernelConfigInfo readKernelConfigFile(Path file) throws KernelConfigException {
    return read(file, file.toString());
  }

  /**
   * The paths to try, in order, for a kernel release (as the user would find them, absolute). Paths
   * that need the release are left out when {@code release} is null.
   *
   * @param release {@code uname -r}, or null when unknown
   * @param env the environment; {@code CONFIG} is tried first, as check-config.sh does
   */
  public static List<String> candidatePaths(
      @Nullable String release, @Nullable Map<String, String> env) {
    List<String> out = new ArrayList<>();
    String config = env == null ? null : env.get("CONFIG");
    if (config != null && !config.isBlank()) {
      out.add(config);
    }
    // moby contrib/check-config.sh possibleConfigs
    out.add("/proc/config.gz");
    if (release != null) {
      out.add("/boot/config-" + release);
      out.add("/usr/src/linux-" + release + "/.config");
    }
    out.add("/usr/src/linux/.config");
    if (release != null) {
      // kubernetes/system-validators validators/kernel_validator.go possibePaths, plus
      // /lib/modules/R/config for systems without merged /usr
      out.add("/usr/lib/modules/" + release + "/config");
      out.add("/lib/modules/" + release + "/config");
      out.add("/usr/lib/ostree-boot/config-" + release);
      out.add("/usr/lib/kernel/config-" + release);
      out.add("/usr/src/linux-headers-" + release + "/.config");
      out.add("/lib/modules/" + release + "/build/.config");
    }
    return out;
  }

  /**
   * Finds the kernel config under {@code root}: the first candidate of {@link
   * #candidatePaths(String, Map)} that exists and parses. A candidate that exists but cannot be
   * read is skipped (and named in the failure message), so a stale unreadable file does not hide a
   * good one further down the list.
   *
   * @throws KernelConfigException when no candidate gives a config; the message lists what was
   *     tried
   */
  public static KernelConfigInfo find(
      Path root, @Nullable String release, @Nullable Map<String, String> env)
      throws KernelConfigException {
    List<String> problems = new ArrayList<>();
    List<String> candidates = candidatePaths(release, env);
    for (String c : candidates) {
      Path p;
      try {
        p = c.startsWith("/") ? root.resolve(c.substring(1)) : Path.of(c);
      } catch (InvalidPathException e) {
        problems.add(Text.quote(c) + ": invalid path");
        continue;
      }
      if (!Files.exists(p)) {
        continue;
      }
      try {
        return read(p, c);
      } catch (KernelConfigException e) {
        problems.add(e.getMessage());
      }
    }
    if (problems.isEmpty()) {
      throw new KernelConfigException(
          "no kernel config found (tried " + String.join(", ", candidates) + ")");
    }
    throw new KernelConfigException(String.join("; ", problems));
  }

  private static KernelConfigInfo read(Path file, String display) throws KernelConfigException {
    byte[] raw;
    try {
      raw = ProcFiles.readBytes(file, display, MAX_CONFIG_BYTES);
    } catch (NoSuchFileException e) {
      throw new KernelConfigException(display + ": not found");
    } catch (LinuxReadException e) {
      throw new KernelConfigException(e.getMessage(), e);
    }
    byte[] text = isGzip(raw) ? gunzip(raw, display) : raw;
    return parseKernelConfig(ProcFiles.lines(new String(text, StandardCharsets.UTF_8)), display);
  }

  /** Whether the bytes start with the gzip magic {@code 1f 8b} (RFC 1952 section 2.3.1). */
  static boolean isGzip(byte[] b) {
    return b.length >= 2 && (b[0] & 0xff) == 0x1f && (b[1] & 0xff) == 0x8b;
  }

  private static byte[] gunzip(byte[] gz, String display) throws KernelConfigException {
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
      byte[] out = in.readNBytes(MAX_CONFIG_BYTES + 1);
      if (out.length > MAX_CONFIG_BYTES) {
        throw new KernelConfigException(
            display + ": decompressed config larger than " + MAX_CONFIG_BYTES + " bytes");
      }
      return out;
    } catch (ZipException e) {
      throw new KernelConfigException(display + ": corrupt gzip data (" + e.getMessage() + ")", e);
    } catch (IOException e) {
      // EOFException and friends: a truncated stream
      throw new KernelConfigException(
          display + ": corrupt gzip data (" + ProcFiles.reason(e) + ")", e);
    }
  }
}
