package dev.canirundocker.check.gpu;

import dev.canirundocker.check.Evaluation;
import dev.canirundocker.check.Finding;
import dev.canirundocker.check.Verdict;
import dev.canirundocker.check.gpu.NvidiaRequirement.Host;
import dev.canirundocker.check.gpu.NvidiaRequirement.Result;
import dev.canirundocker.check.gpu.NvidiaRequirement.Term;
import dev.canirundocker.check.gpu.NvidiaRequirement.Tri;
import dev.canirundocker.daemon.DaemonGpuSupport;
import dev.canirundocker.host.CudaDrivers;
import dev.canirundocker.host.GpuInfo;
import dev.canirundocker.host.HostProfile;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Will this image get its NVIDIA GPU on this host? The driver and the container side first (moby
 * registers {@code --gpus} only with nvidia-container-runtime-hook on its PATH,
 * daemon/nvidia_linux.go), then every requirement as nvidia-container-cli evaluates it at start
 * ({@link NvidiaRequirement}), saying more than it does: every alternative, which one this host
 * meets, or what would meet one.
 */
public final class GpuCheck {
  /** Finding ids. */
  public static final String NO_DRIVER = "gpu.no-driver";

  public static final String NO_RUNTIME = "gpu.no-runtime";
  public static final String RUNTIME = "gpu.runtime";
  public static final String CDI_ONLY = "gpu.cdi-only";
  public static final String HOST_UNKNOWN = "gpu.host.unknown";
  public static final String REQUIRE_MET = "gpu.require.met";
  public static final String REQUIRE_UNSATISFIED = "gpu.require.unsatisfied";
  public static final String REQUIRE_INVALID = "gpu.require.invalid";
  public static final String REQUIRE_UNCHECKED = "gpu.require.unchecked";
  public static final String REQUIRE_DEPENDS = "gpu.require.depends-on-gpu";
  public static final String REQUIRE_DISABLED = "gpu.require.disabled";
  public static final String COMPAT_USED = "gpu.compat.used";
  public static final String COMPAT_MISSING = "gpu.compat.missing";
  public static final String IMAGE_INVALID = "gpu.image.invalid";

  static final String WITHOUT_GPUS =
      "The image still runs without --gpus (on the CPU, where its " + "program can)";
  static final String INSTALL =
      "Install the NVIDIA driver and nvidia-container-toolkit, then "
          + "`sudo nvidia-ctk runtime configure --runtime=docker && sudo systemctl restart docker`";

  private GpuCheck() {}

  /**
   * The GPU verdict and findings for an image on a host; nothing when the image asks for no GPU.
   *
   * @param daemon what the daemon's /info says, or null where it was not asked
   */
  public static Evaluation evaluate(
      HostProfile host, GpuImage image, @Nullable DaemonGpuSupport daemon) {
    List<Finding> out = new ArrayList<>();
    Verdict v = Verdict.NATIVE;
    if (!image.asksForGpu()) {
      return new Evaluation(host.platform(), v, out);
    }
    String asks = "The image asks for an NVIDIA GPU (" + asked(image) + ")";
    for (String p : image.problems()) {
      out.add(
          Finding.fail(
              IMAGE_INVALID, p, "Fix CUDA_VERSION in the image, or set NVIDIA_REQUIRE_CUDA"));
      v = Verdict.UNSUPPORTED;
    }
    GpuInfo gpu = host.gpu();
    if (!host.os().isLinux()) {
      if (host.os().isMacOs()) {
        out.add(
            Finding.fail(
                NO_DRIVER,
                asks
                    + ", but containers on macOS get no NVIDIA GPU: Docker "
                    + "Desktop's Linux VM has none. "
                    + WITHOUT_GPUS,
                "Run it on a Linux host with an " + "NVIDIA GPU, or on Windows with WSL 2"));
        return new Evaluation(host.platform(), Verdict.UNSUPPORTED, out);
      }
      out.add(
          Finding.warn(
              HOST_UNKNOWN,
              asks
                  + "; on "
                  + host.os().family()
                  + " Docker Desktop "
                  + "gives Linux containers NVIDIA GPUs through WSL 2 and the Windows NVIDIA driver, which "
                  + "this profile does not describe",
              "Run the check inside the WSL 2 distribution"));
      return new Evaluation(host.platform(), v, out);
    }
    if (gpu == null) {
      out.add(
          Finding.fail(
              NO_DRIVER,
              asks
                  + ", but this host has no NVIDIA driver "
                  + "(/proc/driver/nvidia/version is absent, and no WSL 2 GPU): `docker run --gpus` fails. "
                  + WITHOUT_GPUS,
              INSTALL));
      return new Evaluation(host.platform(), Verdict.UNSUPPORTED, out);
    }
    v = v.worst(runtime(gpu, daemon, asks, out));
    if (image.disableRequire()) {
      out.add(
          Finding.info(
              REQUIRE_DISABLED,
              "NVIDIA_DISABLE_REQUIRE is set: nothing checks the "
                  + "image's CUDA requirements at start"));
    }
    Host values = new Host(gpu.cudaVersion(), gpu.driverVersion(), null, null);
    for (Map.Entry<String, String> r : image.requirements().entrySet()) {
      v = v.worst(requirement(r.getKey(), r.getValue(), gpu, values, image, out));
    }
    return new Evaluation(host.platform(), v, out);
  }

