package dev.canirundocker.fleet;

import dev.canirundocker.host.CpuInfo;
import dev.canirundocker.host.Unknown;
import dev.canirundocker.json.JsonReader;
import dev.canirundocker.platform.Platform;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A node's CPU as its labels show it: node-feature-discovery's {@code cpu-cpuid.*} flags (named as
 * klauspost/cpuid names them) mapped to /proc/cpuinfo names, the x86-64 level where the labels
 * prove it, the vendor label, and the logical CPU count from {@code status.capacity.cpu}.
 */
final class NodeCpuLabels {
  /**
   * klauspost/cpuid's flag names (which NFD's cpu-cpuid labels use) for the flags of the x86-64
   * levels, with their /proc/cpuinfo names (cpuid.go level2Features..level4Features, X64Level).
   */
  private static final Map<String, String> CPUID_TO_CPUINFO = new LinkedHashMap<>();

  /**
   * The level flags NFD does not publish unless its configuration asks for them (features.md: "By
   * default, the following CPUID flags have been blacklisted: ... BMI1, BMI2, ... CX16, ... F16C,
   * ... LZCNT, ... POPCNT, ... SSE3, SSE4, SSE42, SSSE3"): their absence proves nothing.
   */
  private static final Set<String> NFD_HIDDEN_BY_DEFAULT =
      Set.of("BMI1", "BMI2", "CX16", "F16C", "LZCNT", "POPCNT", "SSE3", "SSE4", "SSE42", "SSSE3");

  private static final List<List<String>> LEVEL_CPUID =
      List.of(
          List.of("CX16", "LAHF", "POPCNT", "SSE3", "SSE4", "SSE42", "SSSE3"),
          List.of("AVX", "AVX2", "BMI1", "BMI2", "F16C", "FMA3", "LZCNT", "MOVBE", "OSXSAVE"),
          List.of("AVX512F", "AVX512BW", "AVX512CD", "AVX512DQ", "AVX512VL"));

  static {
    String[][] pairs = {
      {"CX16", "cx16"},
      {"LAHF", "lahf_lm"},
      {"POPCNT", "popcnt"},
      {"SSE3", "pni"},
      {"SSE4", "sse4_1"},
      {"SSE42", "sse4_2"},
      {"SSSE3", "ssse3"},
      {"AVX", "avx"},
      {"AVX2", "avx2"},
      {"BMI1", "bmi1"},
      {"BMI2", "bmi2"},
      {"F16C", "f16c"},
      {"FMA3", "fma"},
      {"LZCNT", "abm"},
      {"MOVBE", "movbe"},
      {"OSXSAVE", "xsave"},
      {"AVX512F", "avx512f"},
      {"AVX512BW", "avx512bw"},
      {"AVX512CD", "avx512cd"},
      {"AVX512DQ", "avx512dq"},
      {"AVX512VL", "avx512vl"}
    };
    for (String[] p : pairs) {
      CPUID_TO_CPUINFO.put(p[0], p[1]);
    }
  }

  record CpuLabels(@Nullable CpuInfo info, List<Unknown> unknowns) {}

  private NodeCpuLabels() {}

  /**
   * The CPU as labels show it. The x86-64 level is set only where the labels prove it: the level
   * the tool's own label states, else the highest level whose every flag NFD shows, when NFD also
   * shows that a flag of the next level is absent (a flag NFD publishes by default). Otherwise the
   * level is unknown, with the range the labels allow.
   */
  static CpuLabels of(
      Platform platform, Map<String, String> labels, String name, @Nullable JsonReader capacity) {
    List<Unknown> unknowns = new ArrayList<>();
    Set<String> cpuid = new LinkedHashSet<>();
    for (Map.Entry<String, String> e : labels.entrySet()) {
      if (e.getKey().startsWith(KubernetesNodes.NFD_CPUID) && "true".equals(e.getValue())) {
        cpuid.add(e.getKey().substring(KubernetesNodes.NFD_CPUID.length()));
      }
    }
    Set<String> flags = new LinkedHashSet<>();
    int level = 0;
    if (platform.architecture().equals("amd64")) {
      flags.add("lm");
      for (String f : cpuid) {
        String mapped = CPUID_TO_CPUINFO.get(f);
        if (mapped != null) {
          flags.add(mapped);
        }
      }
      Integer own = NfdLabels.reportedAmd64Level(labels);
      if (own != null) {
        level = own;
      } else if (cpuid.isEmpty()) {
        unknowns.add(
            new Unknown(
                "cpu.amd64Level",
                "the CPU's x86-64 level: the Kubernetes API does "
                    + "not report CPU features (node-feature-discovery's "
                    + KubernetesNodes.NFD_CPUID
                    + "* labels, or the "
                    + NfdLabels.AMD64_LEVEL
                    + " label, would)"));
      } else {
        int lower = 1;
        while (lower < 4 && cpuid.containsAll(LEVEL_CPUID.get(lower - 1))) {
          lower++;
        }
        int upper = 4;
        for (int n = 4; n >= 2; n--) {
          for (String f : LEVEL_CPUID.get(n - 2)) {
            if (!NFD_HIDDEN_BY_DEFAULT.contains(f) && !cpuid.contains(f)) {
              upper = n - 1;
            }
          }
        }
        if (lower >= upper) {
          level = upper;
        } else {
          unknowns.add(
              new Unknown(
                  "cpu.amd64Level",
                  "the CPU's x86-64 level: node-feature-discovery's "
                      + "labels put it between v"
                      + lower
                      + " and v"
                      + upper
                      + " (by default NFD does not "
                      + "publish CX16, POPCNT, SSE3, SSSE3, SSE4.1/4.2, BMI1/2, F16C and LZCNT)"));
        }
      }
    }
    String vendor = labels.get(KubernetesNodes.NFD_VENDOR);
    Integer logical = null;
    if (capacity != null && capacity.raw().get("cpu") instanceof String s && s.matches("\\d+")) {
      logical = Integer.parseInt(s);
    }
    if (flags.size() <= 1 && vendor == null && logical == null && level == 0) {
      return new CpuLabels(null, unknowns);
    }
    return new CpuLabels(
        new CpuInfo(vendor, null, null, logical == null ? 0 : logical, 0, flags, level), unknowns);
  }
}
