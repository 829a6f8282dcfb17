package dev.canirundocker.host.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.canirundocker.host.GpuInfo;
import dev.canirundocker.host.GpuInfo.Gpu;
import dev.canirundocker.host.Unknown;
import dev.canirundocker.testing.CudaLibs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The GPU reader over fixture trees: what the files of NVIDIA's driver and toolkit say. */
class NvidiaTest {
  @TempDir Path tmp;

  private void write(String rel, String content) throws Exception {
    dev.canirundocker.testing.FixtureTree.write(tmp, rel, content);
  }

  private void executable(String rel) throws Exception {
    dev.canirundocker.testing.FixtureTree.executable(tmp, rel);
  }

  @Test
  void nvrmLines() throws Exception {
    // the proprietary and the open kernel modules (x86_64 and aarch64 builds)
    assertEquals(
        List.of("535.129.03", "proprietary"),
        List.of(
            Nvidia.parseVersion(
                List.of(
                    "NVRM version: NVIDIA UNIX x86_64 Kernel Module  535.129.03  Thu Oct 19 18:56:32 UTC 2023",
                    "GCC version:  gcc version 12.2.0 (Debian 12.2.0-14)"))));
    assertEquals(
        List.of("550.54.14", "open"),
        List.of(
            Nvidia.parseVersion(
                List.of(
                    "NVRM version: NVIDIA UNIX Open Kernel Module for x86_64  550.54.14  Release Build  "
                        + "(dvs-builder@U16-I3-B03-4-3)  Thu Feb 22 01:25:25 UTC 2024"))));
    assertEquals(
        List.of("535.104.05", "proprietary"),
        List.of(
            Nvidia.parseVersion(
                List.of(
                    "NVRM version: NVIDIA UNIX aarch64 Kernel Module  535.104.05  Sat Aug 19 01:13:39 UTC 2023"))));
  }

  @Test
  void aDriverHostWithTheToolkit() throws Exception {
    write(
        "proc/driver/nvidia/version",
        "NVRM version: NVIDIA UNIX x86_64 Kernel Module  "
            + "575.57.08  Sat May 24 07:21:23 UTC 2025\n");
    write(
        "proc/driver/nvidia/gpus/0000:00:1e.0/information",
        "Model: \t\t NVIDIA H100 80GB HBM3\n"
            + "IRQ:   \t\t 39\nGPU UUID: \t GPU-0f6c1b2a-3d4e-5f60-7182-93a4b5c6d7e8\n"
            + "Video BIOS: \t 96.00.99.00.01\nBus Type: \t PCIe\nDMA Size: \t 52 bits\n"
            + "DMA Mask: \t 0xfffffffffffff\nBus Location: \t 0000:00:1e.0\nDevice Minor: \t 0\n"
            + "GPU Excluded:\t No\n");
    for (String n : List.of("nvidia0", "nvidiactl", "nvidia-uvm")) {
      write("dev/" + n, "");
    }
    Path lib = tmp.resolve("usr/lib/x86_64-linux-gnu/libcuda.so.575.57.08");
    Files.createDirectories(lib.getParent());
    Files.write(lib, CudaLibs.withSegment(CudaLibs.NOTE_575));
    executable("usr/bin/nvidia-container-runtime-hook");
    executable("usr/bin/nvidia-ctk");
    write("etc/nvidia-container-runtime/config.toml", "[nvidia-container-cli]\n");
    write("etc/cdi/nvidia.yaml", "cdiVersion: 0.5.0\nkind: nvidia.com/gpu\n");
    write("etc/cdi/other.yaml", "kind: vendor.com/fpga\n");
    LinuxReadResult r = new LinuxSysfs(tmp).readAll(Map.of());
    assertEquals(
        new GpuInfo(
            "575.57.08",
            "proprietary",
            "12.9",
            "/usr/lib/x86_64-linux-gnu/libcuda.so.575.57.08 (.note.cuda.fwd_compatibility)",
            List.of(
                new Gpu(
                    "NVIDIA H100 80GB HBM3",
                    "GPU-0f6c1b2a-3d4e-5f60-7182-93a4b5c6d7e8",
                    "0000:00:1e.0",
                    0)),
            List.of("nvidia-uvm", "nvidia0", "nvidiactl"),
            false,
            new GpuInfo.Runtime(
                "/usr/bin/nvidia-container-runtime-hook",
                null,
                "/usr/bin/nvidia-ctk",
                null,
                true,
                List.of("/etc/cdi/nvidia.yaml"))),
        r.gpu());
    assertEquals(List.of(), r.unknowns().stream().filter(u -> u.fact().startsWith("gpu")).toList());
  }

  @Test
  void withoutANoteTheReleaseNotesTableGivesALowerBound() throws Exception {
    write(
        "proc/driver/nvidia/version",
        "NVRM version: NVIDIA UNIX x86_64 Kernel Module  "
            + "470.223.02  Sat Oct  7 15:39:11 UTC 2023\n");
    GpuInfo g = new LinuxSysfs(tmp).readAll(Map.of()).gpu();
    assertEquals("11.4", g.cudaVersion());
    assertEquals(
        "driver 470.223.02 and the CUDA release notes' minimum drivers (at least)",
        g.cudaVersionSource());
    assertEquals(GpuInfo.Runtime.NONE, g.runtime());
  }

  @Test
  void wsl2GpuFromDxgAndWslsLibcuda() throws Exception {
    write("dev/dxg", "");
    Path lib = tmp.resolve("usr/lib/wsl/lib/libcuda.so.1.1");
    Files.createDirectories(lib.getParent());
    Files.write(lib, CudaLibs.withSection(CudaLibs.NOTE_590));
    LinuxReadResult r = new LinuxSysfs(tmp).readAll(Map.of());
    assertEquals(
        new GpuInfo(
            null,
            null,
            "13.1",
            "/usr/lib/wsl/lib/libcuda.so.1.1 (.note.cuda.fwd_compatibility)",
            List.of(),
            List.of("dxg"),
            true,
            GpuInfo.Runtime.NONE),
        r.gpu());
  }

  @Test
  void noDriverIsNullAndABadVersionFileIsAnUnknown() throws Exception {
    assertNull(new LinuxSysfs(tmp).readAll(Map.of()).gpu());
    write("proc/driver/nvidia/version", "garbage\n");
    LinuxReadResult r = new LinuxSysfs(tmp).readAll(Map.of());
    assertEquals(
        new Unknown(
            "gpu.driverVersion",
            "/proc/driver/nvidia/version: no 'NVRM version: "
                + "... Kernel Module <version>' line (got 'garbage')"),
        r.unknown("gpu.driverVersion").orElseThrow());
  }
}
