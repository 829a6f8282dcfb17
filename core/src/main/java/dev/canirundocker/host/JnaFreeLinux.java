package dev.canirundocker.host;

import java.util.List;
import java.util.Map;
import oshi.hardware.CentralProcessor;
import oshi.hardware.CentralProcessor.ProcessorIdentifier;
import oshi.hardware.common.platform.linux.LinuxCentralProcessor;
import oshi.util.tuples.Quartet;

/**
 * OSHI's Linux implementations without JNA.
 *
 * <p>Why: OSHI 6.x's {@code SystemInfo} picks the {@code *JNA} Linux classes, which load JNA and
 * libudev for processor topology and frequencies; loading JNA and its native stub costs a large
 * part of a short-lived CLI's start-up. OSHI keeps the parsing of {@code /proc} and {@code /sys} in
 * the abstract {@code oshi.*.common.*.linux} classes and calls udev only through three hooks, each
 * with a sysfs equivalent in the same class; we bind those hooks to sysfs and get OSHI's answers
 * without loading JNA. (OSHI 7 moves to a JNA-free FFM backend on new JDKs; it does not resolve
 * here yet.)
 */
final class JnaFreeLinux {
  /** USER_HZ on every Linux architecture Docker supports (times(2); sysconf(_SC_CLK_TCK)). */
  private static final long USER_HZ = 100;

  private JnaFreeLinux() {}

  static CentralProcessor processor() {
    return new Processor();
  }

  private static final class Processor extends LinuxCentralProcessor {
    Processor() {
      super(USER_HZ);
    }

    @Override
    protected Quartet<
            List<LogicalProcessor>,
            List<ProcessorCache>,
            Map<Integer, Integer>,
            Map<Integer, String>>
        readTopologyWithUdev() {
      return readTopologyFromSysfs();
    }

    @Override
    protected boolean queryCurrentFreqFromUdev(long[] freqs) {
      return queryCurrentFreqFromSysfs(freqs);
    }

    @Override
    protected long queryMaxFreqFromUdev() {
      return queryMaxFreqFromSysfs();
    }

    /** The processor identity without OSHI's dmidecode call: {@link JnaFreeLinux#identity()}. */
    @Override
    protected ProcessorIdentifier queryProcessorId() {
      return identity();
    }

    @Override
    protected long queryHwcap() {
      // the JNA class asks getauxval(AT_HWCAP); only OSHI's arm feature-flag names use it
      return 0L;
    }
  }

  /**
   * The processor's identity from the first block of {@code /proc/cpuinfo}, as OSHI's own {@code
   * queryProcessorId} reads it, but without its privileged {@code dmidecode} call (run through sudo
   * checks and {@code id -u}, with no time limit) that only serves the processor serial number,
   * which the probe never uses. Needs none of the processor model's topology walk.
   */
  static ProcessorIdentifier identity() {
    return identity(cpuinfo());
  }

  /** The lines of {@code /proc/cpuinfo} (none where it is unreadable), as OSHI reads them. */
  static List<String> cpuinfo() {
    return oshi.util.FileUtil.readFile("/proc/cpuinfo", false);
  }

  /** {@link #identity()} from the lines of {@code /proc/cpuinfo}. */
  static ProcessorIdentifier identity(List<String> cpuinfo) {
    Map<String, String> first = new java.util.HashMap<>();
    for (String line : cpuinfo) {
      if (line.isBlank() && !first.isEmpty()) {
        break;
      }
      int colon = line.indexOf(':');
      if (colon > 0) {
        first.putIfAbsent(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
      }
    }
    String vendor = first.getOrDefault("vendor_id", first.getOrDefault("CPU implementer", ""));
    String name =
        first.getOrDefault(
            "model name",
            first.getOrDefault(
                "Processor", first.getOrDefault("cpu model", first.getOrDefault("cpu", ""))));
    String family = first.getOrDefault("cpu family", first.getOrDefault("CPU architecture", ""));
    String model = first.getOrDefault("model", first.getOrDefault("CPU part", ""));
    String stepping = first.getOrDefault("stepping", first.getOrDefault("CPU revision", ""));
    String flags = first.getOrDefault("flags", "");
    boolean is64 = (" " + flags + " ").contains(" lm ") || first.containsKey("CPU architecture");
    return new ProcessorIdentifier(vendor, name, family, model, stepping, "", is64);
  }

  /**
   * The feature-flag lines of {@code /proc/cpuinfo}: what the processor model's {@code
   * getFeatureFlags} answers, without its topology walk. OSHI 6.12 fills that from its Linux
   * driver's {@code CpuInfo.queryFeatureFlags}, which keeps the distinct lines starting (in any
   * case) with {@code flags} (x86) or {@code features} (arm64's {@code Features}); this is the same
   * filter over lines already read for {@link #identity(List)}, so the file is read once.
   */
  static List<String> featureFlags(List<String> cpuinfo) {
    java.util.Set<String> lines = new java.util.LinkedHashSet<>();
    for (String line : cpuinfo) {
      String s = line.toLowerCase(java.util.Locale.ROOT);
      if (s.startsWith("flags") || s.startsWith("features")) {
        lines.add(line);
      }
    }
    return List.copyOf(lines);
  }
}
