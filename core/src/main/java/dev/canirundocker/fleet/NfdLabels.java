package dev.canirundocker.fleet;

import dev.canirundocker.check.Evaluation;
import dev.canirundocker.check.ImageCompatibility;
import dev.canirundocker.check.Verdict;
import dev.canirundocker.host.ExecProbeResult;
import dev.canirundocker.host.HostProfile;
import dev.canirundocker.platform.Platform;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Node labels from a host profile, as a node-feature-discovery feature file ({@code host --format
 * nfd}): what the node's own kernel was seen to run, so that the scheduler keeps pods off nodes
 * that cannot run their image.
 *
 * <p>The file format is NFD's local feature source (kubernetes-sigs/node-feature-discovery
 * docs/usage/customization-guide.md, "Local feature source"): files in {@code
 * /etc/kubernetes/node-feature-discovery/features.d/}, one {@code <namespace>/<name>[=<value>]} per
 * line, {@code #} comments, at most 64 kB. The labels use NFD's own namespace {@code
 * feature.node.kubernetes.io}, which every NFD version accepts (other namespaces can be denied with
 * {@code -deny-label-ns}). Names and values follow the Kubernetes label syntax
 * (kubernetes.io/docs/concepts/overview/working-with-objects/labels: at most 63 characters,
 * alphanumerics with {@code -_.} inside), so a platform is written {@code linux_arm_v7}.
 *
 * <p>Labels are written only for facts the profile establishes; an absent label means "no" or
 * "unknown", and node affinity treats both as "does not match", which is the safe side.
 */
public final class NfdLabels {
  /** The prefix of every label written here. */
  public static final String PREFIX = "feature.node.kubernetes.io/can-i-run-docker.";

  /** The CPU's x86-64 psABI level, 1..4 (for node affinity {@code Gt}/{@code In}). */
  public static final String AMD64_LEVEL = PREFIX + "amd64-level";

  /**
   * Whether the kernel runs the 32-bit companion architecture natively (386 on amd64, arm on
   * arm64): {@code true} where the exec probe ran without an emulator, {@code false} where the
   * kernel refused it.
   */
  public static final String COMPAT_32BIT = PREFIX + "32bit";

  /**
   * The platforms a label is written for: the architectures Docker's official images are published
   * for (docker-library/official-images README, "Architectures other than amd64": amd64, arm32v5,
   * arm32v6, arm32v7, arm64v8, i386, mips64le, ppc64le, riscv64, s390x) and the amd64 levels that
   * containerd and moby 23+ match as variants (containerd/platforms: amd64 v2..v4).
   */
  public static final List<Platform> PLATFORMS =
      List.of(
          Platform.parse("linux/amd64"),
          Platform.parse("linux/amd64/v2"),
          Platform.parse("linux/amd64/v3"),
          Platform.parse("linux/amd64/v4"),
          Platform.parse("linux/386"),
          Platform.parse("linux/arm64"),
          Platform.parse("linux/arm/v7"),
          Platform.parse("linux/arm/v6"),
          Platform.parse("linux/arm/v5"),
          Platform.parse("linux/ppc64le"),
          Platform.parse("linux/s390x"),
          Platform.parse("linux/riscv64"),
          Platform.parse("linux/mips64le"));

  private static final Pattern LABEL_VALUE =
      Pattern.compile("([A-Za-z0-9]([A-Za-z0-9_.-]{0,61}[A-Za-z0-9])?)?");

  private NfdLabels() {}

  /** The label key of a platform: {@code PREFIX + "linux_arm_v7"} (no Windows version). */
  public static String platformLabel(Platform p) {
    return PREFIX + Platform.of(p.os(), p.architecture(), p.variant()).toString().replace('/', '_');
  }

  /** The 32-bit companion of an architecture (386 on amd64, arm/v7 on arm64), if it has one. */
  static Optional<Platform> companion(Platform host) {
    if (host.isLinux() && host.architecture().equals("amd64")) {
      return Optional.of(Platform.parse("linux/386"));
    }
    if (host.isLinux() && host.architecture().equals("arm64")) {
      return Optional.of(Platform.parse("linux/arm/v7"));
    }
    return Optional.empty();
  }

