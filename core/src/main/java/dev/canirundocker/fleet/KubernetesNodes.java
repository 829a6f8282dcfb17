package dev.canirundocker.fleet;

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

  private static final Pattern WINDOWS_VERSION = Pattern.compile("\\d+\\.\\d+\\.(\\d+)(\\.\\d+)?");

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
    NodeCpuLabels.CpuLabels cpu = NodeCpuLabels.of(platform, labels, name, capacity);
    unknowns.addAll(cpu.unknowns());
    List<ExecProbeResult> probes = NfdLabels.reportedProbes(platform, labels, name);
    long memory = NodeCapacity.memoryBytes(capacity);
    if (memory == 0) {
      unknowns.add(
          new Unknown("memory.totalBytes", "node " + name + " reports no status.capacity.memory"));
    }
    return new HostProfile(
        HostProfile.SCHEMA_VERSION,
        platform,
        osInfo,
        kernelInfo,
        cpu.info(),
        memory,
        null,
        null,
        null,
        probes,
        unknowns);
  }

  /** status.capacity.memory as bytes, or 0 ({@link NodeCapacity#memoryBytes}). */
  static long memoryOf(@Nullable JsonReader capacity) {
    return NodeCapacity.memoryBytes(capacity);
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
