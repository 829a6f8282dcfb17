package dev.canirundocker.host.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.canirundocker.host.LinuxInfo.KernelConfigInfo;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KernelConfigsTest {
  private static final String CONFIG =
      String.join(
          "\n",
          "#",
          "# Automatically generated file; DO NOT EDIT.",
          "# Linux/x86 6.1.0 Kernel Configuration",
          "#",
          "CONFIG_CC_VERSION_TEXT=\"gcc (Debian 12.2.0-14) 12.2.0\"",
          "CONFIG_NAMESPACES=y",
          "CONFIG_OVERLAY_FS=m",
          "# CONFIG_BTRFS_FS is not set",
          "CONFIG_NR_CPUS=64",
          "CONFIG_LEGACY_N=n",
          "");

  @TempDir Path tmp;

  private static byte[] gzip(String s) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    try (OutputStream o = new GZIPOutputStream(b)) {
      o.write(s.getBytes(StandardCharsets.UTF_8));
    }
    return b.toByteArray();
  }

  private static KernelConfigInfo expected(String source) {
    return new KernelConfigInfo(
        source,
        "6.1.0",
        Map.of(
            "CONFIG_CC_VERSION_TEXT", "\"gcc (Debian 12.2.0-14) 12.2.0\"",
            "CONFIG_NAMESPACES", "y",
            "CONFIG_OVERLAY_FS", "m",
            "CONFIG_NR_CPUS", "64"));
  }

  @Test
  void parsesValuesNotSetLinesAndHeaderVersion() throws Exception {
    KernelConfigInfo c = KernelConfigs.parseKernelConfig(Arrays.asList(CONFIG.split("\n")), "x");
    assertEquals(expected("x"), c);
    assertNull(c.get("BTRFS_FS"));
    assertEquals("m", c.get("OVERLAY_FS"));
  }

  @Test
  void oldHeaderFormGivesTheVersion() throws Exception {
    KernelConfigInfo c =
        KernelConfigs.parseKernelConfig(
            List.of(
                "#",
                "# Automatically generated make config: don't edit",
                "# Linux kernel version: 2.6.18-398.el5",
                "CONFIG_X86=y"),
            "old");
    assertEquals("2.6.18-398.el5", c.version());
  }

  @Test
  void configWithoutHeaderHasNoVersion() throws Exception {
    assertNull(KernelConfigs.parseKernelConfig(List.of("CONFIG_X86=y"), "bare").version());
  }

  @Test
  void laterLineWins() throws Exception {
    KernelConfigInfo c =
        KernelConfigs.parseKernelConfig(
            List.of("CONFIG_A=y", "# CONFIG_A is not set", "CONFIG_B=y", "CONFIG_B=m"), "dup");
    assertEquals(Map.of("CONFIG_B", "m"), c.entries());
  }

  @Test
  void plainAndGzipFilesReadTheSameWhateverTheirNames() throws Exception {
    Path plain = tmp.resolve("config.gz"); // plain text despite the name
    Files.writeString(plain, CONFIG);
    Path gz = tmp.resolve("config-plain-name"); // gzip despite the name
    Files.write(gz, gzip(CONFIG));
    assertEquals(expected(plain.toString()), KernelConfigs.readKernelConfigFile(plain));
    assertEquals(expected(gz.toString()), KernelConfigs.readKernelConfigFile(gz));
  }

  @Test
  void missingFileIsNamed() {
    Path f = tmp.resolve("nope");
    KernelConfigException x =
        assertThrows(KernelConfigException.class, () -> KernelConfigs.readKernelConfigFile(f));
    assertEquals(f + ": not found", x.getMessage());
  }

  @Test
  void directoryIsNamed() {
    KernelConfigException x =
        assertThrows(KernelConfigException.class, () -> KernelConfigs.readKernelConfigFile(tmp));
    assertEquals(tmp + ": not a regular file", x.getMessage());
  }

  @Test
  void notAConfigIsNamed() throws Exception {
    Path f = tmp.resolve("notes.txt");
    Files.writeString(f, "hello\nworld\n");
    KernelConfigException x =
        assertThrows(KernelConfigException.class, () -> KernelConfigs.readKernelConfigFile(f));
    assertEquals(f + ": not a kernel config (no CONFIG_ lines)", x.getMessage());
  }

  @Test
  void binaryGarbageIsNotAConfig() throws Exception {
    Path f = tmp.resolve("vmlinuz");
    byte[] junk = new byte[4096];
    for (int i = 0; i < junk.length; i++) {
      junk[i] = (byte) (i * 31 + 7);
    }
    Files.write(f, junk);
    KernelConfigException x =
        assertThrows(KernelConfigException.class, () -> KernelConfigs.readKernelConfigFile(f));
    assertEquals(f + ": not a kernel config (no CONFIG_ lines)", x.getMessage());
  }

  @Test
  void truncatedGzipIsNamed() throws Exception {
    Path f = tmp.resolve("config.gz");
    byte[] gz = gzip(CONFIG);
    Files.write(f, Arrays.copyOf(gz, gz.length / 2));
    KernelConfigException x =
        assertThrows(KernelConfigException.class, () -> KernelConfigs.readKernelConfigFile(f));
    assertEquals(f + ": corrupt gzip data (Unexpected end of ZLIB input stream)", x.getMessage());
  }

  @Test
  void gzipMagicFollowedByJunkIsNamed() throws Exception {
    Path f = tmp.resolve("config.gz");
    Files.write(f, new byte[] {0x1f, (byte) 0x8b, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10});
    KernelConfigException x =
        assertThrows(KernelConfigException.class, () -> KernelConfigs.readKernelConfigFile(f));
    assertEquals(f + ": corrupt gzip data (Unsupported compression method)", x.getMessage());
  }

  @Test
  void gzipBombIsBounded() throws Exception {
    Path f = tmp.resolve("bomb.gz");
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    try (OutputStream o = new GZIPOutputStream(b)) {
      byte[] line = "CONFIG_A=y\n".getBytes(StandardCharsets.US_ASCII);
      for (long n = 0; n <= KernelConfigs.MAX_CONFIG_BYTES / line.length + 1; n++) {
        o.write(line);
      }
    }
    Files.write(f, b.toByteArray());
    KernelConfigException x =
        assertThrows(KernelConfigException.class, () -> KernelConfigs.readKernelConfigFile(f));
    assertEquals(f + ": decompressed config larger than 16777216 bytes", x.getMessage());
  }

  @Test
  void candidatePathsFollowCheckConfigThenSystemValidators() {
    assertEquals(
        List.of(
            "/tmp/my.config",
            "/proc/config.gz",
            "/boot/config-6.1.0-18-amd64",
            "/usr/src/linux-6.1.0-18-amd64/.config",
            "/usr/src/linux/.config",
            "/usr/lib/modules/6.1.0-18-amd64/config",
            "/lib/modules/6.1.0-18-amd64/config",
            "/usr/lib/ostree-boot/config-6.1.0-18-amd64",
            "/usr/lib/kernel/config-6.1.0-18-amd64",
            "/usr/src/linux-headers-6.1.0-18-amd64/.config",
            "/lib/modules/6.1.0-18-amd64/build/.config"),
        KernelConfigs.candidatePaths("6.1.0-18-amd64", Map.of("CONFIG", "/tmp/my.config")));
    assertEquals(
        List.of("/proc/config.gz", "/usr/src/linux/.config"),
        KernelConfigs.candidatePaths(null, Map.of()));
  }

  @Test
  void findPrefersProcConfigGzUnderTheRoot() throws Exception {
    Files.createDirectories(tmp.resolve("proc"));
    Files.write(tmp.resolve("proc/config.gz"), gzip(CONFIG));
    Files.createDirectories(tmp.resolve("boot"));
    Files.writeString(tmp.resolve("boot/config-6.1.0"), "CONFIG_OTHER=y\n");
    assertEquals(expected("/proc/config.gz"), KernelConfigs.find(tmp, "6.1.0", Map.of()));
  }

  @Test
  void findUsesConfigEnvFirstResolvedUnderTheRoot() throws Exception {
    Files.createDirectories(tmp.resolve("proc"));
    Files.write(tmp.resolve("proc/config.gz"), gzip("CONFIG_OTHER=y\n"));
    Files.createDirectories(tmp.resolve("srv"));
    Files.writeString(tmp.resolve("srv/kconfig"), CONFIG);
    assertEquals(
        expected("/srv/kconfig"),
        KernelConfigs.find(tmp, "6.1.0", Map.of("CONFIG", "/srv/kconfig")));
  }

  @Test
  void findSkipsABrokenCandidateForAGoodOneFurtherDown() throws Exception {
    Files.createDirectories(tmp.resolve("proc"));
    Files.writeString(tmp.resolve("proc/config.gz"), "junk\n");
    Files.createDirectories(tmp.resolve("usr/lib/modules/6.1.0"));
    Files.writeString(tmp.resolve("usr/lib/modules/6.1.0/config"), CONFIG);
    assertEquals(
        expected("/usr/lib/modules/6.1.0/config"), KernelConfigs.find(tmp, "6.1.0", Map.of()));
  }

  @Test
  void findNamesWhatItTriedWhenNothingExists() {
    KernelConfigException x =
        assertThrows(KernelConfigException.class, () -> KernelConfigs.find(tmp, null, Map.of()));
    assertEquals(
        "no kernel config found (tried /proc/config.gz, /usr/src/linux/.config)", x.getMessage());
  }

  @Test
  void findReportsTheBrokenCandidatesWhenNoneWorks() throws Exception {
    Files.createDirectories(tmp.resolve("proc"));
    Files.writeString(tmp.resolve("proc/config.gz"), "junk\n");
    KernelConfigException x =
        assertThrows(KernelConfigException.class, () -> KernelConfigs.find(tmp, "6.1.0", Map.of()));
    assertEquals("/proc/config.gz: not a kernel config (no CONFIG_ lines)", x.getMessage());
  }

  @Test
  void invalidConfigEnvPathIsAProblemNotACrash() {
    KernelConfigException x =
        assertThrows(
            KernelConfigException.class,
            () -> KernelConfigs.find(tmp, null, Map.of("CONFIG", "/bad\0path")));
    assertEquals("/bad?path: invalid path", x.getMessage());
  }

  /**
   * The hand matching of config lines against the regexes it replaced, on real-looking lines and
   * their mutations (line terminators inside and at the end, bad name characters, missing parts).
   */
  @Test
  void matchesLinesAsTheRegexesDid() throws KernelConfigException {
    java.util.regex.Pattern set = java.util.regex.Pattern.compile("^(CONFIG_[A-Za-z0-9_]+)=(.*)$");
    java.util.regex.Pattern notSet =
        java.util.regex.Pattern.compile("^# (CONFIG_[A-Za-z0-9_]+) is not set$");
    String[] seeds = {
      "CONFIG_A=y",
      "CONFIG_AB_9=m",
      "CONFIG_X=\"str=ing\"",
      "CONFIG_N=n",
      "CONFIG_E=",
      "# CONFIG_B is not set",
      "# CONFIG_ is not set",
      "CONFIG_=y",
      "CONFIG-A=y",
      "#CONFIG_C is not set"
    };
    String[] pieces = {
      "\u0085", "\u2028", "\u2029", "\r", "=", " ", "-", "_", "a", "#", "\u00e9", ""
    };
    java.util.Random r = new java.util.Random(7);
    for (int i = 0; i < 20_000; i++) {
      StringBuilder b = new StringBuilder(seeds[r.nextInt(seeds.length)]);
      for (int k = r.nextInt(3); k > 0; k--) {
        b.insert(r.nextInt(b.length() + 1), pieces[r.nextInt(pieces.length)]);
      }
      String line = b.toString();
      Map<String, String> expected = new java.util.LinkedHashMap<>();
      String stripped = line.strip();
      java.util.regex.Matcher m = set.matcher(stripped);
      boolean any = false;
      if (m.matches()) {
        any = true;
        if (!m.group(2).equals("n")) {
          expected.put(m.group(1), m.group(2));
        }
      } else if (notSet.matcher(stripped).matches()) {
        any = true;
      }
      if (any) {
        assertEquals(expected, KernelConfigs.parseKernelConfig(List.of(line), "t").entries(), line);
      } else {
        assertThrows(
            KernelConfigException.class,
            () -> KernelConfigs.parseKernelConfig(List.of(line), "t"),
            line);
      }
    }
  }
}
