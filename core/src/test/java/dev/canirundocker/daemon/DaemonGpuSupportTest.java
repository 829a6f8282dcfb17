package dev.canirundocker.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.canirundocker.check.gpu.GpuCheck;
import dev.canirundocker.check.gpu.GpuImage;
import dev.canirundocker.json.Json;
import dev.canirundocker.testing.GpuHosts;
import java.util.List;
import org.junit.jupiter.api.Test;

/** /info's GPU fields (moby api/types/system Info: Runtimes, CDISpecDirs, DiscoveredDevices). */
class DaemonGpuSupportTest {
  @Test
  void runtimesCdiDirsAndDiscoveredDevices() {
    DaemonGpuSupport s =
        DaemonGpuSupport.of(
            Json.parseObject(
                "{\"Runtimes\":{\"io.containerd.runc.v2\":"
                    + "{\"path\":\"runc\"},\"nvidia\":{\"path\":\"nvidia-container-runtime\"},\"runc\":"
                    + "{\"path\":\"runc\"}},\"CDISpecDirs\":[\"/etc/cdi\",\"/var/run/cdi\"],\"DiscoveredDevices\":"
                    + "[{\"Source\":\"cdi\",\"ID\":\"nvidia.com/gpu=0\"},{\"Source\":\"cdi\",\"ID\":\"nvidia.com/gpu=all\"},"
                    + "{\"Source\":\"cdi\",\"ID\":\"vendor.com/fpga=0\"}]}"));
    assertEquals(true, s.nvidiaRuntime());
    assertEquals(List.of("/etc/cdi", "/var/run/cdi"), s.cdiSpecDirs());
    assertEquals(List.of("nvidia.com/gpu=0", "nvidia.com/gpu=all"), s.nvidiaCdiDevices());
    // Docker 20.10 says neither CDISpecDirs nor DiscoveredDevices
    DaemonGpuSupport old = DaemonGpuSupport.of(Json.parseObject("{\"Runtimes\":{\"runc\":{}}}"));
    assertEquals(false, old.nvidiaRuntime());
    assertNull(old.cdiSpecDirs());
    assertEquals(List.of(), old.nvidiaCdiDevices());
  }

  @Test
  void aRegisteredRuntimeOrDiscoveredCdiDevicesAreARuntime() {
    GpuImage image =
        GpuImage.of(List.of("NVIDIA_VISIBLE_DEVICES=all", "NVIDIA_REQUIRE_CUDA=cuda>=12.0"), null);
    DaemonGpuSupport nvidia = new DaemonGpuSupport(List.of("runc", "nvidia"), null, null);
    assertEquals(
        List.of("gpu.runtime", "gpu.require.met"),
        GpuCheck.evaluate(GpuHosts.driverWithoutToolkit(), image, nvidia).ids());
    DaemonGpuSupport cdi =
        new DaemonGpuSupport(List.of("runc"), List.of("/etc/cdi"), List.of("nvidia.com/gpu=all"));
    assertEquals(
        List.of("gpu.cdi-only", "gpu.require.met"),
        GpuCheck.evaluate(GpuHosts.driverWithoutToolkit(), image, cdi).ids());
  }
}
