package dev.canirundocker.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.canirundocker.CanIRunDocker;
import dev.canirundocker.check.Evaluation;
import dev.canirundocker.check.Finding;
import dev.canirundocker.check.Verdict;
import dev.canirundocker.daemon.HttpDaemonClient;
import dev.canirundocker.image.ImageArchive;
import dev.canirundocker.platform.Platform;
import dev.canirundocker.testing.CudaLibs;
import dev.canirundocker.testing.DockerAvailable;
import dev.canirundocker.testing.GpuHosts;
import dev.canirundocker.testing.TestImages;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A CUDA-style image built here (the Env of nvidia/cuda 12.4.1's base image, gitlab.com/nvidia/
 * container-images/cuda dist/12.4.1/ubuntu2204/base/Dockerfile, and a cuda-compat library at
 * /usr/local/cuda-12.4/compat reached through the /usr/local/cuda link) judged from its docker-save
 * tar and, loaded into the real daemon, through the daemon's inspect and export. This machine has
 * no NVIDIA GPU: the hosts are fixture profiles.
 */
class GpuImageTest {
  private static final Platform AMD64 = Platform.parse("linux/amd64");

  /** A compat library's note; the branches are this test's choice (470, 525 and 535). */
  private static final String COMPAT_NOTE =
      "{\"format\":1,\"CUDA version\":\"12.4\"," + "\"driver\":[470,525,535],\"device\":[7,8,9]}";

  static TestImages.Image cudaImage(String tag, boolean compat) {
    TestImages.Layer l =
        TestImages.layer()
            .file("app", TestImages.elfFor(AMD64), 0755)
            .symlink("usr/local/cuda", "cuda-12.4");
    if (compat) {
      l.file(
          "usr/local/cuda-12.4/compat/libcuda.so.550.54.15",
          CudaLibs.withSegment(COMPAT_NOTE),
          0644);
    }
    return TestImages.image(AMD64)
        .layer(l)
        .entrypoint("/app")
        .tag(tag)
        .env("PATH=/usr/local/nvidia/bin:/usr/local/cuda/bin:/usr/sbin:/usr/bin:/sbin:/bin")
        .env("NVIDIA_REQUIRE_CUDA=" + dev.canirundocker.testing.NvidiaImages.CUDA_12_4_1)
        .env("CUDA_VERSION=12.4.1")
        .env("NVIDIA_VISIBLE_DEVICES=all")
        .env("NVIDIA_DRIVER_CAPABILITIES=compute,utility");
  }

  private static List<String> gpuIds(Evaluation e) {
    return e.findings().stream().map(Finding::id).filter(i -> i.startsWith("gpu.")).toList();
  }

  private static Finding finding(Evaluation e, String id) {
    return e.findings().stream().filter(f -> f.id().equals(id)).findFirst().orElseThrow();
  }

  @Test
  void archiveOnForwardCompatAndNoDriverHosts(@TempDir Path dir) throws Exception {
    Path tar =
        TestImages.writeDockerSave(
            dir.resolve("cuda.tar"), cudaImage("cird-test-hostgpu/cuda:a", true));
    Evaluation e535 = CanIRunDocker.archive(GpuHosts.driver535(), ImageArchive.read(tar));
    assertEquals(
        List.of("gpu.runtime", "gpu.require.depends-on-gpu", "gpu.compat.used"), gpuIds(e535));
    assertEquals(
        "CUDA runs through the image's forward-compatibility library "
            + "(/usr/local/cuda-12.4/compat/libcuda.so.550.54.15 for [470, 525, 535], which lists driver "
            + "branch 535)",
        finding(e535, "gpu.compat.used").message());
    assertEquals(Verdict.NATIVE, e535.verdict());

    Evaluation none = CanIRunDocker.archive(GpuHosts.noDriver(), ImageArchive.read(tar));
    assertEquals(List.of("gpu.no-driver"), gpuIds(none));
    assertEquals(Verdict.UNSUPPORTED, none.verdict());

    assertEquals(
        List.of("gpu.runtime", "gpu.require.met"),
        gpuIds(CanIRunDocker.archive(GpuHosts.driver550(), ImageArchive.read(tar))));

    Path bare =
        TestImages.writeDockerSave(
            dir.resolve("nocompat.tar"), cudaImage("cird-test-hostgpu/cuda:b", false));
    Evaluation missing = CanIRunDocker.archive(GpuHosts.driver535(), ImageArchive.read(bare));
    assertEquals(
        List.of("gpu.runtime", "gpu.require.depends-on-gpu", "gpu.compat.missing"),
        gpuIds(missing));
  }

  @Test
  void anImageAskingForNoGpuGetsNoGpuFinding(@TempDir Path dir) throws Exception {
    Path tar =
        TestImages.writeDockerSave(
            dir.resolve("plain.tar"),
            TestImages.image(AMD64)
                .layer(TestImages.layer().file("app", TestImages.elfFor(AMD64), 0755))
                .entrypoint("/app"));
    assertEquals(
        List.of(), gpuIds(CanIRunDocker.archive(GpuHosts.noDriver(), ImageArchive.read(tar))));
  }

  @Test
  void throughTheDaemonsInspectAndExport(@TempDir Path dir) throws Exception {
    DockerAvailable.requireCli();
    String tag =
        "cird-test-hostgpu/cuda:"
            + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    Path tar = TestImages.writeDockerSave(dir.resolve("cuda.tar"), cudaImage(tag, true));
    DockerAvailable.docker("load", "-i", tar.toString());
    try (HttpDaemonClient client = DockerAvailable.client()) {
      Evaluation e535 = CanIRunDocker.daemonImage(GpuHosts.driver535(), client, tag);
      // the compat library's head came through the single-pass export stream
      assertEquals(
          List.of("gpu.runtime", "gpu.require.depends-on-gpu", "gpu.compat.used"), gpuIds(e535));
      assertEquals(
          Verdict.UNSUPPORTED,
          CanIRunDocker.daemonImage(GpuHosts.driverWithoutToolkit(), client, tag).verdict());
    } finally {
      DockerAvailable.docker("rmi", "-f", tag);
    }
  }
}
