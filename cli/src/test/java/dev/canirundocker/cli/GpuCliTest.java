package dev.canirundocker.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.canirundocker.json.Json;
import dev.canirundocker.testing.GpuHosts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** check --gpu-requirement, and the GPU facts in host and the preflight, on fixture GPU hosts. */
class GpuCliTest {
  private static Path profile(Path dir, dev.canirundocker.host.HostProfile h) throws Exception {
    Path p = dir.resolve("h.json");
    Files.writeString(p, h.toJsonString());
    return p;
  }

  /** An archive whose Env has only CUDA_VERSION: all GPUs by the toolkit's legacy default. */
  @Test
  void legacyCudaImageSaysItsDevicesAreTheToolkitsDefault(@TempDir Path dir) throws Exception {
    dev.canirundocker.platform.Platform amd64 =
        dev.canirundocker.platform.Platform.parse("linux/amd64");
    Path tar =
        dev.canirundocker.testing.TestImages.writeDockerSave(
            dir.resolve("cuda.tar"),
            dev.canirundocker.testing.TestImages.image(amd64)
                .layer(
                    dev.canirundocker.testing.TestImages.layer()
                        .file("app", dev.canirundocker.testing.TestImages.elfFor(amd64), 0755))
                .entrypoint("/app")
                .tag("cird-test-qa2/legacy:1")
                .env("CUDA_VERSION=12.4.1"));
    Path h = profile(dir, GpuHosts.noDriver());
    MainTest.Run r =
        MainTest.run("check", "--host-profile", h.toString(), "--archive", tar.toString());
    assertEquals("", r.err());
    assertEquals(5, r.code());
    assertEquals(
        "UNSUPPORTED  "
            + tar
            + " (linux/amd64)\n"
            + "  INFO The host kernel runs linux/amd64 natively [arch.native]\n"
            + "  FAIL The image asks for an NVIDIA GPU (all GPUs: NVIDIA_VISIBLE_DEVICES is unset, and "
            + "all is the toolkit's legacy default for images with CUDA_VERSION, CUDA_VERSION), but this "
            + "host has no NVIDIA driver (/proc/driver/nvidia/version is absent, and no WSL 2 GPU): "
            + "`docker run --gpus` fails. The image still runs without --gpus (on the CPU, where its "
            + "program can) [gpu.no-driver]\n"
            + "      -> Install the NVIDIA driver and nvidia-container-toolkit, then `sudo nvidia-ctk "
            + "runtime configure --runtime=docker && sudo systemctl restart docker`\n",
        r.out());
  }

  @Test
  void bareRequirementIsATargetLikeAPlatform(@TempDir Path dir) throws Exception {
    Path h = profile(dir, GpuHosts.driver550());
    MainTest.Run r =
        MainTest.run(
            "check",
            "--host-profile",
            h.toString(),
            "--gpu-requirement",
            "cuda>=12.8",
            "--gpu-requirement",
            "cuda>=12.4 brand=tesla,driver>=535,driver<536");
    assertEquals(5, r.code(), r.err());
    assertEquals(
        "UNSUPPORTED  cuda>=12.8 (linux/amd64)\n"
            + "  FAIL NVIDIA_REQUIRE_CUDA is not met on this host (NVIDIA driver 550.54.15, CUDA 12.4, 1 "
            + "GPU (NVIDIA L4)): nvidia-container-cli stops the container with 'requirement error: "
            + "unsatisfied condition: cuda>=12.8, please update your driver to a newer version, or use an "
            + "earlier cuda container'. Alternatives (any one suffices): 1) cuda>=12.8: not met: "
            + "cuda>=12.8 (host CUDA 12.4) [gpu.require.unsatisfied]\n"
            + "      -> Any of: a driver with CUDA >= 12.8 (driver >= 570.26, CUDA 12.8's minimum in "
            + "NVIDIA's release notes)\n"
            + "NATIVE  cuda>=12.4 brand=tesla,driver>=535,driver<536 (linux/amd64)\n"
            + "  INFO NVIDIA_REQUIRE_CUDA is met on this host (NVIDIA driver 550.54.15, CUDA 12.4, 1 GPU "
            + "(NVIDIA L4)) by alternative 1 (cuda>=12.4) [gpu.require.met]\n\n"
            + "Shared by several targets\n"
            + "  INFO NVIDIA driver 550.54.15, CUDA 12.4, 1 GPU (NVIDIA L4); `docker run --gpus` works "
            + "(/usr/bin/nvidia-container-runtime-hook is installed); nvidia-container-cli checks the "
            + "image's requirements at start [gpu.runtime] (applies to 2 targets)\n\n"
            + "2 targets for the host of "
            + h
            + " (saved profile, collection time unknown): 1 NATIVE, 1 "
            + "UNSUPPORTED\n",
        r.out());
    MainTest.Run j =
        MainTest.run(
            "check",
            "--json",
            "--host-profile",
            h.toString(),
            "--gpu-requirement",
            "cuda>=12.8",
            "--gpu-requirement",
            "cuda>=12.4");
    JsonSchemaTest.assertValid("check", j.out());
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> results =
        (List<Map<String, Object>>) Json.parseObject(j.out()).get("results");
    assertEquals(
        List.of("gpu-requirement", "gpu-requirement"),
        results.stream().map(x -> x.get("source")).toList());
    assertEquals(
        List.of("UNSUPPORTED", "NATIVE"), results.stream().map(x -> x.get("verdict")).toList());
  }

  @Test
  void aBadRequirementIsAUsageErrorNamingTheTerm() {
    MainTest.Run r = MainTest.run("check", "--gpu-requirement", "cuda>=12.4 cuda==12");
    assertEquals(2, r.code());
    assertEquals(
        "can-i-run-docker: check: --gpu-requirement 'cuda>=12.4 cuda==12': term 'cuda==12': "
            + "expected name, operator (= != < <= > >=) and value",
        r.err().lines().findFirst().orElseThrow());
    assertEquals("", r.out());
  }

  @Test
  void hostAndPreflightShowTheGpu(@TempDir Path dir) throws Exception {
    Path h = profile(dir, GpuHosts.driver535());
    MainTest.Run host = MainTest.run("host", "--host-profile", h.toString());
    assertTrue(
        host.out()
            .contains(
                "NVIDIA driver 535.183.01, CUDA 12.2, NVIDIA A100-SXM4-40GB; "
                    + "containers: --gpus (/usr/bin/nvidia-container-runtime-hook)\n"),
        host.out());
    MainTest.Run json = MainTest.run("host", "--json", "--host-profile", h.toString());
    JsonSchemaTest.assertValid("host", json.out());
    assertEquals(
        "535.183.01", ((Map<?, ?>) Json.parseObject(json.out()).get("gpu")).get("driverVersion"));
    MainTest.Run pre = MainTest.run("--host-profile", h.toString());
    assertTrue(pre.out().contains("NVIDIA driver 535.183.01, CUDA 12.2"), pre.out());
  }
}