  /**
   * The labels for a host, in a stable order: the x86-64 level, the 32-bit companion, then {@code
   * native} or {@code emulated} for each of {@link #PLATFORMS} the host runs.
   */
  public static Map<String, String> of(HostProfile host) {
    Map<String, String> m = new LinkedHashMap<>();
    if (host.platform().architecture().equals("amd64")
        && host.cpu() != null
        && host.cpu().amd64Level() > 0) {
      m.put(AMD64_LEVEL, Integer.toString(host.cpu().amd64Level()));
    }
    Optional<Platform> comp = companion(host.platform());
    if (comp.isPresent()) {
      Optional<ExecProbeResult> probe = host.execProbe(comp.get());
      if (probe.isPresent() && probe.get().ran()) {
        m.put(COMPAT_32BIT, Boolean.toString(probe.get().interpreter() == null));
      } else if (probe.isPresent()
          && probe.get().outcome() == ExecProbeResult.Outcome.EXEC_FORMAT_ERROR) {
        m.put(COMPAT_32BIT, "false");
      }
    }
    for (Platform p : PLATFORMS) {
      Evaluation e = ImageCompatibility.evaluate(host, p);
      if (e.verdict() == Verdict.NATIVE) {
        m.put(platformLabel(p), "native");
      } else if (e.verdict() == Verdict.EMULATED) {
        m.put(platformLabel(p), "emulated");
      }
    }
    return m;
  }

  /**
   * The feature file: a comment naming the writer, then one {@code key=value} line per label. The
   * profile's {@code collectedAt} goes into the comment only: NFD label values cannot hold a
   * timestamp.
   */
  public static String featureFile(HostProfile host) {
    String collectedAt = host.collectedAt() == null ? null : host.collectedAt().toString();
    StringBuilder b = new StringBuilder();
    b.append(
        "# node-feature-discovery feature file written by can-i-run-docker host --format nfd\n");
    b.append("# (local source: /etc/kubernetes/node-feature-discovery/features.d/)\n");
    if (collectedAt != null) {
      b.append("# profile collected at ")
          .append(dev.canirundocker.text.Text.oneLine(collectedAt))
          .append('\n');
    }
    for (Map.Entry<String, String> e : of(host).entrySet()) {
      if (!LABEL_VALUE.matcher(e.getValue()).matches()) {
        throw new IllegalStateException("not a label value: " + e.getValue());
      }
      b.append(e.getKey()).append('=').append(e.getValue()).append('\n');
    }
    return b.toString();
  }

  /** The x86-64 level a node's label states (written by {@link #of}), or null. */
  static @Nullable Integer reportedAmd64Level(Map<String, String> labels) {
    String v = labels.get(AMD64_LEVEL);
    return v != null && v.matches("[1-4]") ? Integer.valueOf(v) : null;
  }

  /** How a node's label says it runs a platform ({@code native}, {@code emulated}), or null. */
  static @Nullable String reported(Map<String, String> labels, Platform p) {
    String v = labels.get(platformLabel(p));
    return "native".equals(v) || "emulated".equals(v) ? v : null;
  }

  /**
   * The exec probe result a node's 32-bit label records: the label is written only from a probe
   * that the node's kernel ran or refused, so it reads back as that probe.
   */
  static List<ExecProbeResult> reportedProbes(
      Platform node, Map<String, String> labels, String name) {
    List<ExecProbeResult> out = new ArrayList<>();
    String v = labels.get(COMPAT_32BIT);
    Optional<Platform> comp = companion(node);
    if (comp.isPresent() && ("true".equals(v) || "false".equals(v))) {
      String detail = "reported by node " + name + "'s label " + COMPAT_32BIT + "=" + v;
      out.add(
          new ExecProbeResult(
              comp.get(),
              "true".equals(v)
                  ? ExecProbeResult.Outcome.RAN
                  : ExecProbeResult.Outcome.EXEC_FORMAT_ERROR,
              null,
              detail));
    }
    return out;
  }
}
