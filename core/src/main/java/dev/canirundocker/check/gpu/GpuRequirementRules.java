package dev.canirundocker.check.gpu;

import dev.canirundocker.check.Finding;
import dev.canirundocker.check.Verdict;
import dev.canirundocker.check.gpu.NvidiaRequirement.Host;
import dev.canirundocker.check.gpu.NvidiaRequirement.Result;
import dev.canirundocker.check.gpu.NvidiaRequirement.Term;
import dev.canirundocker.check.gpu.NvidiaRequirement.Tri;
import dev.canirundocker.host.CudaDrivers;
import dev.canirundocker.host.GpuInfo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What an image's {@code NVIDIA_REQUIRE_*} constraints decide on this host, as libnvidia-container
 * evaluates them at {@code docker run} ({@link NvidiaRequirement}: src/cli/dsl.c, the rules in
 * src/cli/configure.c): each term against the host's CUDA version, driver, GPU architecture and
 * brand, alternatives joined as the image gives them, forward-compatibility libraries where the
 * image ships them. Split out of {@link GpuCheck}, which finds the GPU, the runtime and what the
 * image asks for, then calls this for its requirements.
 */
final class GpuRequirementRules {
  private GpuRequirementRules() {}

  /** The status of one term on this host: TRUE, FALSE, or null where the host value is unknown. */
  static @Nullable Tri term(@Nullable Term t, Host h) {
    if (t == null) {
      return Tri.INVALID;
    }
    String hv =
        switch (t.rule()) {
          case "cuda" -> h.cuda();
          case "driver" -> h.driver();
          case "arch" -> h.arch();
          case "brand" -> h.brand();
          default -> "";
        };
    if (t.rule().equals("brand") || t.rule().equals("arch")) {
      if (hv == null) {
        // validate as a visible GPU would be compared: brand by string, arch by version
        if (t.rule().equals("brand")
            && t.op() != NvidiaRequirement.Op.EQUAL
            && t.op() != NvidiaRequirement.Op.NOT_EQUAL) {
          return Tri.INVALID;
        }
        if (t.rule().equals("arch") && !t.value().matches("[0-9.]*")) {
          return Tri.INVALID;
        }
        return null;
      }
    }
    if (hv == null) {
      return null;
    }
    return NvidiaRequirement.evaluateTerm(t.text(), h);
  }

