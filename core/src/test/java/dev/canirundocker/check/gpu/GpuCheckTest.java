package dev.canirundocker.check.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.canirundocker.CanIRunDocker;
import dev.canirundocker.check.Evaluation;
import dev.canirundocker.check.Finding;
import dev.canirundocker.check.Verdict;
import dev.canirundocker.host.HostProfile;
import dev.canirundocker.testing.GpuHosts;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Fixture GPU hosts x requirement strings of real NVIDIA CUDA images. */
class GpuCheckTest {
  static final String CUDA_12_4_1 = dev.canirundocker.testing.NvidiaImages.CUDA_12_4_1;
  static final String CUDA_11_8_0 = dev.canirundocker.testing.NvidiaImages.CUDA_11_8_0;

  static Stream<Arguments> table() {
    return Stream.of(
        Arguments.of(
            "470 + 12.4.1",
            GpuHosts.driver470(),
            CUDA_12_4_1,
            Verdict.NATIVE,
            List.of("gpu.runtime", "gpu.require.depends-on-gpu", "gpu.compat.used")),
        Arguments.of(
            "535 + 12.4.1",
            GpuHosts.driver535(),
            CUDA_12_4_1,
            Verdict.NATIVE,
            List.of("gpu.runtime", "gpu.require.depends-on-gpu", "gpu.compat.used")),
        Arguments.of(
            "550 + 12.4.1",
            GpuHosts.driver550(),
            CUDA_12_4_1,
            Verdict.NATIVE,
            List.of("gpu.runtime", "gpu.require.met")),
        Arguments.of(
            "575 + 12.4.1",
            GpuHosts.driver575(),
            CUDA_12_4_1,
            Verdict.NATIVE,
            List.of("gpu.runtime", "gpu.require.met")),
        Arguments.of(
            "470 + 11.8.0",
            GpuHosts.driver470(),
            CUDA_11_8_0,
            Verdict.NATIVE,
            List.of("gpu.runtime", "gpu.require.depends-on-gpu", "gpu.compat.used")),
        Arguments.of(
            "535 + 11.8.0",
            GpuHosts.driver535(),
            CUDA_11_8_0,
            Verdict.NATIVE,
            List.of("gpu.runtime", "gpu.require.met")),
        Arguments.of(
            "550 + cuda>=12.8",
            GpuHosts.driver550(),
            "cuda>=12.8",
            Verdict.UNSUPPORTED,
            List.of("gpu.runtime", "gpu.require.unsatisfied")),
        Arguments.of(
            "no driver",
            GpuHosts.noDriver(),
            CUDA_12_4_1,
            Verdict.UNSUPPORTED,
            List.of("gpu.no-driver")),
        Arguments.of(
            "driver, no toolkit",
            GpuHosts.driverWithoutToolkit(),
            CUDA_12_4_1,
            Verdict.UNSUPPORTED,
            List.of("gpu.no-runtime", "gpu.require.met")),
        Arguments.of(
            "CDI only",
            GpuHosts.cdiOnly(),
            CUDA_12_4_1,
            Verdict.NATIVE,
            List.of("gpu.cdi-only", "gpu.require.met")),
        Arguments.of(
            "WSL 2 GPU",
            GpuHosts.wsl2(),
            CUDA_12_4_1,
            Verdict.NATIVE,
            List.of("gpu.runtime", "gpu.require.unchecked")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("table")
  void bareRequirementOnEachHost(
      String name, HostProfile host, String requirement, Verdict verdict, List<String> ids) {
    Evaluation e = CanIRunDocker.gpuRequirement(host, requirement);
    assertEquals(ids, e.ids(), e.findings().toString());
    assertEquals(verdict, e.verdict());
  }

  static Finding finding(Evaluation e, String id) {
    return e.findings().stream().filter(f -> f.id().equals(id)).findFirst().orElseThrow();
  }

  @org.junit.jupiter.api.Test
  void noDriverSaysTheImageStillRunsWithoutGpus() {
    Finding f =
        finding(CanIRunDocker.gpuRequirement(GpuHosts.noDriver(), CUDA_12_4_1), "gpu.no-driver");
    assertEquals(
        "The image asks for an NVIDIA GPU (NVIDIA_VISIBLE_DEVICES=all, NVIDIA_REQUIRE_CUDA), "
            + "but this host has no NVIDIA driver (/proc/driver/nvidia/version is absent, and no WSL 2 "
            + "GPU): `docker run --gpus` fails. The image still runs without --gpus (on the CPU, where "
            + "its program can)",
        f.message());
    assertEquals(
        "Install the NVIDIA driver and nvidia-container-toolkit, then `sudo nvidia-ctk "
            + "runtime configure --runtime=docker && sudo systemctl restart docker`",
        f.remediation());
  }

  @org.junit.jupiter.api.Test
  void legacyDevicesAreTheToolkitsDefaultNotTheImagesValue() {
    Finding f =
        finding(
            dev.canirundocker.check.gpu.GpuCheck.evaluate(
                GpuHosts.noDriver(), GpuImage.of(List.of("CUDA_VERSION=12.4.1"), null), null),
            "gpu.no-driver");
    assertEquals(
        "The image asks for an NVIDIA GPU (all GPUs: NVIDIA_VISIBLE_DEVICES is unset, and "
            + "all is the toolkit's legacy default for images with CUDA_VERSION, CUDA_VERSION), "
            + "but this host has no NVIDIA driver (/proc/driver/nvidia/version is absent, and no WSL 2 "
            + "GPU): `docker run --gpus` fails. The image still runs without --gpus (on the CPU, where "
            + "its program can)",
        f.message());
    // written by the image, it is the image's value, legacy or not
    f =
        finding(
            dev.canirundocker.check.gpu.GpuCheck.evaluate(
                GpuHosts.noDriver(),
                GpuImage.of(List.of("CUDA_VERSION=12.4.1", "NVIDIA_VISIBLE_DEVICES=all"), null),
                null),
            "gpu.no-driver");
    assertEquals(
        "The image asks for an NVIDIA GPU (NVIDIA_VISIBLE_DEVICES=all, CUDA_VERSION), "
            + "but this host has no NVIDIA driver (/proc/driver/nvidia/version is absent, and no WSL 2 "
            + "GPU): `docker run --gpus` fails. The image still runs without --gpus (on the CPU, where "
            + "its program can)",
        f.message());
  }

  @org.junit.jupiter.api.Test
  void driverWithoutToolkitNamesDockersError() {
    Finding f =
        finding(
            CanIRunDocker.gpuRequirement(GpuHosts.driverWithoutToolkit(), CUDA_12_4_1),
            "gpu.no-runtime");
    assertEquals(
        "The image asks for an NVIDIA GPU (NVIDIA_VISIBLE_DEVICES=all, NVIDIA_REQUIRE_CUDA); "
            + "NVIDIA driver 550.54.15, CUDA 12.4, 1 GPU (NVIDIA L4), but no NVIDIA container runtime: "
            + "`docker run --gpus all` fails with 'could not select device driver \"\" with "
            + "capabilities: [[gpu]]' (no nvidia-container-runtime-hook, no nvidia runtime registered, "
            + "no CDI spec). The image still runs without --gpus (on the CPU, where its program can)",
        f.message());
  }

  @org.junit.jupiter.api.Test
  void cdiOnlyWarnsThatNothingChecksAtStart() {
    Finding f =
        finding(CanIRunDocker.gpuRequirement(GpuHosts.cdiOnly(), CUDA_12_4_1), "gpu.cdi-only");
    assertEquals(
        "NVIDIA driver 550.54.15, CUDA 12.4, 1 GPU (NVIDIA L4); GPUs are given to "
            + "containers only through CDI (/etc/cdi/nvidia.yaml): `docker run --device nvidia.com/gpu=all` "
            + "works, but in CDI mode nothing checks the image's NVIDIA_REQUIRE_* at start "
            + "(nvidia-container-toolkit #1470), so the findings below are the only check",
        f.message());
  }

  @org.junit.jupiter.api.Test
  void unsatisfiedNamesNvidiasErrorAndWhatWouldMeetIt() {
    Finding f =
        finding(
            CanIRunDocker.gpuRequirement(GpuHosts.driver550(), "cuda>=12.8"),
            "gpu.require.unsatisfied");
    assertEquals(
        "NVIDIA_REQUIRE_CUDA is not met on this host (NVIDIA driver 550.54.15, CUDA 12.4, 1 "
            + "GPU (NVIDIA L4)): nvidia-container-cli stops the container with 'requirement error: "
            + "unsatisfied condition: cuda>=12.8, please update your driver to a newer version, or use an "
            + "earlier cuda container'. Alternatives (any one suffices): 1) cuda>=12.8: not met: "
            + "cuda>=12.8 (host CUDA 12.4)",
        f.message());
    assertEquals(
        "Any of: a driver with CUDA >= 12.8 (driver >= 570.26, CUDA 12.8's minimum in "
            + "NVIDIA's release notes)",
        f.remediation());
  }

  @org.junit.jupiter.api.Test
  void everyAlternativeIsListedAndTheForwardCompatPathNamed() {
    Evaluation e = CanIRunDocker.gpuRequirement(GpuHosts.driver535(), CUDA_12_4_1);
    Finding f = finding(e, "gpu.require.depends-on-gpu");
    assertEquals(
        "NVIDIA_REQUIRE_CUDA is met by alternative 22 (brand=tesla,driver>=535,driver<536) "
            + "only if the GPU's brand or architecture match, which the driver's files do not tell (NVML "
            + "does; nvidia-container-cli checks it per visible GPU at start). Alternatives (any one "
            + "suffices): 1) cuda>=12.4: not met: cuda>=12.4 (host CUDA 12.2); 2-11) brand=tesla|unknown|"
            + "nvidia|nvidiartx|geforce|geforcertx|quadro|quadrortx|titan|titanrtx,driver>=470,driver<471: "
            + "not met: driver<471 (host driver 535.183.01); 12-21) brand=tesla|unknown|nvidia|nvidiartx|"
            + "geforce|geforcertx|quadro|quadrortx|titan|titanrtx,driver>=525,driver<526: not met: "
            + "driver<526 (host driver 535.183.01); 22-31) brand=tesla|unknown|nvidia|nvidiartx|geforce|"
            + "geforcertx|quadro|quadrortx|titan|titanrtx,driver>=535,driver<536: met if the GPU's brand "
            + "is one of these",
        f.message());
    assertEquals(
        "Any of: a driver with CUDA >= 12.4 (driver >= 550.54.14, CUDA 12.4's minimum in "
            + "NVIDIA's release notes); or driver branch 470 (>= 470, < 471) on a datacenter-class GPU "
            + "with the image's CUDA compat libraries; or driver branch 525 (>= 525, < 526) on a "
            + "datacenter-class GPU with the image's CUDA compat libraries; or driver branch 535 (>= 535, "
            + "< 536) on a datacenter-class GPU with the image's CUDA compat libraries",
        f.remediation());
  }

  @org.junit.jupiter.api.Test
  void imageEnvAsNvidiasToolkitReadsIt() {
    // legacy CUDA_VERSION without NVIDIA_REQUIRE_CUDA: cuda>=major.minor, devices default to all
    GpuImage legacy = GpuImage.of(List.of("CUDA_VERSION=9.0.176"), null);
    assertEquals(java.util.Map.of("CUDA_VERSION", "cuda>=9.0"), legacy.requirements());
    assertEquals("all", legacy.visibleDevices());
    // JETPACK is left out; DISABLE_REQUIRE (Go's ParseBool) drops every requirement
    assertEquals(
        java.util.Map.of("NVIDIA_REQUIRE_DRIVER", "driver>=535"),
        GpuImage.of(
                List.of("NVIDIA_REQUIRE_JETPACK_HOST_MOUNTS=", "NVIDIA_REQUIRE_DRIVER=driver>=535"),
                null)
            .requirements());
    GpuImage off =
        GpuImage.of(
            List.of(
                "NVIDIA_REQUIRE_CUDA=cuda>=99",
                "NVIDIA_DISABLE_REQUIRE=True",
                "NVIDIA_VISIBLE_DEVICES=all"),
            null);
    assertEquals(java.util.Map.of(), off.requirements());
    assertEquals(true, off.disableRequire());
    // empty or void devices ask for none; "none" still asks for the driver
    assertEquals(false, GpuImage.of(List.of("NVIDIA_VISIBLE_DEVICES=void"), null).asksForGpu());
    assertEquals(false, GpuImage.of(List.of("NVIDIA_VISIBLE_DEVICES="), null).asksForGpu());
    assertEquals(true, GpuImage.of(List.of("NVIDIA_VISIBLE_DEVICES=none"), null).asksForGpu());
    assertEquals(false, GpuImage.of(List.of("PATH=/bin"), null).asksForGpu());
    assertEquals(
        List.of(
            "CUDA_VERSION=ten is not a version: nvidia-container-toolkit refuses the "
                + "container (\"failed to get version: invalid CUDA version\")"),
        GpuImage.of(List.of("CUDA_VERSION=ten"), null).problems());
  }
}
