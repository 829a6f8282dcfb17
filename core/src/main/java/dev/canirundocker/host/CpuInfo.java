package dev.canirundocker.host;

import dev.canirundocker.json.JsonReader;
import dev.canirundocker.json.JsonValue;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * The processor.
 *
 * @param vendor {@code GenuineIntel}, {@code AuthenticAMD}, {@code ARM}, {@code Apple}, ...
 * @param model marketing name
 * @param microarchitecture OSHI's microarchitecture name where known, else null
 * @param logicalCount logical processors
 * @param physicalCount physical cores
 * @param flags feature flags: Linux {@code /proc/cpuinfo} names, Windows {@code PF_*} names
 * @param amd64Level x86-64 psABI level 1..4 from the flags on amd64, else 0
 * @param arm what an arm64 kernel's /proc/cpuinfo tells (architecture level, AArch32 at EL0), or
 *     null on other CPUs and where it was not read
 */
public record CpuInfo(
    @Nullable String vendor,
    @Nullable String model,
    @Nullable String microarchitecture,
    int logicalCount,
    int physicalCount,
    Set<String> flags,
    int amd64Level,
    @Nullable ArmCpu arm)
    implements JsonValue {

  public CpuInfo {
    flags = flags == null ? Set.of() : java.util.Collections.unmodifiableSet(new TreeSet<>(flags));
  }

  /** A processor that is not arm64 (or whose arm64 facts were not read). */
  public CpuInfo(
      @Nullable String vendor,
      @Nullable String model,
      @Nullable String microarchitecture,
      int logicalCount,
      int physicalCount,
      Set<String> flags,
      int amd64Level) {
    this(vendor, model, microarchitecture, logicalCount, physicalCount, flags, amd64Level, null);
  }

  /** This processor with its arm64 facts. */
  public CpuInfo withArm(@Nullable ArmCpu a) {
    return new CpuInfo(
        vendor, model, microarchitecture, logicalCount, physicalCount, flags, amd64Level, a);
  }

  public boolean hasFlag(String f) {
    return flags.contains(f);
  }

  // x86-64 psABI levels, as /proc/cpuinfo names them (the x86-64 psABI's micro-architecture levels
  // table). "pni" is SSE3,
  // "abm" is LZCNT; glibc's cpu_features and the Go toolchain (GOAMD64) use the same split.
  private static final List<String> V2 =
      List.of("cx16", "lahf_lm", "popcnt", "pni", "ssse3", "sse4_1", "sse4_2");
  private static final List<String> V3 =
      List.of("avx", "avx2", "bmi1", "bmi2", "f16c", "fma", "abm", "movbe", "xsave");
  private static final List<String> V4 =
      List.of("avx512f", "avx512bw", "avx512cd", "avx512dq", "avx512vl");

  /**
   * The x86-64 level (1..4) that a set of Linux cpuinfo flags implies; 0 without the {@code lm}
   * flag.
   */
  public static int amd64LevelOf(Set<String> flags) {
    if (!flags.contains("lm")) {
      return 0;
    }
    if (!flags.containsAll(V2)) {
      return 1;
    }
    if (!flags.containsAll(V3)) {
      return 2;
    }
    return flags.containsAll(V4) ? 4 : 3;
  }

  /** The flags that level {@code n} requires beyond level {@code n - 1}. */
  public static List<String> flagsOfLevel(int n) {
    switch (n) {
      case 2:
        return V2;
      case 3:
        return V3;
      case 4:
        return V4;
      default:
        return List.of();
    }
  }

  @Override
  public Object toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("vendor", vendor);
    m.put("model", model);
    m.put("microarchitecture", microarchitecture);
    m.put("logicalCount", logicalCount);
    m.put("physicalCount", physicalCount);
    m.put("amd64Level", amd64Level == 0 ? null : "v" + amd64Level);
    m.put("flags", List.copyOf(flags));
    if (arm != null) {
      m.put("arm", arm.toJson());
    }
    return m;
  }

  static CpuInfo fromJson(JsonReader r) {
    String lvl = r.string("amd64Level");
    int level = 0;
    if (lvl != null) {
      if (!lvl.matches("v[1-4]")) {
        throw new dev.canirundocker.json.JsonException(
            r.path() + ".amd64Level: expected v1..v4 but found '" + lvl + "'");
      }
      level = lvl.charAt(1) - '0';
    }
    Integer lc = r.nonNegativeInt("logicalCount");
    Integer pc = r.nonNegativeInt("physicalCount");
    JsonReader arm = r.object("arm");
    return new CpuInfo(
        r.string("vendor"),
        r.string("model"),
        r.string("microarchitecture"),
        lc == null ? 0 : lc,
        pc == null ? 0 : pc,
        new TreeSet<>(r.strings("flags")),
        level,
        arm == null ? null : ArmCpu.fromJson(arm));
  }
}
