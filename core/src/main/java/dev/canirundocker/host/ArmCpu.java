package dev.canirundocker.host;

import dev.canirundocker.json.JsonException;
import dev.canirundocker.json.JsonReader;
import dev.canirundocker.json.JsonValue;
import dev.canirundocker.platform.PlatformMatcher;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * What an arm64 kernel tells about its CPU in {@code /proc/cpuinfo} (arch/arm64/kernel/cpuinfo.c
 * {@code c_show}): the MIDR implementer and part of each core, and the hwcaps ({@code Features}),
 * and what follows from them: the Arm architecture level the features prove, and whether the cores
 * execute AArch32 (32-bit arm) code at EL0.
 *
 * <p>The level is the highest Armv8.x/v9.x whose mandatory features that userspace code can use
 * (those the kernel names as hwcaps, Documentation/arch/arm64/elf_hwcaps.rst) are all present: what
 * a binary compiled for that level may execute. The mandatory version of each feature is Arm's
 * machine-readable A-profile architecture (AARCHMRS 2024-09 feature table). A kernel too old to
 * name a hwcap, or built without the option behind it ({@code paca} needs CONFIG_ARM64_PTR_AUTH),
 * reports less than the CPU has, never more. Armv9.x is the matching Armv8.(x+5) plus {@code sve2},
 * which no Armv8 core implements (FEAT_SVE2 is introduced by Armv9.0), the same pairing
 * containerd's compare.go {@code arm64variantToVersion} uses.
 *
 * <p>AArch32 at EL0 is a property of the core, not of the kernel configuration: an arm64 kernel
 * runs 32-bit tasks only when every CPU implements it (arch/arm64/kernel/cpufeature.c {@code
 * system_supports_32bit_el0}, ID_AA64PFR0_EL1.EL0). Userspace cannot read that register, so the
 * cores are looked up by MIDR (part numbers as arch/arm64/include/asm/cputype.h names them): those
 * whose Arm Technical Reference Manuals say AArch64 only at EL0, Apple's cores, AmpereOne and A64FX
 * lack it; the older Cortex-A and Neoverse N1/N2/V1 cores have it. Anything else is unknown, and
 * the exec probe (which runs a 32-bit arm ELF) is the evidence that decides.
 *
 * @param implementer the MIDR implementer of the cores ({@code 0x41} Arm), or null
 * @param parts the distinct MIDR part numbers ({@code 0xd4f}), in order of appearance
 * @param level the Arm architecture level the hwcaps prove ({@code v8.2}, {@code v9}; {@code v8}
 *     for the base), or null where no {@code Features} line was read
 * @param aarch32El0 whether the cores execute AArch32 at EL0, or null where unknown
 * @param aarch32Evidence what {@code aarch32El0} was concluded from, or null where unknown
 */
