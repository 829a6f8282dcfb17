package dev.canirundocker.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.canirundocker.CanIRunDocker;
import dev.canirundocker.check.Evaluation;
import dev.canirundocker.check.Finding;
import dev.canirundocker.check.Verdict;
import dev.canirundocker.elf.TestElf;
import dev.canirundocker.host.HostProfile;
import dev.canirundocker.platform.Platform;
import dev.canirundocker.testing.Hosts;
import dev.canirundocker.testing.TestImages;
import dev.canirundocker.testing.TestImages.Image;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Images no host can start: each class read from an archive and from a stream (the daemon's export
 * path), a {@code fail} finding naming the path and the problem, verdict UNSUPPORTED. The same
 * images are run with {@code docker run} in {@code e2e.CannotStartGroundTruthTest}.
 */
class CannotStartTest {
  static final Platform AMD64 = Platform.parse("linux/amd64");
  static final HostProfile HOST = Hosts.linux().build();

  @TempDir Path tmp;

  static Image base() {
    return TestImages.image(AMD64);
  }

  /** The one finding of that id, checked to be the only fail, from an archive and from a stream. */
  private Finding judged(Image img, String id) throws Exception {
    Path tar = TestImages.writeDockerSave(tmp.resolve(id + ".tar"), img);
    Evaluation a = CanIRunDocker.archive(HOST, ImageArchive.read(tar));
    ImageArchive s =
        ImageArchive.readStream(new ByteArrayInputStream(TestImages.dockerSave(img).bytes()), "s");
    Evaluation b = CanIRunDocker.image(HOST, s.image(0).profile("daemon", "img"));
    assertEquals(Verdict.UNSUPPORTED, a.verdict(), a.findings().toString());
    assertEquals(a.verdict(), b.verdict());
    assertEquals(a.findings(), b.findings());
    return a.findings().stream()
        .filter(f -> f.id().equals(id))
        .findFirst()
        .orElseThrow(() -> new AssertionError(id + " not in " + a.findings()));
  }

  @Test
  void entrypointMissing() throws Exception {
    Finding f =
        judged(
            base()
                .layer(TestImages.layer().file("bin/other", TestImages.elfFor(AMD64), 0755))
                .entrypoint("/bin/app"),
            "image.entrypoint.missing");
    assertEquals(
        "No container of this image can start, on any host: /bin/app does not exist in the"
            + " image; docker run fails with \"no such file or directory\"",
        f.message());
    assertEquals(
        "Point ENTRYPOINT/CMD at a file the image holds, or add the file to the image",
        f.remediation());
  }

  @Test
  void commandNotInPath() throws Exception {
    Finding f =
        judged(
            base()
                .layer(TestImages.layer().file("opt/app", TestImages.elfFor(AMD64), 0755))
                .cmd("app"),
            "image.entrypoint.missing");
    assertEquals(
        "No container of this image can start, on any host: 'app' is not an executable file"
            + " in PATH "
            + ImageConfig.DEFAULT_PATH
            + "; docker run fails with \"executable file not found"
            + " in $PATH\"",
        f.message());
  }

  @Test
  void entrypointWithoutExecuteBit() throws Exception {
    Finding f =
        judged(
            base()
                .layer(TestImages.layer().file("app", TestImages.elfFor(AMD64), 0644))
                .entrypoint("/app"),
            "image.entrypoint.not-executable");
    assertEquals(
        "No container of this image can start, on any host: /app is not executable (mode"
            + " 0644); the container would fail with permission denied; docker run fails with"
            + " \"permission denied\"",
        f.message());
  }

  @Test
  void entrypointIsADirectory() throws Exception {
    Finding f =
        judged(
            base().layer(TestImages.layer().dir("app")).entrypoint("/app"),
            "image.entrypoint.not-a-file");
    assertEquals(
        "No container of this image can start, on any host: /app is a directory; docker run"
            + " fails with \"permission denied\"",
        f.message());
  }

  @Test
  void scriptInterpreterMissing() throws Exception {
    Finding f =
        judged(
            base()
                .layer(TestImages.layer().file("run.sh", "#!/bin/bash\necho hi\n", 0755))
                .entrypoint("/run.sh"),
            "image.interpreter.missing");
    assertEquals(
        "No container of this image can start, on any host: interpreter of /run.sh: /bin/bash"
            + " does not exist in the image (/bin is missing); docker run fails with \"no such file or"
            + " directory\"",
        f.message());
  }

  @Test
  void dynamicElfWhoseLoaderIsMissing() throws Exception {
    Finding f =
        judged(
            base()
                .layer(
                    TestImages.layer()
                        .file("app", TestElf.dynamicX86_64("/lib/ld-musl-x86_64.so.1", 0), 0755))
                .entrypoint("/app"),
            "image.loader.missing");
    assertEquals(
        "No container of this image can start, on any host: the ELF interpreter (PT_INTERP)"
            + " of /app, /lib/ld-musl-x86_64.so.1 does not exist in the image (/lib is missing); docker run"
            + " fails with \"no such file or directory\"",
        f.message());
  }

  @Test
  void loaderWithoutExecuteBit() throws Exception {
    Finding f =
        judged(
            base()
                .layer(
                    TestImages.layer()
                        .file("lib/ld.so", TestElf.loaderX86_64(0x1), 0644)
                        .file("app", TestElf.dynamicX86_64("/lib/ld.so", 0), 0755))
                .entrypoint("/app"),
            "image.loader.missing");
    assertEquals(
        "No container of this image can start, on any host: the ELF interpreter (PT_INTERP)"
            + " of /app, /lib/ld.so is not executable (mode 0644); the container would fail with"
            + " permission denied; docker run fails with \"no such file or directory\"",
        f.message());
  }

  @Test
  void noCommand() throws Exception {
    Finding f =
        judged(
            base().layer(TestImages.layer().file("app", TestImages.elfFor(AMD64), 0755)),
            "image.command.none");
    assertEquals(
        "No container of this image can start, on any host: the image sets neither"
            + " Entrypoint nor Cmd; docker run fails with \"No command specified\"",
        f.message());
    assertEquals(
        "Give a command (docker run IMAGE COMMAND), or set ENTRYPOINT or CMD in the Dockerfile",
        f.remediation());
  }

  @Test
  void aPresentLoaderIsFoundAndStartsFine() throws Exception {
    Image img =
        base()
            .layer(
                TestImages.layer()
                    .file("lib64/ld-linux-x86-64.so.2", TestElf.loaderX86_64(0x1), 0755)
                    .symlink("lib/ld.so", "../lib64/ld-linux-x86-64.so.2")
                    .file("app", TestElf.dynamicX86_64("/lib/ld.so", 0), 0755))
            .entrypoint("/app");
    ImageProfile p =
        ImageArchive.read(TestImages.writeDockerSave(tmp.resolve("ok.tar"), img))
            .image(0)
            .profile("x");
    assertNull(p.startProblem());
    assertEquals("/lib64/ld-linux-x86-64.so.2", p.loaderPath());
    assertEquals(Verdict.NATIVE, CanIRunDocker.image(HOST, p).verdict());
  }
}
