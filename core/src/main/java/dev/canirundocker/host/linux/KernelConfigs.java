package dev.canirundocker.host.linux;

import dev.canirundocker.text.Text;
import dev.canirundocker.host.LinuxInfo.KernelConfigInfo;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Finding and parsing the kernel build configuration ({@code .config}, {@code /proc/config.gz}).
 *
 * <p>The lookup order follows moby {@code contrib/check-config.sh} (an explicit file, {@code $CONFIG},
 * {@code /proc/config.gz}, {@code /boot/config-$(uname -r)}, {@code /usr/src/linux-$(uname -r)/.config},
 * {@code /usr/src/linux/.config}) extended with the paths kubernetes/system-validators
 * {@code validators/kernel_validator.go} (getKernelConfigReader) adds for distributions that keep the
 * config elsewhere (Arch/Fedora {@code /usr/lib/modules/R/config}, OSTree, Clear Linux, Debian headers).
 */
public final class KernelConfigs {
  /** Upper bound on a config file, compressed or decompressed (real ones are 100-300 KiB). */
  public static final int MAX_CONFIG_BYTES = 16 * 1024 * 1024;

  // A config line; the value is y, m, a number, a hex number or a quoted string (scripts/kconfig).
  private static final Pattern SET = Pattern.compile("^(CONFIG_[A-Za-z0-9_]+)=(.*)$");
  private static final Pattern NOT_SET = Pattern.compile("^# (CONFIG_[A-Za-z0-9_]+) is not set$");
  // scripts/kconfig/confdata.c writes "# Linux/<arch> <version> Kernel Configuration" as its header;
  // kernels before 2.6.28 wrote "# Linux kernel version: <version>".
  private static final Pattern HEADER = Pattern.compile(
      "^#\\s*Linux/\\S+\\s+(\\S+)\\s+Kernel Configuration\\s*$");
  private static final Pattern OLD_HEADER = Pattern.compile("^#\\s*Linux kernel version:\\s*(\\S+)");
  private static final int HEADER_LINES = 10;

  private KernelConfigs() {
  }

  /**
   * Parses a kernel configuration. {@code CONFIG_X=value} lines are kept with their value as
   * written ({@code y}, {@code m}, {@code 32}, {@code "string"}); {@code # CONFIG_X is not set} and
   * the legacy {@code CONFIG_X=n} leave the option absent, as both check-config.sh and
   * system-validators treat them. Other lines (comments, blanks) are ignored. The version comes from
   * the header comment.
   *
   * @param lines the decompressed text, one entry a line
   * @param source where it was read, as the user would find it; kept in the result and in messages
   * @throws KernelConfigException naming {@code source} when no line looks like a kernel config
   */
  public static KernelConfigInfo parseKernelConfig(List<String> lines, String source)
      throws KernelConfigException {
    Map<String, String> entries = new LinkedHashMap<>();
    String version = null;
    boolean any = false;
    int n = 0;
    for (String raw : lines) {
      n++;
      String line = raw.strip();
      if (line.isEmpty()) {
        continue;
      }
      Matcher m = SET.matcher(line);
      if (m.matches()) {
        any = true;
        String value = m.group(2);
        if (value.equals("n")) {
          entries.remove(m.group(1));
        } else {
          entries.put(m.group(1), value);
        }
        continue;
      }
      m = NOT_SET.matcher(line);
      if (m.matches()) {
        any = true;
        entries.remove(m.group(1));
        continue;
      }
      if (version == null && n <= HEADER_LINES && line.length() < 256) {
        m = HEADER.matcher(line);
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
   * The paths to try, in order, for a kernel release (as the user would find them, absolute).
   * Paths that need the release are left out when {@code release} is null.
   *
   * @param release {@code uname -r}, or null when unknown
   * @param env the environment; {@code CONFIG} is tried first, as check-config.sh does
   */
  public static List<String> candidatePaths(String release, Map<String, String> env) {
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
   * Finds the kernel config under {@code root}: the first candidate of
   * {@link #candidatePaths(String, Map)} that exists and parses. A candidate that exists but cannot
   * be read is skipped (and named in the failure message), so a stale unreadable file does not hide
   * a good one further down the list.
   *
   * @throws KernelConfigException when no candidate gives a config; the message lists what was tried
   */
  public static KernelConfigInfo find(Path root, String release, Map<String, String> env)
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
      throw new KernelConfigException("no kernel config found (tried " + String.join(", ", candidates)
          + ")");
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
        throw new KernelConfigException(display + ": decompressed config larger than "
            + MAX_CONFIG_BYTES + " bytes");
      }
      return out;
    } catch (ZipException e) {
      throw new KernelConfigException(display + ": corrupt gzip data (" + e.getMessage() + ")", e);
    } catch (IOException e) {
      // EOFException and friends: a truncated stream
      throw new KernelConfigException(display + ": corrupt gzip data (" + ProcFiles.reason(e) + ")",
          e);
    }
  }
}
