package dev.canirundocker.fleet;

import dev.canirundocker.host.CpuInfo;
import dev.canirundocker.host.ExecProbeResult;
import dev.canirundocker.host.HostProfile;
import dev.canirundocker.host.KernelInfo;
import dev.canirundocker.host.KernelVersion;
import dev.canirundocker.host.OsInfo;
import dev.canirundocker.host.Unknown;
import dev.canirundocker.json.JsonReader;
import dev.canirundocker.platform.InvalidPlatformException;
import dev.canirundocker.platform.Platform;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Reads what {@code kubectl get nodes -o json} prints into one partial host profile per node. A
 * pure function of the text: the shape is the Kubernetes API reference's core/v1 {@code Node}
 * (kubernetes.io/docs/reference/kubernetes-api/cluster-resources/node-v1): {@code metadata.name},
 * {@code metadata.labels}, {@code spec.taints}, {@code spec.unschedulable}, {@code status.nodeInfo}
 * ({@code architecture}, {@code operatingSystem}, {@code kernelVersion}, {@code osImage}, {@code
 * containerRuntimeVersion}, {@code kubeletVersion}) and {@code status.capacity}; the well-known
 * labels {@code kubernetes.io/arch}, {@code kubernetes.io/os} and {@code
 * node.kubernetes.io/windows-build} (kubernetes.io/docs/reference/labels-annotations-taints);
 * node-feature-discovery's {@code cpu-cpuid.*}, {@code cpu-model.vendor_id} and {@code
 * kernel-version.full} labels (kubernetes-sigs/node-feature-discovery docs/usage/features.md) and
 * the labels {@link NfdLabels} writes.
 *
 * <p>The API says nothing about binfmt_misc handlers, what the node's kernel really executes, or
 * its build configuration: those facts are the profile's unknowns, and the checks turn them into
 * {@code unknown} findings.
 */
public final class KubernetesNodes {
  /** The well-known label of the node's architecture (set by the kubelet, runtime.GOARCH). */
  public static final String LABEL_ARCH = "kubernetes.io/arch";

  /** The well-known label of the node's operating system (runtime.GOOS). */
  public static final String LABEL_OS = "kubernetes.io/os";

  /** The Windows build of a Windows node ({@code 10.0.17763}), set by the kubelet since 1.17. */
  public static final String LABEL_WINDOWS_BUILD = "node.kubernetes.io/windows-build";

  /** node-feature-discovery's CPUID flag labels: {@code <prefix><FLAG>=true}. */
  public static final String NFD_CPUID = "feature.node.kubernetes.io/cpu-cpuid.";

  /** node-feature-discovery's CPU vendor label ({@code Intel}, {@code AMD}, {@code ARM}). */
  public static final String NFD_VENDOR = "feature.node.kubernetes.io/cpu-model.vendor_id";

  /** node-feature-discovery's kernel release label ({@code /proc/sys/kernel/osrelease}). */
  public static final String NFD_KERNEL = "feature.node.kubernetes.io/kernel-version.full";

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

  private static final Pattern WINDOWS_VERSION = Pattern.compile("\\d+\\.\\d+\\.(\\d+)(\\.\\d+)?");
  private static final Pattern QUANTITY = Pattern.compile("(\\d+)(Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E)?");

  private KubernetesNodes() {}

  /**
   * Parses a {@code NodeList} (what {@code kubectl get nodes -o json} prints: kind {@code List} or
   * {@code NodeList} with {@code items}), or a single {@code Node}.
   *
   * @throws InvalidNodeListException naming the field and what is wrong with it
   */
  public static List<KubernetesNode> parse(String json) {
    JsonReader root;
    try {
      root = JsonReader.parse(json, "");
    } catch (IllegalArgumentException e) {
      throw new InvalidNodeListException(e.getMessage(), e);
    }
    try {
      String kind = root.string("kind");
      List<KubernetesNode> out = new ArrayList<>();
      if ("Node".equals(kind)) {
        out.add(node(root));
        return out;
      }
      if (kind != null && !kind.equals("List") && !kind.equals("NodeList")) {
        throw new InvalidNodeListException(
            "kind: expected NodeList, List or Node but found '"
                + kind
                + "' (the output of kubectl get nodes -o json)");
      }
      if (!root.has("items")) {
        throw new InvalidNodeListException(
            "items: missing (the output of kubectl get nodes -o json)");
      }
      List<JsonReader> items = root.objects("items");
      if (items.isEmpty()) {
        throw new InvalidNodeListException("items: the list holds no nodes");
      }
      Set<String> names = new LinkedHashSet<>();
      for (JsonReader item : items) {
        String itemKind = item.string("kind");
        if (itemKind != null && !itemKind.equals("Node")) {
          throw new InvalidNodeListException(
              item.path() + ".kind: expected Node but found '" + itemKind + "'");
        }
        KubernetesNode n = node(item);
        if (!names.add(n.name())) {
          throw new InvalidNodeListException(
              item.path() + ".metadata.name: node '" + n.name() + "' is listed twice");
        }
        out.add(n);
      }
      return out;
    } catch (InvalidNodeListException e) {
      throw e;
    } catch (IllegalArgumentException e) {
      throw new InvalidNodeListException(e.getMessage(), e);
    }
  }