  /** Appends the GPU judgment to an evaluation: the worse verdict, the findings after its own. */
  public static Evaluation apply(
      Evaluation ev, HostProfile host, GpuImage image, @Nullable DaemonGpuSupport daemon) {
    Evaluation g = evaluate(host, image, daemon);
    if (g.findings().isEmpty()) {
      return ev;
    }
    List<Finding> all = new ArrayList<>(ev.findings());
    all.addAll(g.findings());
    return new Evaluation(ev.platform(), ev.verdict().worst(g.verdict()), all);
  }

  private static String asked(GpuImage image) {
    List<String> parts = new ArrayList<>();
    if (image.legacyDefaultDevices()) {
      // the image did not write it: nvidia-container-toolkit (cuda_image.go devicesFromEnvvars)
      // gives an image with CUDA_VERSION and no NVIDIA_REQUIRE_CUDA all GPUs by default
      parts.add(
          "all GPUs: NVIDIA_VISIBLE_DEVICES is unset, and all is the toolkit's legacy default "
              + "for images with CUDA_VERSION");
    } else if (!image.visibleDevices().equals("void")) {
      parts.add("NVIDIA_VISIBLE_DEVICES=" + image.visibleDevices());
    }
    for (String k : image.requirements().keySet()) {
      parts.add(k);
    }
    return String.join(", ", parts);
  }

  private static Verdict runtime(
      GpuInfo gpu, @Nullable DaemonGpuSupport daemon, String asks, List<Finding> out) {
    GpuInfo.Runtime rt = gpu.runtime();
    boolean registered = daemon != null && daemon.nvidiaRuntime();
    List<String> cdi = new ArrayList<>(rt.cdiSpecs());
    if (daemon != null) {
      cdi.addAll(daemon.nvidiaCdiDevices());
    }
    String driver = describe(gpu);
    if (rt.hook() != null || registered) {
      List<String> how = new ArrayList<>();
      if (rt.hook() != null) {
        how.add("`docker run --gpus` works (" + rt.hook() + " is installed)");
      }
      if (registered) {
        how.add("the daemon has the nvidia runtime registered (`--runtime=nvidia`)");
      }
      out.add(
          Finding.info(
              RUNTIME,
              driver
                  + "; "
                  + String.join(", and ", how)
                  + "; nvidia-container-cli checks the image's requirements at start"));
      return Verdict.NATIVE;
    }
    if (!cdi.isEmpty()) {
      out.add(
          Finding.warn(
              CDI_ONLY,
              driver
                  + "; GPUs are given to containers only through CDI ("
                  + String.join(", ", cdi)
                  + "): `docker run --device nvidia.com/gpu=all` works, but in CDI "
                  + "mode nothing checks the image's NVIDIA_REQUIRE_* at start (nvidia-container-toolkit "
                  + "#1470), so the findings below are the only check",
              "Check them before the run; "
                  + "`--gpus` needs nvidia-container-toolkit's nvidia-container-runtime-hook"));
      return Verdict.NATIVE;
    }
    out.add(
        Finding.fail(
            NO_RUNTIME,
            asks
                + "; "
                + driver
                + ", but no NVIDIA container runtime: "
                + "`docker run --gpus all` fails with 'could not select device driver \"\" with "
                + "capabilities: [[gpu]]' (no nvidia-container-runtime-hook, no nvidia runtime registered, "
                + "no CDI spec). "
                + WITHOUT_GPUS,
            "Install nvidia-container-toolkit, then `sudo nvidia-ctk "
                + "runtime configure --runtime=docker && sudo systemctl restart docker`"));
    return Verdict.UNSUPPORTED;
  }

