package dev.canirundocker.testing;

import dev.canirundocker.host.GpuInfo;
import dev.canirundocker.host.GpuInfo.Gpu;
import dev.canirundocker.host.GpuInfo.Runtime;
import dev.canirundocker.host.HostProfile;
import java.util.List;

/**
 * Fixture profiles of GPU hosts this machine is not (it has no NVIDIA GPU): drivers 470, 535, 550
 * and 575 with nvidia-container-toolkit, no driver, a driver without the toolkit, CDI only, and WSL
 * 2 with a GPU. Versions are real releases of each branch; the CUDA versions are what those drivers
 * report (470 -> 11.4, 535 -> 12.2, 550 -> 12.4, 575 -> 12.9).
 */
public final class GpuHosts {
  private GpuHosts() {}

  static final Runtime TOOLKIT =
      new Runtime(
          "/usr/bin/nvidia-container-runtime-hook",
          "/usr/bin/nvidia-container-runtime",
          "/usr/bin/nvidia-ctk",
          "/usr/bin/nvidia-container-cli",
          true,
          List.of());
  static final List<String> NODES =
      List.of("nvidia-modeset", "nvidia-uvm", "nvidia-uvm-tools", "nvidia0", "nvidiactl");

  private static HostProfile with(GpuInfo g) {
    return Hosts.linux().build().withGpu(g);
  }

  private static GpuInfo driver(
      String version, String cuda, String source, String model, Runtime rt) {
    return new GpuInfo(
        version,
        "proprietary",
        cuda,
        source,
        List.of(new Gpu(model, "GPU-5e3c1c5e-0a7b-4e4b-9c1e-2f6a7d8e9f00", "0000:00:1e.0", 0)),
        NODES,
        false,
        rt);
  }

  public static HostProfile driver470() {
    return with(
        driver(
            "470.223.02",
            "11.4",
            "driver 470.223.02 and the CUDA release notes' minimum drivers (at least)",
            "Tesla T4",
            TOOLKIT));
  }

  public static HostProfile driver535() {
    return with(
        driver(
            "535.183.01",
            "12.2",
            "/usr/lib/x86_64-linux-gnu/libcuda.so.535.183.01 " + "(.note.cuda.fwd_compatibility)",
            "NVIDIA A100-SXM4-40GB",
            TOOLKIT));
  }

  public static HostProfile driver550() {
    return with(
        driver(
            "550.54.15",
            "12.4",
            "/usr/lib/x86_64-linux-gnu/libcuda.so.550.54.15 " + "(.note.cuda.fwd_compatibility)",
            "NVIDIA L4",
            TOOLKIT));
  }

  public static HostProfile driver575() {
    return with(
        driver(
            "575.57.08",
            "12.9",
            "/usr/lib/x86_64-linux-gnu/libcuda.so.575.57.08 " + "(.note.cuda.fwd_compatibility)",
            "NVIDIA H100 80GB HBM3",
            TOOLKIT));
  }

  public static HostProfile noDriver() {
    return Hosts.linux().build();
  }

  public static HostProfile driverWithoutToolkit() {
    return with(
        driver(
            "550.54.15",
            "12.4",
            "/usr/lib64/libcuda.so.550.54.15 " + "(.note.cuda.fwd_compatibility)",
            "NVIDIA L4",
            Runtime.NONE));
  }

  public static HostProfile cdiOnly() {
    return with(
        driver(
            "550.54.15",
            "12.4",
            "/usr/lib64/libcuda.so.550.54.15 " + "(.note.cuda.fwd_compatibility)",
            "NVIDIA L4",
            new Runtime(
                null, null, "/usr/bin/nvidia-ctk", null, false, List.of("/etc/cdi/nvidia.yaml"))));
  }

  public static HostProfile wsl2() {
    return Hosts.linux()
        .release("5.15.153.1-microsoft-standard-WSL2")
        .wsl("wsl2")
        .build()
        .withGpu(new GpuInfo(null, null, null, null, List.of(), List.of("dxg"), true, TOOLKIT));
  }
}