public record ArmCpu(
    @Nullable String implementer,
    List<String> parts,
    @Nullable String level,
    @Nullable Boolean aarch32El0,
    @Nullable String aarch32Evidence)
    implements JsonValue {

  private static final Pattern HEX_ID = Pattern.compile("0x[0-9a-f]{1,4}");

  /**
   * The hwcaps newly mandatory at each Armv8.x (index x), as /proc/cpuinfo names them: v8.1
   * FEAT_LSE, FEAT_CRC32; v8.2 FEAT_DPB; v8.3 FEAT_LRCPC, FEAT_PAuth; v8.4 FEAT_LRCPC2, FEAT_FlagM,
   * FEAT_DIT, FEAT_LSE2; v8.5 FEAT_BTI, FEAT_DPB2, FEAT_SB; v8.6 FEAT_BF16, FEAT_I8MM; v8.7
   * FEAT_AFP, FEAT_WFxT; v8.8 FEAT_MOPS, FEAT_HBC; v8.9 FEAT_CSSC.
   */
  static final List<List<String>> MANDATORY =
      List.of(
          List.of(),
          List.of("atomics", "crc32"),
          List.of("dcpop"),
          List.of("lrcpc", "paca"),
          List.of("ilrcpc", "flagm", "dit", "uscat"),
          List.of("bti", "dcpodp", "sb"),
          List.of("bf16", "i8mm"),
          List.of("afp", "wfxt"),
          List.of("mops", "hbc"),
          List.of("cssc"));

  /** Arm Ltd (0x41) parts whose TRMs say AArch64 only at EL0. */
  private static final Map<String, String> ARM_AARCH64_ONLY =
      Map.ofEntries(
          Map.entry("0xd48", "Cortex-X2"),
          Map.entry("0xd4d", "Cortex-A715"),
          Map.entry("0xd4e", "Cortex-X3"),
          Map.entry("0xd4f", "Neoverse V2"),
          Map.entry("0xd80", "Cortex-A520"),
          Map.entry("0xd81", "Cortex-A720"),
          Map.entry("0xd82", "Cortex-X4"),
          Map.entry("0xd84", "Neoverse V3"),
          Map.entry("0xd85", "Cortex-X925"),
          Map.entry("0xd87", "Cortex-A725"),
          Map.entry("0xd8e", "Neoverse N3"));

  /** Arm Ltd (0x41) parts that implement AArch32 at EL0. */
  private static final Map<String, String> ARM_WITH_AARCH32 =
      Map.ofEntries(
          Map.entry("0xd03", "Cortex-A53"), Map.entry("0xd04", "Cortex-A35"),
          Map.entry("0xd05", "Cortex-A55"), Map.entry("0xd07", "Cortex-A57"),
          Map.entry("0xd08", "Cortex-A72"), Map.entry("0xd09", "Cortex-A73"),
          Map.entry("0xd0a", "Cortex-A75"), Map.entry("0xd0b", "Cortex-A76"),
          Map.entry("0xd0c", "Neoverse N1"), Map.entry("0xd0d", "Cortex-A77"),
          Map.entry("0xd40", "Neoverse V1"), Map.entry("0xd41", "Cortex-A78"),
          Map.entry("0xd44", "Cortex-X1"), Map.entry("0xd47", "Cortex-A710"),
          Map.entry("0xd49", "Neoverse N2"), Map.entry("0xd4b", "Cortex-A78C"));

  /** Implementers none of whose arm64 cores execute AArch32: Apple, Ampere (AmpereOne). */
  private static final Map<String, String> AARCH64_ONLY_IMPLEMENTERS =
      Map.of("0x61", "Apple", "0xc0", "Ampere");

  public ArmCpu {
    parts = parts == null ? List.of() : List.copyOf(parts);
    if (level != null && !level.equals("v8") && !PlatformMatcher.isKnownArm64Variant(level)) {
      throw new IllegalArgumentException(
          "arm64 level '" + level + "' is not v8, v8.1..v8.9, v9..v9.7");
    }
  }

  /**
   * Reads the lines of an arm64 {@code /proc/cpuinfo}; null when they carry neither a {@code CPU
   * implementer} nor a {@code Features} line (not an arm64 cpuinfo).
   */
  public static @Nullable ArmCpu parse(List<String> cpuinfo) {
    String implementer = null;
    Set<String> parts = new LinkedHashSet<>();
    Set<String> features = null;
    for (String line : cpuinfo) {
      int colon = line.indexOf(':');
      if (colon < 0) {
        continue;
      }
      String key = line.substring(0, colon).trim();
      String value = line.substring(colon + 1).trim().toLowerCase(Locale.ROOT);
      switch (key) {
        case "CPU implementer":
          if (HEX_ID.matcher(value).matches() && implementer == null) {
            implementer = value;
          }
          break;
        case "CPU part":
          if (HEX_ID.matcher(value).matches()) {
            parts.add(value);
          }
          break;
        case "Features":
          if (features == null) {
            features = new LinkedHashSet<>();
          }
          for (String f : value.split("\\s+")) {
            if (!f.isEmpty()) {
              features.add(f);
            }
          }
          break;
        default:
          break;
      }
    }
    if (implementer == null && features == null) {
      return null;
    }
    String level = features == null ? null : levelOf(features);
    List<String> partList = new ArrayList<>(parts);
    Object[] a32 = aarch32Of(implementer, partList);
    return new ArmCpu(implementer, partList, level, (Boolean) a32[0], (String) a32[1]);
  }

  /** The Arm architecture level a set of arm64 hwcap names proves ({@code v8} at least). */
  public static String levelOf(Set<String> features) {
    int minor = 0;
    while (minor + 1 < MANDATORY.size() && features.containsAll(MANDATORY.get(minor + 1))) {
      minor++;
    }
    if (minor >= 5 && features.contains("sve2")) {
      int v9 = Math.min(minor - 5, 7);
      return v9 == 0 ? "v9" : "v9." + v9;
    }
    return minor == 0 ? "v8" : "v8." + minor;
  }

  /**
   * The hwcaps that a level needs and the features lack (empty when the level is proven): what a
   * finding names when an image needs a higher level than the CPU shows.
   */
  public static List<String> missingFor(String level, Set<String> features) {
    int major = level.startsWith("v9") ? 9 : 8;
    int minor =
        level.indexOf('.') < 0 ? 0 : Integer.parseInt(level.substring(level.indexOf('.') + 1));
    int v8minor = major == 9 ? Math.min(minor + 5, 9) : minor;
    List<String> out = new ArrayList<>();
    for (int m = 1; m <= v8minor; m++) {
      for (String f : MANDATORY.get(m)) {
        if (!features.contains(f)) {
          out.add(f);
        }
      }
    }
    if (major == 9 && !features.contains("sve2")) {
      out.add("sve2");
    }
    return out;
  }

  private static Object[] aarch32Of(@Nullable String implementer, List<String> parts) {
    if (implementer == null) {
      return new Object[] {null, null};
    }
    String vendor = AARCH64_ONLY_IMPLEMENTERS.get(implementer);
    if (vendor != null) {
      return new Object[] {
        false, vendor + " cores (MIDR implementer " + implementer + ") implement AArch64 only"
      };
    }
    if (!implementer.equals("0x41") || parts.isEmpty()) {
      return new Object[] {null, null};
    }
    List<String> with = new ArrayList<>();
    for (String p : parts) {
      String name = ARM_AARCH64_ONLY.get(p);
      if (name != null) {
        // one core without it is enough: the kernel then runs no 32-bit task at all
        return new Object[] {
          false, name + " (MIDR 0x41 part " + p + ") implements AArch64 only " + "at EL0"
        };
      }
      String ok = ARM_WITH_AARCH32.get(p);
      if (ok == null) {
        return new Object[] {null, null};
      }
      with.add(ok + " (part " + p + ")");
    }
    return new Object[] {
      true,
      String.join(", ", with) + " implement" + (with.size() == 1 ? "s" : "") + " AArch32 at EL0"
    };
  }

  @Override
  public Object toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("implementer", implementer);
    m.put("parts", parts);
    m.put("level", level);
    m.put("aarch32El0", aarch32El0);
    m.put("aarch32Evidence", aarch32Evidence);
    return m;
  }

  static ArmCpu fromJson(JsonReader r) {
    String level = r.string("level");
    if (level != null && !level.equals("v8") && !PlatformMatcher.isKnownArm64Variant(level)) {
      throw new JsonException(
          r.path() + ".level: expected v8, v8.1..v8.9 or v9..v9.7 but found '" + level + "'");
    }
    return new ArmCpu(
        r.string("implementer"),
        r.strings("parts"),
        level,
        r.bool("aarch32El0"),
        r.string("aarch32Evidence"));
  }
}