  static Verdict requirement(
      String name, String predicate, GpuInfo gpu, Host h, GpuImage image, List<Finding> out) {
    // what nvidia-container-cli decides: no GPU visible (arch/brand unknown satisfy) is the most
    // lenient case; the same with every unknown GPU property false is the strictest
    Result lenient = NvidiaRequirement.evaluate(predicate, h);
    List<List<String>> alts = NvidiaRequirement.alternatives(predicate);
    String summary = alternatives(alts, h);
    String on = GpuCheck.describe(gpu);
    if (lenient.result() == Tri.INVALID) {
      out.add(
          Finding.fail(
              GpuCheck.REQUIRE_INVALID,
              name
                  + "="
                  + predicate
                  + " is not a valid requirement: "
                  + "nvidia-container-cli stops the container with 'requirement error: invalid expression'",
              "Fix "
                  + name
                  + " in the image (terms name op value; names cuda, driver, arch, brand)"));
      return Verdict.UNSUPPORTED;
    }
    if (lenient.result() == Tri.FALSE) {
      out.add(
          Finding.fail(
              GpuCheck.REQUIRE_UNSATISFIED,
              name
                  + " is not met on this host ("
                  + on
                  + "): nvidia-container-cli stops the container with 'requirement error: "
                  + lenient.error()
                  + "'. "
                  + summary,
              meet(alts, h)));
      return Verdict.UNSUPPORTED;
    }
    // met: by which alternative, and does it hold whatever the GPU
    int met = -1;
    boolean certain = false;
    for (int i = 0; i < alts.size() && met < 0; i++) {
      Boolean s = alternative(alts.get(i), h);
      if (s == null || s) {
        met = i;
        certain = s != null;
      }
    }
    if (h.driver() == null && h.cuda() == null) {
      out.add(
          Finding.warn(
              GpuCheck.REQUIRE_UNCHECKED,
              name
                  + " cannot be checked here: the driver and CUDA "
                  + "versions are unknown ("
                  + on
                  + "); nvidia-container-cli checks it at start. "
                  + summary,
              null));
      return Verdict.NATIVE;
    }
    String which =
        met < 0
            ? ""
            : " by alternative " + (met + 1) + " (" + String.join(",", alts.get(met)) + ")";
    if (!certain && met >= 0) {
      out.add(
          Finding.warn(
              GpuCheck.REQUIRE_DEPENDS,
              name
                  + " is met"
                  + which
                  + " only if the GPU's "
                  + "brand or architecture match, which the driver's files do not tell (NVML does; "
                  + "nvidia-container-cli checks it per visible GPU at start). "
                  + summary,
              meet(alts, h)));
    } else {
      out.add(
          Finding.info(GpuCheck.REQUIRE_MET, name + " is met on this host (" + on + ")" + which));
    }
    if (met >= 0 && forwardCompat(alts.get(met)) && !cudaMet(alts, h)) {
      int branch = gpu.driverBranch();
      if (image.compatLibs() == null) {
        out.add(
            Finding.info(
                GpuCheck.COMPAT_USED,
                "The alternative met is a forward-compatibility one "
                    + "(driver branch "
                    + branch
                    + "): CUDA works only through the image's "
                    + "/usr/local/cuda/compat libraries, which were not read here"));
      } else if (image.compatSupports(branch)) {
        out.add(
            Finding.info(
                GpuCheck.COMPAT_USED,
                "CUDA runs through the image's forward-compatibility "
                    + "library ("
                    + compatPaths(image.compatLibs())
                    + ", which lists driver branch "
                    + branch
                    + ")"));
      } else {
        out.add(
            Finding.warn(
                GpuCheck.COMPAT_MISSING,
                "The alternative met is a forward-compatibility one "
                    + "(driver branch "
                    + branch
                    + "), but the image holds no /usr/local/cuda/compat/"
                    + "libcuda.so.* that lists branch "
                    + branch
                    + (image.compatLibs().isEmpty()
                        ? ""
                        : " (it has " + compatPaths(image.compatLibs()) + ")")
                    + ": the container starts and CUDA calls "
                    + "fail",
                "Install the image's cuda-compat package, or a newer driver"));
      }
    }
    return Verdict.NATIVE;
  }

  static String compatPaths(List<GpuImage.CompatLib> libs) {
    List<String> p = new ArrayList<>();
    for (GpuImage.CompatLib c : libs) {
      p.add(c.path() + (c.note() == null ? " (no note)" : " for " + c.note().driverBranches()));
    }
    return String.join(", ", p);
  }

  /** TRUE/FALSE for an alternative on this host; null where it rests on an unknown value. */
  static @Nullable Boolean alternative(List<String> terms, Host h) {
    boolean unknown = false;
    for (String t : terms) {
      Tri s = term(NvidiaRequirement.parseTerm(t), h);
      if (s == Tri.FALSE || s == Tri.INVALID) {
        return false;
      }
      unknown |= s == null;
    }
    return unknown ? null : Boolean.TRUE;
  }

  static boolean forwardCompat(List<String> terms) {
    return terms.stream().noneMatch(t -> t.toLowerCase(java.util.Locale.ROOT).startsWith("cuda"))
        && terms.stream().anyMatch(t -> t.toLowerCase(java.util.Locale.ROOT).startsWith("driver"));
  }

  static boolean cudaMet(List<List<String>> alts, Host h) {
    for (List<String> a : alts) {
      if (!forwardCompat(a) && Boolean.TRUE.equals(alternative(a, h))) {
        return true;
      }
    }
    return false;
  }

