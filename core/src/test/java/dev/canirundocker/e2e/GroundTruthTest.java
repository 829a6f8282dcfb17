package dev.canirundocker.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.canirundocker.CanIRunDocker;
import dev.canirundocker.check.Evaluation;
import dev.canirundocker.check.Verdict;
import dev.canirundocker.daemon.HttpDaemonClient;
import dev.canirundocker.host.HostProfile;
import dev.canirundocker.host.LiveHostProbe;
import dev.canirundocker.host.ProbeOptions;
import dev.canirundocker.host.exec.ProbeBinaries;
import dev.canirundocker.image.ImageArchive;
import dev.canirundocker.platform.Platform;
import dev.canirundocker.testing.DockerAvailable;
import dev.canirundocker.testing.TestImages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every verdict asserted here is checked against {@code docker run} of an image this test builds: a
 * docker-save tar whose entrypoint is the project's tiny static ELF for the platform.
 */
class GroundTruthTest {
  static final Path BINFMT = Path.of("/proc/sys/fs/binfmt_misc");
  static HttpDaemonClient client;
  static HostProfile host;
  @TempDir static Path dir;

  @BeforeAll
  static void daemon() {
    client = DockerAvailable.client();
    DockerAvailable.requireCli();
    host = probe();
  }

  static HostProfile probe() {
    return new LiveHostProbe(ProbeOptions.defaults()).probe();
  }

  /**
   * The tags this run loaded: removed afterwards, so the (shared) daemon is left as it was found.
   * The tag carries this JVM's pid: two runs at once on one daemon never remove each other's
   * images.
   */
  static final java.util.Set<String> LOADED = java.util.concurrent.ConcurrentHashMap.newKeySet();

  static String tag(String name) {
    return "cird-test/"
        + name.replaceAll("[^a-z0-9]+", "-")
        + ":run-"
        + ProcessHandle.current().pid();
  }

  @AfterAll
  static void removeWhatWasLoaded() {
    if (client == null) {
      return;
    }
    for (String t : LOADED) {
      DockerAvailable.docker("rmi", t);
    }
    // every tag is gone: a left-over would show up in the next run of check --all
    for (String t : LOADED) {
      assertNotEquals(
          0, assertDoesNotThrowRun("docker", "image", "inspect", t), t + " left behind");
    }
  }

