package dev.canirundocker.check.gpu;

import dev.canirundocker.check.Evaluation;
import dev.canirundocker.check.Finding;
import dev.canirundocker.check.Verdict;
import dev.canirundocker.check.gpu.NvidiaRequirement.Host;
import dev.canirundocker.daemon.DaemonGpuSupport;
import dev.canirundocker.host.GpuInfo;
import dev.canirundocker.host.HostProfile;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
      v =
          v.worst(
              GpuRequirementRules.requirement(r.getKey(), r.getValue(), gpu, values, image, out));
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
}