  private static KubernetesNode node(JsonReader item) {
    JsonReader meta = item.requiredObject("metadata");
    String name = meta.requiredString("name");
    Map<String, String> labels = new LinkedHashMap<>();
    JsonReader lr = meta.object("labels");
    if (lr != null) {
      for (String k : lr.raw().keySet()) {
        String v = lr.string(k);
        labels.put(k, v == null ? "" : v);
      }
    }
    JsonReader spec = item.object("spec");
    List<Taint> taints = new ArrayList<>();
    boolean unschedulable = false;
    if (spec != null) {
      for (JsonReader t : spec.objects("taints")) {
        taints.add(
            new Taint(t.requiredString("key"), t.string("value"), t.requiredString("effect")));
      }
      unschedulable = Boolean.TRUE.equals(spec.bool("unschedulable"));
    }
    JsonReader status = item.object("status");
    JsonReader info = status == null ? null : status.object("nodeInfo");
    String at = item.path().isEmpty() ? "" : item.path() + ".";
    String os = first(info == null ? null : info.string("operatingSystem"), labels.get(LABEL_OS));
    String arch = first(info == null ? null : info.string("architecture"), labels.get(LABEL_ARCH));
    if (os == null) {
      throw new InvalidNodeListException(
          at
              + "status.nodeInfo.operatingSystem: missing, and no "
              + LABEL_OS
              + " label (node "
              + name
              + ")");
    }
    if (arch == null) {
      throw new InvalidNodeListException(
          at
              + "status.nodeInfo.architecture: missing, and no "
              + LABEL_ARCH
              + " label (node "
              + name
              + ")");
    }
    String kernel =
        first(info == null ? null : info.string("kernelVersion"), labels.get(NFD_KERNEL));
    String osImage = info == null ? null : info.string("osImage");
    JsonReader capacity = status == null ? null : status.object("capacity");
    HostProfile profile = profile(name, os, arch, kernel, osImage, labels, capacity, at);
    return new KubernetesNode(
        name,
        profile,
        labels,
        taints,
        unschedulable,
        info == null ? null : info.string("containerRuntimeVersion"),
        info == null ? null : info.string("kubeletVersion"),
        osImage);
  }