  private static int assertDoesNotThrowRun(String... cmd) {
    try {
      return DockerAvailable.run(Duration.ofSeconds(60), cmd).exitCode();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /**
   * Builds, saves and loads an image whose /probe is the ELF of {@code binary}, declared as {@code
   * declared}.
   */
  static Path load(String name, Platform declared, Platform binary) throws IOException {
    Path tar = dir.resolve(name.replaceAll("[^a-z0-9]+", "-") + ".tar");
    TestImages.writeDockerSave(
        tar,
        TestImages.image(declared)
            .tag(tag(name))
            .layer(TestImages.layer().file("probe", ProbeBinaries.forPlatform(binary), 0755))
            .entrypoint("/probe"));
    DockerAvailable.docker("load", "-i", tar.toString());
    LOADED.add(tag(name));
    return tar;
  }

  /** Ground truth: does {@code docker run} of the image succeed? */
  static boolean runs(String tag, Platform platform) throws IOException {
    DockerAvailable.Result r =
        DockerAvailable.run(
            Duration.ofSeconds(60),
            "docker",
            "run",
            "--rm",
            "--network",
            "none",
            "--platform",
            platform.toString(),
            tag);
    return r.exitCode() == 0;
  }

  static boolean runnable(Verdict v) {
    return v == Verdict.NATIVE || v == Verdict.EMULATED;
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "linux/amd64",
        "linux/386",
        "linux/arm64",
        "linux/arm/v7",
        "linux/s390x",
        "linux/ppc64le"
      })
  void verdictAgreesWithDockerRun(String spec) throws Exception {
    Platform p = Platform.parse(spec);
    Path tar = load(spec, p, p);
    Evaluation daemon = CanIRunDocker.daemonImage(host, client, tag(spec));
    Evaluation archive = CanIRunDocker.archive(host, ImageArchive.read(tar));
    Evaluation bare = CanIRunDocker.platform(host, p);
    boolean ran = runs(tag(spec), p);
    assertEquals(
        ran,
        runnable(daemon.verdict()),
        spec
            + ": docker run "
            + (ran ? "ran" : "failed")
            + " but the verdict is "
            + daemon.verdict()
            + " "
            + daemon.findings());
    assertEquals(daemon.verdict(), archive.verdict(), spec + " archive: " + archive.findings());
    assertEquals(daemon.verdict(), bare.verdict(), spec + " --platform: " + bare.findings());
    if (p.architecture().equals("amd64")) {
      assertEquals(Verdict.NATIVE, daemon.verdict());
    }
    if (List.of("arm64", "arm", "s390x", "ppc64le").contains(p.architecture())
        && handlerWithF(p.architecture())) {
      assertEquals(Verdict.EMULATED, daemon.verdict(), daemon.findings().toString());
    }
  }

  @Test
  void mislabeledImagesAreJudgedByTheirBinary() throws Exception {
    Platform amd64 = Platform.parse("linux/amd64");
    Platform arm64 = Platform.parse("linux/arm64");
    load("says-amd64-is-arm64", amd64, arm64);
    Evaluation e = CanIRunDocker.daemonImage(host, client, tag("says-amd64-is-arm64"));
    assertTrue(e.has("image.mislabeled"), e.findings().toString());
    assertEquals("linux/arm64", e.platform().toString());
    assertEquals(runs(tag("says-amd64-is-arm64"), amd64), runnable(e.verdict()));

    load("says-arm64-is-amd64", arm64, amd64);
    Evaluation r = CanIRunDocker.daemonImage(host, client, tag("says-arm64-is-amd64"));
    assertTrue(r.has("image.mislabeled"), r.findings().toString());
    assertEquals(Verdict.NATIVE, r.verdict());
    assertTrue(runs(tag("says-arm64-is-amd64"), arm64), "docker run of the amd64 binary");
  }

  /**
   * check --all: one export stream of many images (several of one platform) gives each its own
   * verdict.
   */
  @Test
  void manyImagesFromOneExportStream() throws Exception {
    Platform amd64 = Platform.parse("linux/amd64");
    Platform arm64 = Platform.parse("linux/arm64");
    load("batch-a", amd64, amd64);
    load("batch-b", amd64, arm64);
    load("batch-c", arm64, arm64);
    List<String> ids = new java.util.ArrayList<>();
    for (String n : List.of("batch-a", "batch-b", "batch-c")) {
      ids.add(client.inspectImage(tag(n)).id());
    }
    Map<String, Evaluation> all = CanIRunDocker.daemonImages(host, client, ids);
    assertEquals(new java.util.HashSet<>(ids), all.keySet());
    for (int i = 0; i < ids.size(); i++) {
      String n = List.of("batch-a", "batch-b", "batch-c").get(i);
      Evaluation one = CanIRunDocker.daemonImage(host, client, tag(n));
      assertEquals(one.verdict(), all.get(ids.get(i)).verdict(), n);
      assertEquals(one.ids(), all.get(ids.get(i)).ids(), n);
    }
  }

  @Test
  void windowsArchiveIsUnsupportedHereAndTheDaemonRefusesIt() throws Exception {
    Path tar = dir.resolve("windows.tar");
    Platform win = Platform.parse("windows/amd64").withOsVersion("10.0.20348.2113");
    TestImages.writeDockerSave(
        tar,
        TestImages.image(win)
            .tag("cird-test/windows:1")
            .layer(TestImages.layer().file("Windows/System32/cmd.exe", "MZ", 0755))
            .entrypoint("cmd.exe"));
    Evaluation e = CanIRunDocker.archive(host, ImageArchive.read(tar));
    assertEquals(Verdict.UNSUPPORTED, e.verdict());
    assertEquals(List.of("os.windows-image"), e.ids());
    DockerAvailable.Result load =
        DockerAvailable.run(Duration.ofSeconds(60), "docker", "load", "-i", tar.toString());
    assertNotEquals(
        0, load.exitCode(), "the Linux daemon loaded a Windows image: " + load.stdout());
  }

  @Test
  void indexWithAndWithoutANativeEntry() throws Exception {
    Platform amd64 = Platform.parse("linux/amd64");
    Platform arm64 = Platform.parse("linux/arm64");
    Platform s390x = Platform.parse("linux/s390x");
    Path both =
        TestImages.writeOciTar(
            dir.resolve("both.tar"),
            TestImages.index().image(probeImage(arm64)).image(probeImage(amd64)));
    Evaluation e = CanIRunDocker.archive(host, ImageArchive.read(both));
    assertEquals(Verdict.NATIVE, e.verdict());
    assertEquals("linux/amd64", e.platform().toString());
    Path foreign =
        TestImages.writeOciTar(
            dir.resolve("foreign.tar"),
            TestImages.index()
                .image(probeImage(s390x))
                .image(probeImage(Platform.parse("linux/riscv64"))));
    Evaluation f = CanIRunDocker.archive(host, ImageArchive.read(foreign));
    assertTrue(f.has("image.index.no-native"), f.findings().toString());
    assertEquals(
        CanIRunDocker.platform(host, s390x).verdict().ordinal()
                <= CanIRunDocker.platform(host, Platform.parse("linux/riscv64")).verdict().ordinal()
            ? CanIRunDocker.platform(host, s390x).verdict()
            : CanIRunDocker.platform(host, Platform.parse("linux/riscv64")).verdict(),
        f.verdict());
  }

  static TestImages.Image probeImage(Platform p) {
    return TestImages.image(p)
        .layer(TestImages.layer().file("probe", ProbeBinaries.forPlatform(p), 0755))
        .entrypoint("/probe");
  }

  static boolean handlerWithF(String arch) throws IOException {
    String name =
        Map.of(
                "arm64",
                "qemu-aarch64",
                "arm",
                "qemu-arm",
                "s390x",
                "qemu-s390x",
                "ppc64le",
                "qemu-ppc64le")
            .get(arch);
    Path e = BINFMT.resolve(name);
    if (!Files.exists(e)) {
      return false;
    }
    String s = Files.readString(e);
    return s.startsWith("enabled")
        && s.lines().anyMatch(l -> l.startsWith("flags:") && l.contains("F"))
        && Files.readString(BINFMT.resolve("status")).trim().equals("enabled");
  }

  static void write(Path p, String s) throws IOException {
    Files.writeString(p, s);
  }

  /** The qemu handlers switched off: foreign images become UNSUPPORTED, and docker run fails. */
  @Test
  void disablingTheHandlerMakesArm64Unsupported() throws Exception {
    Path entry = BINFMT.resolve("qemu-aarch64");
    Assumptions.assumeTrue(Files.isWritable(entry), "needs root and a writable " + entry);
    Platform arm64 = Platform.parse("linux/arm64");
    load("toggle-arm64", arm64, arm64);
    write(entry, "0");
    try {
      HostProfile h = probe();
      Evaluation e = CanIRunDocker.daemonImage(h, client, tag("toggle-arm64"));
      assertEquals(Verdict.UNSUPPORTED, e.verdict(), e.findings().toString());
      assertEquals(List.of("binfmt.entry-disabled"), e.ids());
      assertTrue(
          !runs(tag("toggle-arm64"), arm64), "docker run succeeded with the handler disabled");
    } finally {
      write(entry, "1");
    }
    assertEquals(
        Verdict.EMULATED,
        CanIRunDocker.daemonImage(probe(), client, tag("toggle-arm64")).verdict());
  }

  /**
   * A second aarch64 handler without F, the one with F disabled: the host itself runs arm64
   * binaries (the probe runs), containers do not, and the verdict says UNSUPPORTED.
   */
  @Test
  void handlerWithoutFixBinaryFlagIsUnsupported() throws Exception {
    Path entry = BINFMT.resolve("qemu-aarch64");
    Assumptions.assumeTrue(
        Files.isWritable(BINFMT.resolve("register")) && Files.isWritable(entry),
        "needs root and a writable binfmt_misc");
    String interp =
        Files.readAllLines(entry).stream()
            .filter(l -> l.startsWith("interpreter "))
            .findFirst()
            .orElseThrow()
            .substring("interpreter ".length());
    Platform arm64 = Platform.parse("linux/arm64");
    load("nofix-arm64", arm64, arm64);
    Path mine = BINFMT.resolve("cird-aarch64-nofix");
    String magic =
        "\\x7fELF\\x02\\x01\\x01\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x02\\x00\\xb7\\x00";
    String mask =
        "\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\x00\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\xfe\\xff\\xff\\xff";
    write(entry, "0");
    try {
      write(
          BINFMT.resolve("register"),
          ":cird-aarch64-nofix:M:0:" + magic + ":" + mask + ":" + interp + ":P");
      HostProfile h = probe();
      assertTrue(h.execProbe(arm64).orElseThrow().ran(), "the host runs arm64 through the handler");
      Evaluation e = CanIRunDocker.daemonImage(h, client, tag("nofix-arm64"));
      assertEquals(Verdict.UNSUPPORTED, e.verdict(), e.findings().toString());
      assertEquals(List.of("binfmt.no-fix-binary"), e.ids());
      assertTrue(!runs(tag("nofix-arm64"), arm64), "docker run succeeded without the F flag");
    } finally {
      if (Files.exists(mine)) {
        write(mine, "-1");
      }
      write(entry, "1");
    }
  }

  static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }
}