  /**
   * Every alternative, those that differ only in brand grouped: what each needs and how this host
   * stands ({@code 1) cuda>=12.4: not met (CUDA 12.2)}).
   */
  static String alternatives(List<List<String>> alts, Host h) {
    Map<String, List<String>> brands = new LinkedHashMap<>();
    Map<String, List<Integer>> numbers = new LinkedHashMap<>();
    for (int i = 0; i < alts.size(); i++) {
      List<String> rest = new ArrayList<>();
      String brand = null;
      for (String t : alts.get(i)) {
        Term p = NvidiaRequirement.parseTerm(t);
        if (p != null
            && p.rule().equals("brand")
            && p.op() == NvidiaRequirement.Op.EQUAL
            && brand == null) {
          brand = p.value();
        } else {
          rest.add(t);
        }
      }
      String key = String.join(",", rest) + (brand == null ? "" : "\0brand");
      brands.computeIfAbsent(key, k -> new ArrayList<>());
      if (brand != null) {
        brands.get(key).add(brand);
      }
      numbers.computeIfAbsent(key, k -> new ArrayList<>()).add(i + 1);
    }
    List<String> parts = new ArrayList<>();
    for (Map.Entry<String, List<String>> e : brands.entrySet()) {
      String terms = e.getKey().replace("\0brand", "");
      List<Integer> n =
          Objects.requireNonNull(numbers.get(e.getKey()), "every brand key is numbered above");
      String label = n.size() == 1 ? "" + n.get(0) : n.get(0) + "-" + n.get(n.size() - 1);
      String text =
          (e.getValue().isEmpty()
                  ? ""
                  : "brand=" + String.join("|", e.getValue()) + (terms.isEmpty() ? "" : ","))
              + terms;
      parts.add(label + ") " + text + ": " + status(terms, !e.getValue().isEmpty(), h));
    }
    return "Alternatives (any one suffices): " + String.join("; ", parts);
  }

  static String status(String terms, boolean brand, Host h) {
    List<String> no = new ArrayList<>();
    for (String t : terms.isEmpty() ? List.<String>of() : List.of(terms.split(","))) {
      Term p = NvidiaRequirement.parseTerm(t);
      Tri s = term(p, h);
      if (s == Tri.INVALID) {
        no.add(t + " is invalid");
      } else if (s == Tri.FALSE) {
        String rule = Objects.requireNonNull(p, "an unparsed term is INVALID, not FALSE").rule();
        no.add(
            t
                + " (host "
                + (rule.equals("cuda")
                    ? "CUDA " + h.cuda()
                    : rule + " " + (rule.equals("driver") ? h.driver() : "?"))
                + ")");
      }
    }
    if (!no.isEmpty()) {
      return "not met: " + String.join(", ", no);
    }
    return brand ? "met if the GPU's brand is one of these" : "met";
  }

  /** What would meet one alternative, for the remediation. */
  static @Nullable String meet(List<List<String>> alts, Host h) {
    List<String> ways = new ArrayList<>();
    for (List<String> a : alts) {
      String cudaNeed = null;
      String lo = null;
      String hi = null;
      for (String t : a) {
        Term p = NvidiaRequirement.parseTerm(t);
        if (p == null) {
          continue;
        }
        if (p.rule().equals("cuda")
            && (p.op() == NvidiaRequirement.Op.GREATER_EQUAL
                || p.op() == NvidiaRequirement.Op.GREATER)) {
          cudaNeed = p.value();
        } else if (p.rule().equals("driver")
            && (p.op() == NvidiaRequirement.Op.GREATER_EQUAL
                || p.op() == NvidiaRequirement.Op.GREATER)) {
          lo = p.value();
        } else if (p.rule().equals("driver")
            && (p.op() == NvidiaRequirement.Op.LESS || p.op() == NvidiaRequirement.Op.LESS_EQUAL)) {
          hi = p.value();
        }
      }
      if (cudaNeed != null) {
        Optional<String[]> min = CudaDrivers.minimumDriverFor(cudaNeed);
        String w =
            "a driver with CUDA >= "
                + cudaNeed
                + min.map(
                        m ->
                            " (driver >= "
                                + m[1]
                                + ", CUDA "
                                + m[0]
                                + "'s minimum in NVIDIA's release notes)")
                    .orElse("");
        if (!ways.contains(w)) {
          ways.add(w);
        }
      } else if (lo != null) {
        String w =
            "driver branch "
                + lo
                + (hi == null ? " or newer" : " (>= " + lo + ", < " + hi + ")")
                + " on a datacenter-class GPU with the image's CUDA compat libraries";
        if (!ways.contains(w)) {
          ways.add(w);
        }
      }
    }
    return ways.isEmpty() ? null : "Any of: " + String.join("; or ", ways);
  }
}
