package dev.canirundocker.fleet;

import dev.canirundocker.host.ExecProbeResult.Outcome;
import dev.canirundocker.host.HostProfile;
import dev.canirundocker.platform.Platform;
import dev.canirundocker.testing.Hosts;
import dev.canirundocker.testing.TestImages;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A fleet the tests judge: hosts this machine is not (amd64 at x86-64-v3 with QEMU, arm64 without
 * AArch32, an old kvm64 VM at x86-64-v1, Windows Server 2019 and 2022), saved as the profiles
 * {@code host --json} writes (src/test/resources/fleet/profiles, pinned by {@link
 * FleetFixturesTest}), and release archives the tests build.
 */
public final class FleetFixtures {
  private FleetFixtures() {}

  /** When the fixture profiles say they were collected. */
  public static final java.time.Instant COLLECTED = java.time.Instant.parse("2026-11-30T08:00:00Z");

  /**
   * The fleet by profile name, in file-name order; each says its hostname and when it was
   * collected.
   */
  public static Map<String, HostProfile> profiles() {
    Map<String, HostProfile> m = new LinkedHashMap<>();
    for (Map.Entry<String, HostProfile> e : bare().entrySet()) {
      m.put(e.getKey(), e.getValue().withOrigin(e.getKey() + ".fleet.example", COLLECTED));
    }
    return m;
  }

  private static Map<String, HostProfile> bare() {
    Map<String, HostProfile> m = new LinkedHashMap<>();
    m.put(
        "amd64-v3",
        Hosts.linux()
            .binfmt(Hosts.qemu("qemu-aarch64", "arm64", "PF", true))
            .binfmt(Hosts.qemu("qemu-arm", "arm", "PF", true))
            .probe("linux/amd64", Outcome.RAN, null)
            .probe("linux/386", Outcome.RAN, null)
            .probe("linux/arm64", Outcome.RAN, "/usr/libexec/qemu-binfmt/aarch64-binfmt-P")
            .build());
    m.put(
        "arm64-no-aarch32",
        Hosts.linux()
            .arch("arm64")
            .release("6.8.0-1015-aws")
            .config("CONFIG_COMPAT", null)
            .probe("linux/arm64", Outcome.RAN, null)
            .probe("linux/arm/v7", Outcome.EXEC_FORMAT_ERROR, null)
            .build());
    m.put(
        "kvm64-centos7",
        Hosts.linux()
            .level(1)
            .release("3.10.0-1160.el7.x86_64")
            .probe("linux/amd64", Outcome.RAN, null)
            .probe("linux/386", Outcome.RAN, null)
            .build());
    m.put(
        "win2019",
        Hosts.windows(
            "Windows Server 2019 Datacenter",
            "ServerDatacenter",
            17763,
            true,
            true,
            null,
            Boolean.TRUE));
    m.put(
        "win2022",
        Hosts.windows(
            "Windows Server 2022 Datacenter",
            "ServerDatacenter",
            20348,
            true,
            true,
            null,
            Boolean.TRUE));
    return m;
  }

  /** A release image: the entrypoint is a tiny ELF of the platform. */
  public static TestImages.Image image(String platform) {
    Platform p = Platform.parse(platform);
    TestImages.Image img = TestImages.image(p).tag("myapp:1.4.0");
    if (p.isLinux()) {
      img.layer(TestImages.layer().file("app", TestImages.elfFor(p), 0755)).entrypoint("/app");
    } else {
      img.layer(TestImages.layer().file("Files/app.exe", new byte[] {'M', 'Z', 0, 0}, 0644))
          .entrypoint("C:\\app.exe");
    }
    return img;
  }

  /** The release archives, by the name a command line would give them, written into {@code dir}. */
  public static Map<String, Path> archives(Path dir) {
    Map<String, Path> m = new LinkedHashMap<>();
    m.put(
        "myapp-amd64.tar",
        TestImages.writeDockerSave(dir.resolve("myapp-amd64.tar"), image("linux/amd64")));
    m.put(
        "myapp-multi.tar",
        TestImages.writeOciTar(
            dir.resolve("myapp-multi.tar"),
            TestImages.index().image(image("linux/amd64")).image(image("linux/arm64"))));
    m.put(
        "myapp-amd64v3.tar",
        TestImages.writeDockerSave(dir.resolve("myapp-amd64v3.tar"), image("linux/amd64/v3")));
    m.put(
        "myapp-ltsc2019.tar",
        TestImages.writeDockerSave(
            dir.resolve("myapp-ltsc2019.tar"), image("windows(10.0.17763.5458)/amd64")));
    return m;
  }
}