  private static HostProfile profile(
      String name,
      String os,
      String arch,
      @Nullable String kernel,
      @Nullable String osImage,
      Map<String, String> labels,
      @Nullable JsonReader capacity,
      String at) {
    Platform platform;
    try {
      platform = Platform.parse(os + "/" + arch);
    } catch (InvalidPlatformException e) {
      throw new InvalidNodeListException(
          at + "status.nodeInfo: node " + name + ": " + e.getMessage(), e);
    }
    List<Unknown> unknowns = new ArrayList<>();
    OsInfo osInfo;
    KernelInfo kernelInfo = null;
    String api = "the Kubernetes API does not report it";
    if (platform.isWindows()) {
      // a Windows node's nodeInfo.kernelVersion is its full version (10.0.17763.2686); the
      // windows-build label has the first three parts
      String version = first(matching(kernel), matching(labels.get(LABEL_WINDOWS_BUILD)));
      String build = null;
      if (version != null) {
        Matcher m = WINDOWS_VERSION.matcher(version);
        build = m.matches() ? m.group(1) : null;
        platform = platform.withOsVersion(version);
      } else {
        unknowns.add(
            new Unknown(
                "os.build",
                "node "
                    + name
                    + " reports no Windows version "
                    + "(status.nodeInfo.kernelVersion, label "
                    + LABEL_WINDOWS_BUILD
                    + ")"));
      }
      osInfo =
          new OsInfo(
              "windows",
              osImage,
              version == null ? null : version.replaceAll("^(\\d+\\.\\d+\\.\\d+).*", "$1"),
              build,
              null,
              64);
      if (kernel != null) {
        kernelInfo = new KernelInfo(kernel, version, null, null);
      }
    } else {
      osInfo = new OsInfo(platform.os(), osImage, null, null, null, bitness(platform));
      if (kernel != null) {
        KernelVersion v = KernelVersion.parseOrNull(kernel);
        kernelInfo = new KernelInfo(kernel, v == null ? null : v.toString(), null, null);
      } else {
        unknowns.add(new Unknown("kernel.release", "node " + name + " reports no kernelVersion"));
      }
      if (platform.isLinux()) {
        unknowns.add(new Unknown("linux.binfmt", "binfmt_misc handlers (emulation): " + api));
        unknowns.add(
            new Unknown(
                "execProbes",
                "what the node's kernel executes: nothing was run " + "on the node (" + api + ")"));
        unknowns.add(new Unknown("linux.kernelConfig", "the kernel's build configuration: " + api));
        unknowns.add(new Unknown("kernel.commandLine", "the kernel command line: " + api));
      }
      if (platform.architecture().equals("arm") && platform.variant().isEmpty()) {
        unknowns.add(new Unknown("platform.variant", "the 32-bit arm variant: " + api));
      }
    }
    CpuLabels cpu = cpuOf(platform, labels, name, capacity);
    unknowns.addAll(cpu.unknowns);
    List<ExecProbeResult> probes = NfdLabels.reportedProbes(platform, labels, name);
    long memory = memoryOf(capacity);
    if (memory == 0) {
      unknowns.add(
          new Unknown("memory.totalBytes", "node " + name + " reports no status.capacity.memory"));
    }
    return new HostProfile(
        HostProfile.SCHEMA_VERSION,
        platform,
        osInfo,
        kernelInfo,
        cpu.info,
        memory,
        null,
        null,
        null,
        probes,
        unknowns);
  }

  private record CpuLabels(@Nullable CpuInfo info, List<Unknown> unknowns) {}

  /**
   * The CPU as labels show it. The x86-64 level is set only where the labels prove it: the level
   * the tool's own label states, else the highest level whose every flag NFD shows, when NFD also
   * shows that a flag of the next level is absent (a flag NFD publishes by default). Otherwise the
   * level is unknown, with the range the labels allow.
   */
  private static CpuLabels cpuOf(
      Platform platform, Map<String, String> labels, String name, @Nullable JsonReader capacity) {
    List<Unknown> unknowns = new ArrayList<>();
    Set<String> cpuid = new LinkedHashSet<>();
    for (Map.Entry<String, String> e : labels.entrySet()) {
      if (e.getKey().startsWith(NFD_CPUID) && "true".equals(e.getValue())) {
        cpuid.add(e.getKey().substring(NFD_CPUID.length()));
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
                    + NFD_CPUID
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
    String vendor = labels.get(NFD_VENDOR);
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

  /** status.capacity.memory as bytes (a resource.Quantity: 16365528Ki, 64Gi, 17179869184), or 0. */
  static long memoryOf(@Nullable JsonReader capacity) {
    Object v = capacity == null ? null : capacity.raw().get("memory");
    if (!(v instanceof String)) {
      return 0;
    }
    Matcher m = QUANTITY.matcher((String) v);
    if (!m.matches() || m.group(1).length() > 18) {
      return 0;
    }
    long n = Long.parseLong(m.group(1));
    String suffix = m.group(2) == null ? "" : m.group(2);
    int binary = "KiMiGiTiPiEi".indexOf(suffix);
    int decimal = "kMGTPE".indexOf(suffix);
    long factor =
        suffix.isEmpty()
            ? 1
            : suffix.length() == 2
                ? 1L << (10 * (binary / 2 + 1))
                : (long) Math.pow(1000, decimal + 1);
    return n > Long.MAX_VALUE / factor ? 0 : n * factor;
  }

  private static int bitness(Platform p) {
    switch (p.architecture()) {
      case "386":
      case "arm":
      case "mips":
      case "mipsle":
      case "ppc":
      case "s390":
      case "riscv":
        return 32;
      default:
        return 64;
    }
  }

  private static @Nullable String matching(@Nullable String s) {
    return s != null && WINDOWS_VERSION.matcher(s.trim()).matches() ? s.trim() : null;
  }

  private static @Nullable String first(@Nullable String a, @Nullable String b) {
    if (a != null && !a.isBlank()) {
      return a.trim();
    }
    return b == null || b.isBlank() ? null : b.trim();
  }
}
