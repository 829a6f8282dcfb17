package dev.canirundocker.check;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.canirundocker.CanIRunDocker;
import dev.canirundocker.elf.TestElf;
import dev.canirundocker.image.Distribution;
import dev.canirundocker.image.ImageArchive;
import dev.canirundocker.image.ImageProfile;
import dev.canirundocker.platform.Platform;
import dev.canirundocker.testing.Hosts;
import dev.canirundocker.testing.TestImages;
import dev.canirundocker.testing.TestImages.Image;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The x86-64 level an image's C library needs: from its loader's GNU property note, or from the
 * floor its distribution states (Red Hat Developers: RHEL 9 is built for x86-64-v2, RHEL 10 for
 * v3); glibc's own words (sysdeps/x86/dl-get-cpu-features.c) in the finding.
 */
class ImageStartRulesTest {
  static final Platform AMD64 = Platform.parse("linux/amd64");

  @TempDir Path tmp;

  private ImageProfile profile(Image img) throws Exception {
    return ImageArchive.read(TestImages.writeDockerSave(tmp.resolve("i.tar"), img))
        .image(0)
        .profile("x");
  }

  private static Image withLoader(int loaderBits) {
    return TestImages.image(AMD64)
        .layer(
            TestImages.layer()
                .file("lib64/ld-linux-x86-64.so.2", TestElf.loaderX86_64(loaderBits), 0755)
                .file("app", TestElf.dynamicX86_64("/lib64/ld-linux-x86-64.so.2", 0), 0755))
        .entrypoint("/app");
  }

  private static Image withOsRelease(String osRelease) {
    return TestImages.image(AMD64)
        .layer(
            TestImages.layer()
                .file("usr/lib/os-release", osRelease, 0644)
                .symlink("etc/os-release", "../usr/lib/os-release")
                .file("app", TestImages.elfFor(AMD64), 0755))
        .entrypoint("/app");
  }

  static final String UBI9 =
      "NAME=\"Red Hat Enterprise Linux\"\nVERSION=\"9.4 (Plow)\"\nID=\"rhel\"\n"
          + "ID_LIKE=\"fedora\"\nVERSION_ID=\"9.4\"\nPRETTY_NAME=\"Red Hat Enterprise Linux 9.4 (Plow)\"\n";
  static final String ROCKY9 =
      "NAME=\"Rocky Linux\"\nID=\"rocky\"\nID_LIKE=\"rhel centos fedora\"\n"
          + "VERSION_ID=\"9.3\"\nPRETTY_NAME=\"Rocky Linux 9.3 (Blue Onyx)\"\n";
  static final String CENTOS10 =
      "NAME=\"CentOS Stream\"\nID=\"centos\"\nID_LIKE=\"rhel fedora\"\n"
          + "VERSION_ID=\"10\"\nPRETTY_NAME=\"CentOS Stream 10 (Coughlan)\"\n";
  static final String DEBIAN =
      "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nID=debian\nVERSION_ID=\"12\"\n";

  @Test
  void theLoadersPropertyNoteSetsTheLevel() throws Exception {
    ImageProfile p = profile(withLoader(0x2));
    Evaluation v1 = CanIRunDocker.image(Hosts.linux().level(1).build(), p);
    assertEquals(Verdict.UNSUPPORTED, v1.verdict());
    Finding f = v1.findings().get(v1.findings().size() - 1);
    assertEquals("cpu.amd64-level", f.id());
    assertEquals(
        "The image's dynamic loader /lib64/ld-linux-x86-64.so.2 (its"
            + " GNU_PROPERTY_X86_ISA_1_NEEDED note) needs x86-64-v2 but this CPU is x86-64-v1; glibc's"
            + " loader aborts with \"Fatal glibc error: CPU does not support x86-64-v2\"",
        f.message());
    assertEquals(Verdict.NATIVE, CanIRunDocker.image(Hosts.linux().level(2).build(), p).verdict());
    assertEquals(
        Verdict.NATIVE,
        CanIRunDocker.image(Hosts.linux().level(1).build(), profile(withLoader(0x1))).verdict());
  }

  @Test
  void rhel9AndItsRebuildsNeedV2() throws Exception {
    for (String rel : List.of(UBI9, ROCKY9)) {
      ImageProfile p = profile(withOsRelease(rel));
      Evaluation e = CanIRunDocker.image(Hosts.linux().level(1).build(), p);
      assertEquals(Verdict.UNSUPPORTED, e.verdict(), rel);
      Finding f = e.findings().get(e.findings().size() - 1);
      assertEquals(
          "The image's distribution, "
              + p.distribution().prettyName()
              + " (os-release), needs"
              + " x86-64-v2 but this CPU is x86-64-v1; glibc's loader aborts with \"Fatal glibc error: CPU"
              + " does not support x86-64-v2\"",
          f.message());
      assertEquals(
          "Use an image built for a lower x86-64 level (UBI 8 / RHEL 8 is built for the x86-64"
              + " baseline), or a host whose CPU has x86-64-v2",
          f.remediation());
      assertEquals(
          Verdict.NATIVE, CanIRunDocker.image(Hosts.linux().level(2).build(), p).verdict());
    }
  }

  @Test
  void centosStream10NeedsV3AndDebianNothing() throws Exception {
    ImageProfile c = profile(withOsRelease(CENTOS10));
    assertEquals(
        Verdict.UNSUPPORTED, CanIRunDocker.image(Hosts.linux().level(2).build(), c).verdict());
    assertEquals(Verdict.NATIVE, CanIRunDocker.image(Hosts.linux().level(3).build(), c).verdict());
    ImageProfile d = profile(withOsRelease(DEBIAN));
    assertEquals("debian", d.distribution().id());
    assertEquals(Verdict.NATIVE, CanIRunDocker.image(Hosts.linux().level(1).build(), d).verdict());
  }

  @Test
  void distributionParsing() {
    Distribution d = Distribution.parse(ROCKY9.getBytes(StandardCharsets.UTF_8));
    assertEquals(
        new Distribution(
            "rocky", List.of("rhel", "centos", "fedora"), "9.3", "Rocky Linux 9.3 (Blue Onyx)"),
        d);
    assertEquals(9, d.majorVersion());
    assertEquals(2, DistributionFloor.of(d));
    assertEquals(null, Distribution.parse("# nothing\n".getBytes(StandardCharsets.UTF_8)));
  }
}