  static String describe(GpuInfo gpu) {
    StringBuilder b = new StringBuilder();
    b.append(
        gpu.wsl() && gpu.driverVersion() == null
            ? "WSL 2 GPU (driver on the Windows side)"
            : "NVIDIA driver " + gpu.driverVersion());
    b.append(gpu.cudaVersion() == null ? ", CUDA version unknown" : ", CUDA " + gpu.cudaVersion());
    if (!gpu.gpus().isEmpty()) {
      b.append(", ")
          .append(gpu.gpus().size())
          .append(" GPU")
          .append(gpu.gpus().size() == 1 ? "" : "s")
          .append(" (")
          .append(gpu.gpus().get(0).model())
          .append(gpu.gpus().size() > 1 ? ", ..." : "")
          .append(")");
    }
    return b.toString();
  }

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

  private static Verdict requirement(
      String name, String predicate, GpuInfo gpu, Host h, GpuImage image, List<Finding> out) {
    // what nvidia-container-cli decides: no GPU visible (arch/brand unknown satisfy) is the most
    // lenient case; the same with every unknown GPU property false is the strictest
    Result lenient = NvidiaRequirement.evaluate(predicate, h);
    List<List<String>> alts = NvidiaRequirement.alternatives(predicate);
    String summary = alternatives(alts, h);
    String on = describe(gpu);
    if (lenient.result() == Tri.INVALID) {
      out.add(
          Finding.fail(
              REQUIRE_INVALID,
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
              REQUIRE_UNSATISFIED,
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
              REQUIRE_UNCHECKED,
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
              REQUIRE_DEPENDS,
              name
                  + " is met"
                  + which
                  + " only if the GPU's "
                  + "brand or architecture match, which the driver's files do not tell (NVML does; "
                  + "nvidia-container-cli checks it per visible GPU at start). "
                  + summary,
              meet(alts, h)));
    } else {
      out.add(Finding.info(REQUIRE_MET, name + " is met on this host (" + on + ")" + which));
    }
    if (met >= 0 && forwardCompat(alts.get(met)) && !cudaMet(alts, h)) {
      int branch = gpu.driverBranch();
      if (image.compatLibs() == null) {
        out.add(
            Finding.info(
                COMPAT_USED,
                "The alternative met is a forward-compatibility one "
                    + "(driver branch "
                    + branch
                    + "): CUDA works only through the image's "
                    + "/usr/local/cuda/compat libraries, which were not read here"));
      } else if (image.compatSupports(branch)) {
        out.add(
            Finding.info(
                COMPAT_USED,
                "CUDA runs through the image's forward-compatibility "
                    + "library ("
                    + compatPaths(image.compatLibs())
                    + ", which lists driver branch "
                    + branch
                    + ")"));
      } else {
        out.add(
            Finding.warn(
                COMPAT_MISSING,
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

  private static String compatPaths(List<GpuImage.CompatLib> libs) {
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

  private static boolean forwardCompat(List<String> terms) {
    return terms.stream().noneMatch(t -> t.toLowerCase(java.util.Locale.ROOT).startsWith("cuda"))
        && terms.stream().anyMatch(t -> t.toLowerCase(java.util.Locale.ROOT).startsWith("driver"));
  }

  private static boolean cudaMet(List<List<String>> alts, Host h) {
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

  private static String status(String terms, boolean brand, Host h) {
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
