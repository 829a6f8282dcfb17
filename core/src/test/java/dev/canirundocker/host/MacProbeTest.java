package dev.canirundocker.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.canirundocker.testing.FakeSystem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The macOS probe from fixture sysctls, OSHI values and files: every path, on Linux. */
class MacProbeTest {
  static final long GIB = 1L << 30;
  static final String PLIST =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<plist version=\"1.0\">\n<dict>\n"
          + "\t<key>CFBundleName</key>\n\t<string>Docker</string>\n"
          + "\t<key>CFBundleShortVersionString</key>\n\t<string>4.34.2</string>\n</dict>\n</plist>\n";

  @TempDir Path root;

  void touch(String path, String content) throws IOException {
    Path p = root.resolve(path);
    Files.createDirectories(p.getParent());
    Files.writeString(p, content);
  }

  static FakeSystem mac(String cpuModel) {
    return new FakeSystem()
        .property("os.name", "Mac OS X")
        .property("os.version", "10.16")
        .sysctl("kern.osproductversion", "14.5")
        .sysctl("kern.osversion", "23F79")
        .sysctl("kern.osrelease", "23.5.0")
        .sysctl("kern.hv_support", "1")
        .sysctl("kern.hv_vmm_present", "0")
        .cpu(
            new CpuInfo(
                cpuModel.startsWith("Apple") ? "Apple Inc." : "GenuineIntel",
                cpuModel,
                null,
                8,
                8,
                Set.of(),
                0))
        .memory(16 * GIB);
  }

  HostProfile probe(FakeSystem sys) {
    return new LiveHostProbe(
            new ProbeOptions(root, Map.of("HOME", "/Users/ada"), false, null, null, null, sys))
        .probe();
  }

  @Test
  void appleSiliconWithRosettaAndDesktop() throws IOException {
    touch(MacProbe.ROSETTA, "");
    touch("Applications/Docker.app/Contents/Info.plist", PLIST);
    HostProfile h =
        probe(
            mac("Apple M2")
                .property("os.arch", "aarch64")
                .sysctl("hw.optional.arm64", "1")
                .sysctl("sysctl.proc_translated", "0"));
    assertEquals("darwin/arm64", h.platform().toString());
    assertEquals(new OsInfo("macos", "macOS", "14.5", "23F79", null, 64), h.os());
    assertEquals("macOS 14.5 (Apple M2)", h.os().summary(h.cpu()));
    assertEquals(
        new VmSupport(null, null, null, true, true, null, null, "4.34.2", null), h.vmSupport());
    assertEquals(new Virtualization(false, null, true, null, null, false), h.virtualization());
    assertEquals(List.of(), h.unknowns());
  }

  /**
   * An x86_64 JVM under Rosetta: os.arch says x86_64, the Mac is Apple silicon, Rosetta is there.
   */
  @Test
  void aTranslatedJvmStillSeesAppleSilicon() {
    HostProfile h =
        probe(
            mac("VirtualApple @ 2.50GHz processor")
                .property("os.arch", "x86_64")
                .sysctl("hw.optional.arm64", "1")
                .sysctl("sysctl.proc_translated", "1"));
    assertEquals("darwin/arm64", h.platform().toString());
    assertEquals(Boolean.TRUE, h.vmSupport().rosetta());
  }

  @Test
  void appleSiliconWithoutRosettaOrDesktop() {
    HostProfile h =
        probe(mac("Apple M1").property("os.arch", "aarch64").sysctl("hw.optional.arm64", "1"));
    assertEquals(Boolean.FALSE, h.vmSupport().rosetta());
    assertEquals(Boolean.FALSE, h.vmSupport().dockerDesktop());
    assertNull(h.vmSupport().dockerDesktopVersion());
  }

  @Test
  void intelMacHasNoArm64SysctlAndNoRosettaQuestion() throws IOException {
    touch("Users/ada/Applications/Docker.app/Contents/Info.plist", "bplist00\u0000\u0001binary");
    HostProfile h =
        probe(mac("Intel(R) Core(TM) i9-9880H CPU @ 2.30GHz").property("os.arch", "x86_64"));
    assertEquals("darwin/amd64", h.platform().toString());
    assertNull(h.vmSupport().rosetta());
    assertEquals(Boolean.TRUE, h.vmSupport().dockerDesktop());
    assertNull(h.vmSupport().dockerDesktopVersion(), "a binary plist is not guessed at");
    assertEquals(List.of(), h.unknowns());
  }

  @Test
  void withoutSysctlsTheJvmsViewIsUsedAndSaidSo() {
    HostProfile h =
        probe(
            new FakeSystem()
                .property("os.name", "Mac OS X")
                .property("os.version", "15.1")
                .property("os.arch", "aarch64"));
    assertEquals("darwin/arm64", h.platform().toString());
    assertEquals("15.1", h.os().version());
    assertEquals(
        List.of("platform", "cpu", "memory.totalBytes", "virtualization.firmwareEnabled"),
        h.unknowns().stream().map(Unknown::fact).toList());
  }
}
