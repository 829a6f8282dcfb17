package dev.canirundocker.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.canirundocker.cli.MainTest.Run;
import dev.canirundocker.host.exec.ProbeBinaries;
import dev.canirundocker.platform.Platform;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input through the command line: every case exits 1 (2 for usage errors) with empty stdout and
 * one stderr line naming the input and the problem; {@code -v} adds the stack trace. Saved host
 * profiles keep the live host out of it.
 */
class HostileInputTest {
  static final AtomicInteger CASES = new AtomicInteger();

  @TempDir Path tmp;
  Path host;

  static Run run(String... args) {
    return MainTest.runIn(
        Map.of("NO_COLOR", "1"),
        opts -> {
          throw new AssertionError("the live host must not be probed here");
        },
        false,
        args);
  }

  /** Exit 1, no stdout, exactly one stderr line; with -v the same line after a stack trace. */
  static void bad(String problem, String... args) {
    CASES.incrementAndGet();
    Run r = run(args);
    String line = "can-i-run-docker: " + problem + "\n";
    assertEquals(line, r.err(), () -> String.join(" ", args));
    assertEquals(1, r.code(), r.err());
    assertEquals("", r.out());
    List<String> verbose = new ArrayList<>(List.of("-v"));
    verbose.addAll(Arrays.asList(args));
    Run v = run(verbose.toArray(new String[0]));
    assertEquals(1, v.code(), v.err());
    assertEquals("", v.out());
    assertTrue(v.err().contains("\tat dev.canirundocker."), v.err());
    assertTrue(v.err().endsWith(line), v.err());
  }

  static void usage(String problem, String... args) {
    CASES.incrementAndGet();
    Run r = run(args);
    assertEquals(2, r.code(), r.err());
    assertEquals("", r.out());
    assertEquals(
        "can-i-run-docker: " + problem + "\n" + "Try 'can-i-run-docker check --help' for more.\n",
        r.err());
  }

  @AfterAll
  static void count() {
    System.out.println("HostileInputTest: " + CASES.get() + " bad inputs through the CLI");
  }

  @BeforeEach
  void hostProfile() throws IOException {
    host = Files.writeString(tmp.resolve("host.json"), Fixtures.macAppleSilicon().toJsonString());
  }

  /**
   * A bad archive is an error result, not an abort: exit 1, its reason as the one stderr line
   * (after the stack trace with -v), and on stdout its ERROR result (text) or the document with an
   * error object (JSON).
   */
  private void badArchive(Path archive, String problem) {
    CASES.incrementAndGet();
    String reason = "archive " + archive + ": " + problem;
    String[] args = {"check", "--host-profile", host.toString(), "--archive", archive.toString()};
    Run r = run(args);
    String line = "can-i-run-docker: " + reason + "\n";
    assertEquals(line, r.err(), () -> String.join(" ", args));
    assertEquals(1, r.code(), r.err());
    assertEquals("ERROR  " + archive + "\n  " + reason + " [archive.unreadable]\n", r.out());
    Run v = run("-v", "check", "--host-profile", host.toString(), "--archive", archive.toString());
    assertEquals(1, v.code(), v.err());
    assertTrue(v.err().contains("\tat dev.canirundocker."), v.err());
    assertTrue(v.err().endsWith(line), v.err());
    Run j =
        run("check", "--json", "--host-profile", host.toString(), "--archive", archive.toString());
    assertEquals(1, j.code(), j.err());
    assertEquals(line, j.err());
    @SuppressWarnings("unchecked")
    Map<String, Object> result =
        ((List<Map<String, Object>>)
                dev.canirundocker.json.Json.parseObject(j.out()).get("results"))
            .get(0);
    assertEquals(Map.of("kind", "archive.unreadable", "message", reason), result.get("error"));
    assertEquals(null, result.get("verdict"));
    JsonSchemaTest.assertValid("check", j.out());
  }

  private Path file(String name, byte[] content) throws IOException {
    return Files.write(tmp.resolve(name), content);
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static final byte[] ELF = ProbeBinaries.forPlatform(Platform.parse("linux/amd64"));

  // ------------------------------------------------------------------ check --archive

  @Test
  void aGoodArchiveIsJudged() throws IOException {
    // the baseline the hostile cases below depart from
    Path a = file("good.tar", CliTar.dockerSave(ELF));
    Run r = run("check", "--host-profile", host.toString(), "--archive", a.toString());
    assertEquals(4, r.code(), r.err());
    assertEquals("", r.err());
    assertTrue(r.out().startsWith("NEEDS_VM  " + a + " (linux/amd64)\n"), r.out());
  }

  @Test
  void archivesNeedNoDaemon() throws IOException {
    // the endpoint is a dead socket: an archive check never asks it
    Path dead = tmp.resolve("dead.sock");
    Files.createFile(dead);
    Path a = file("good.tar", CliTar.dockerSave(ELF));
    Run r =
        run(
            "check",
            "--json",
            "--host-profile",
            host.toString(),
            "--docker-host",
            "unix://" + dead,
            "--archive",
            a.toString());
    assertEquals(4, r.code(), r.err());
    assertEquals("", r.err());
    assertFalse(r.out().contains("\"daemon\""), r.out());
  }

  @Test
  void truncatedTar() throws IOException {
    byte[] all = CliTar.dockerSave(ELF);
    int manifest = all.length - 1024 - 1024; // the last member: its header and one data block
    badArchive(
        file("t.tar", Arrays.copyOf(all, manifest + 512 + 5)),
        "truncated tar (ended inside the data of entry 'manifest.json')");
    badArchive(
        file("h.tar", Arrays.copyOf(all, manifest + 100)),
        "truncated tar (ended inside a header at offset " + manifest + ")");
  }

  @Test
  void compressedArchivesThatAreCutOrInflateToNothing() throws IOException {
    byte[] gz = CliTar.gzip(CliTar.dockerSave(ELF));
    // cut inside the stream: the inflater runs out of input inside the layer, and the innermost
    // tar says where
    byte[] cut = Arrays.copyOf(gz, gz.length / 2);
    badArchive(
        file("cut.tar.gz", cut),
        "layer "
            + CliTar.sha256(CliTar.probeLayer(ELF))
            + "/layer.tar: truncated tar (ended inside the data of entry 'probe')");
    // 64 MiB of zeros in 64 KiB: read as a stream, never held; zeros are the tar end marker
    badArchive(
        file("bomb.tar.gz", CliTar.gzip(new byte[64 << 20])),
        "neither a docker-save archive (no manifest.json) nor an OCI image layout (no oci-layout)");
    // a member claiming 64 MiB of zeros is skipped through, not kept
    byte[] big = new CliTar().file("blob", new byte[64 << 20]).finish();
    badArchive(
        file("bomb2.tar.gz", CliTar.gzip(big)),
        "neither a docker-save archive (no manifest.json) nor an OCI image layout (no oci-layout)");
  }

  @Test
  void namesThatLeaveTheArchive() throws IOException {
    badArchive(
        new CliTar().file("../evil", "x").write(tmp.resolve("a.tar")),
        "entry '../evil' has a path traversal name");
    badArchive(
        new CliTar().file("a/../../evil", "x").write(tmp.resolve("b.tar")),
        "entry 'a/../../evil' has a path traversal name");
    badArchive(
        new CliTar().file("/etc/passwd", "x").write(tmp.resolve("c.tar")),
        "entry '/etc/passwd' has an absolute name");
    badArchive(
        new CliTar()
            .entry("abc/layer.tar", '2', "../../../etc/shadow", null)
            .write(tmp.resolve("d.tar")),
        "entry 'abc/layer.tar' is a symbolic link pointing outside the archive ('../../../etc/shadow')");
    badArchive(
        new CliTar().entry("abc/layer.tar", '2', "/etc/shadow", null).write(tmp.resolve("e.tar")),
        "entry 'abc/layer.tar' is a symbolic link pointing outside the archive ('/etc/shadow')");
    badArchive(
        new CliTar()
            .file("manifest.json", "[{\"Config\":\"../x.json\",\"Layers\":[]}]")
            .write(tmp.resolve("f.tar")),
        "entry '../x.json' has a path traversal name");
  }

  @Test
  void escapeSequencesInNamesDoNotReachTheTerminal() throws IOException {
    badArchive(
        new CliTar().file("/\u001b[2J\u001b]0;pwned\u0007\nx", "x").write(tmp.resolve("a.tar")),
        "entry '/\\x1b[2J\\x1b]0;pwned\\x07\\nx' has an absolute name");
  }

  @Test
  void duplicateEntries() throws IOException {
    badArchive(
        new CliTar()
            .file("manifest.json", "[]")
            .file("./manifest.json", "[]")
            .write(tmp.resolve("a.tar")),
        "duplicate entry 'manifest.json'");
  }

  @Test
  void giantJson() throws IOException {
    byte[] json = new byte[9 << 20];
    Arrays.fill(json, (byte) ' ');
    json[0] = '[';
    json[json.length - 1] = ']';
    badArchive(
        new CliTar().file("manifest.json", json).write(tmp.resolve("a.tar")),
        "manifest.json is 9437184 bytes, more than the limit of 8388608 bytes for JSON");
    // deep nesting is refused, not a stack overflow
    badArchive(
        new CliTar().file("manifest.json", "[".repeat(100_000)).write(tmp.resolve("b.tar")),
        "manifest.json: nesting deeper than 64 at offset 64");
  }

  @Test
  void jsonOfTheWrongShape() throws IOException {
    badArchive(
        new CliTar().file("manifest.json", "{\"Config\":\"x\"}").write(tmp.resolve("a.tar")),
        "manifest.json: expected an array but found an object");
    badArchive(
        new CliTar().file("manifest.json", "[{\"Layers\":[]}]").write(tmp.resolve("b.tar")),
        "manifest.json[0].Config: missing");
    badArchive(
        new CliTar()
            .file("manifest.json", "[{\"Config\":42,\"Layers\":[]}]")
            .write(tmp.resolve("c.tar")),
        "manifest.json[0].Config: expected a string but found a number");
    badArchive(
        new CliTar().file("manifest.json", "[{\"Config\":").write(tmp.resolve("d.tar")),
        "manifest.json: unexpected end of input at offset 11");
  }

  /** An OCI layout directory with the given index.json and blobs (digest → content). */
  private Path layout(String name, String index, Map<String, byte[]> blobs) throws IOException {
    Path d = Files.createDirectories(tmp.resolve(name).resolve("blobs/sha256"));
    Files.writeString(
        tmp.resolve(name).resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
    Files.writeString(tmp.resolve(name).resolve("index.json"), index);
    for (Map.Entry<String, byte[]> b : blobs.entrySet()) {
      Files.write(d.resolve(b.getKey()), b.getValue());
    }
    return tmp.resolve(name);
  }

  private static String index(String mediaType, String hex, long size) {
    return "{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":\""
        + mediaType
        + "\",\"digest\":\"sha256:"
        + hex
        + "\",\"size\":"
        + size
        + "}]}";
  }

  static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
  static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";

  @Test
  void digestMismatch() throws IOException {
    byte[] manifest = utf8("{\"schemaVersion\":2}");
    String hex = CliTar.sha256(manifest);
    byte[] other = utf8("{\"schemaVersion\":3}");
    Path d = layout("d", index(OCI_MANIFEST, hex, manifest.length), Map.of(hex, other));
    badArchive(
        d,
        "blob sha256:" + hex + " digest mismatch (content is sha256:" + CliTar.sha256(other) + ")");
  }

  @Test
  void indexCycle() throws IOException {
    // an index naming itself would need a sha256 fixed point: the digest check stops it first
    String self = "ab".repeat(32);
    String body = index(OCI_INDEX, self, 0);
    body = index(OCI_INDEX, self, body.length() + String.valueOf(body.length()).length() - 1);
    Path d = layout("d", body, Map.of(self, utf8(body)));
    badArchive(
        d,
        "blob sha256:"
            + self
            + " digest mismatch (content is sha256:"
            + CliTar.sha256(utf8(body))
            + ")");
  }

  @Test
  void missingBlob() throws IOException {
    String hex = "cd".repeat(32);
    Path d = layout("d", index(OCI_MANIFEST, hex, 10), Map.of());
    badArchive(d, "missing blob sha256:" + hex);
  }

  @Test
  void notAnArchiveAtAll() throws IOException {
    badArchive(file("empty.tar", new byte[0]), "empty file");
    badArchive(tmp.resolve("missing.tar"), "no such file");
    badArchive(
        Files.createDirectory(tmp.resolve("dir")),
        "directory is not an OCI image layout (no oci-layout file)");
    byte[] junk = new byte[4096];
    new java.util.Random(1).nextBytes(junk);
    badArchive(file("junk.tar", junk), "invalid tar header at offset 0 (checksum is not octal)");
    badArchive(
        new CliTar().file("hello.txt", "hi").write(tmp.resolve("h.tar")),
        "neither a docker-save archive (no manifest.json) nor an OCI image layout (no oci-layout)");
  }

  // ------------------------------------------------------------------ --host-profile

  private void badProfile(Path p, String problem) {
    bad("--host-profile " + p + ": " + problem, "host", "--host-profile", p.toString());
  }

  @Test
  void hostProfiles() throws IOException {
    badProfile(file("empty.json", new byte[0]), "unexpected end of input at offset 0");
    badProfile(
        file("junk.json", new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1, 0, (byte) 0xff}),
        "not UTF-8 text, not a host profile");
    badProfile(file("array.json", utf8("[]")), "expected a JSON object but found an array");
    badProfile(
        file("v2.json", utf8("{\"schemaVersion\": 2}")),
        "schemaVersion: unsupported version 2 (this version reads 1)");
    badProfile(file("nov.json", utf8("{\"platform\": \"linux/amd64\"}")), "schemaVersion: missing");
    badProfile(
        file("vstr.json", utf8("{\"schemaVersion\": \"1\"}")),
        "schemaVersion: expected an integer but found a string");
    badProfile(file("noplat.json", utf8("{\"schemaVersion\": 1}")), "platform: missing");
    // an integer too large for the field is out of range, not "no integer" (the parser keeps it
    // exact; JSON itself has no limit)
    badProfile(
        file(
            "mem.json",
            utf8(
                "{\"schemaVersion\": 1, \"platform\": \"linux/amd64\", "
                    + "\"memory\": {\"totalBytes\": 1000000000000000000000000000000}}")),
        "memory.totalBytes: 1000000000000000000000000000000 is out of range "
            + "(-9223372036854775808 to 9223372036854775807)");
    badProfile(
        file(
            "memexp.json",
            utf8(
                "{\"schemaVersion\": 1, \"platform\": \"linux/amd64\", "
                    + "\"memory\": {\"totalBytes\": 1e300}}")),
        "memory.totalBytes: is out of range (-9223372036854775808 to 9223372036854775807)");
    badProfile(
        file(
            "memfrac.json",
            utf8(
                "{\"schemaVersion\": 1, \"platform\": \"linux/amd64\", "
                    + "\"memory\": {\"totalBytes\": 1.5}}")),
        "memory.totalBytes: expected an integer but found a number");
    badProfile(
        file(
            "memneg.json",
            utf8(
                "{\"schemaVersion\": 1, \"platform\": \"linux/amd64\", "
                    + "\"memory\": {\"totalBytes\": -1}}")),
        "memory.totalBytes: -1 is negative; expected a count of 0 or more");
    badProfile(
        file("badplat.json", utf8("{\"schemaVersion\": 1, \"platform\": \"plan9/z80\"}")),
        "invalid platform 'plan9/z80': unknown architecture 'z80'");
    badProfile(
        file(
            "cpu.json",
            utf8("{\"schemaVersion\": 1, \"platform\": \"linux/amd64\", \"cpu\": [1]}")),
        "cpu: expected an object but found an array");
    badProfile(
        file("deep.json", utf8("{\"a\":".repeat(50_000))), "nesting deeper than 64 at offset 320");
    badProfile(
        Files.createDirectory(tmp.resolve("dir.json")), "is a directory, not a host profile");
    Path huge = tmp.resolve("huge.json");
    try (var ch =
        java.nio.channels.FileChannel.open(
            huge,
            java.nio.file.StandardOpenOption.CREATE_NEW,
            java.nio.file.StandardOpenOption.WRITE)) {
      ch.write(java.nio.ByteBuffer.wrap(new byte[] {' '}), 17L << 20); // sparse
    }
    badProfile(huge, "larger than 16 MiB, not a host profile");
  }

  // ------------------------------------------------------------------ kernel --config

  private void badConfig(Path p, String problem) {
    bad("--config " + p + ": " + problem, "kernel", "--config", p.toString());
  }

  @Test
  void kernelConfigs() throws IOException {
    badConfig(file("empty", new byte[0]), "not a kernel config (no CONFIG_ lines)");
    byte[] junk = new byte[4096];
    new java.util.Random(2).nextBytes(junk);
    junk[0] = 'x';
    badConfig(file("junk", junk), "not a kernel config (no CONFIG_ lines)");
    badConfig(
        file("bomb.gz", CliTar.gzip(new byte[64 << 20])),
        "decompressed config larger than 16777216 bytes");
    badConfig(
        file("cut.gz", Arrays.copyOf(CliTar.gzip(utf8("CONFIG_A=y\n".repeat(1000))), 40)),
        "corrupt gzip data (Unexpected end of ZLIB input stream)");
    badConfig(tmp.resolve("missing"), "not found");
    badConfig(Files.createDirectory(tmp.resolve("dir")), "is a directory, not a kernel config");
  }

  // ------------------------------------------------------------------ the command line

  /** A UNIX socket that counts connections and never answers: nothing may be sent to it. */
  private ServerSocketChannel listener(Path sock, AtomicInteger connections) throws IOException {
    ServerSocketChannel s = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    s.bind(UnixDomainSocketAddress.of(sock));
    Thread t =
        new Thread(
            () -> {
              while (s.isOpen()) {
                try (SocketChannel c = s.accept()) {
                  connections.incrementAndGet();
                } catch (IOException e) {
                  return;
                }
              }
            });
    t.setDaemon(true);
    t.start();
    return s;
  }

  @Test
  void badImageReferencesAreRefusedBeforeTheDaemonIsAsked() throws IOException {
    AtomicInteger connections = new AtomicInteger();
    Path sock = tmp.resolve("d.sock");
    try (ServerSocketChannel s = listener(sock, connections)) {
      String dh = "unix://" + sock;
      String[][] cases = {
        {"UPPER CASE", "invalid image reference 'UPPER CASE': invalid reference format"},
        {"Alpine:3.20", "invalid image reference 'Alpine:3.20': repository name must be lowercase"},
        {"", "invalid image reference '': empty"},
        {"alpine latest", "invalid image reference 'alpine latest': invalid reference format"},
        {"alpine\n", "invalid image reference 'alpine\\n': invalid reference format"},
        {"al\u001b[31mpine", "invalid image reference 'al\\x1b[31mpine': invalid reference format"},
        {"../../etc", "invalid image reference '../../etc': invalid reference format"},
        {"alpine:", "invalid image reference 'alpine:': invalid reference format"},
        {
          "alpine@sha256:xyz",
          "invalid image reference 'alpine@sha256:xyz': invalid reference format"
        },
        {
          "a".repeat(256),
          "invalid image reference '"
              + "a".repeat(64)
              + "… (256 characters)': repository name must not be more than 255 characters"
        },
      };
      for (String[] c : cases) {
        bad(
            c[1],
            "check",
            "--host-profile",
            host.toString(),
            "--docker-host",
            dh,
            "alpine:3.20",
            c[0]);
      }
    }
    assertEquals(0, connections.get());
  }

  @Test
  void conflictingAndMissingOptionsAreUsageErrors() {
    usage(
        "check: --all and IMAGE names exclude each other",
        "check",
        "--host-profile",
        host.toString(),
        "--all",
        "alpine");
    usage(
        "check: name images, --platform, --archive, --gpu-requirement or --all",
        "check",
        "--host-profile",
        host.toString());
    CASES.incrementAndGet();
    Run r = run("check", "--platform");
    assertEquals(2, r.code());
    assertEquals("", r.out());
    assertFalse(r.err().isEmpty());
  }

  @Test
  void unknownPlatforms() {
    String accepted =
        " (accepted: os/arch[/variant] such as linux/amd64 or linux/arm/v7, "
            + "os(version)/arch for a Windows build, or a bare architecture such as arm64)";
    String[][] cases = {
      {
        "plan10/arm",
        "--platform: invalid platform 'plan10/arm': unknown operating system 'plan10'; "
            + "did you mean plan9/arm?"
      },
      {"linux/z80", "--platform: invalid platform 'linux/z80': unknown architecture 'z80'"},
      {
        "linux/amd46",
        "--platform: invalid platform 'linux/amd46': unknown architecture 'amd46'; "
            + "did you mean linux/amd64?"
      },
      {
        "linux:arm64",
        "--platform: invalid platform 'linux:arm64': 'linux:arm64' has characters a "
            + "platform cannot have; did you mean linux/arm64?"
      },
      {
        "linux/arm/",
        "--platform: invalid platform 'linux/arm/': empty variant; did you mean linux/arm?"
      },
      {"a/b/c/d", "--platform: invalid platform 'a/b/c/d': expected os/arch[/variant]"},
      {
        "linux/\u001b[2Jamd64",
        "--platform: invalid platform 'linux/\\x1b[2Jamd64': '\\x1b[2jamd64' has "
            + "characters a platform cannot have"
      },
    };
    // an empty value, or an empty element of a list, is refused whole, naming what was typed
    for (String empty : new String[] {"", " ", "linux/amd64,"}) {
      usage(
          "--platform '"
              + empty
              + "': empty platform in the comma-separated list (expected "
              + "PLATFORM[,PLATFORM...])",
          "check",
          "--host-profile",
          host.toString(),
          "--platform",
          empty);
    }
    for (String[] c : cases) {
      usage(c[1] + accepted, "check", "--host-profile", host.toString(), "--platform", c[0]);
      // in a comma list too, and the images after it are not swallowed
      usage(
          c[1] + accepted,
          "check",
          "--host-profile",
          host.toString(),
          "--platform",
          "linux/amd64," + c[0],
          "alpine:3.20");
    }
  }

  @Test
  void tinyTimeoutsAreUsageErrorsNamingTheOption() {
    for (String[] t :
        new String[][] {
          {"0.0001", "0.0001"},
          {"0", "0"},
          {"-1", "-1"},
          {"3601", "3601"},
          {"NaN", "NaN"},
          {"1e-9", "0.000000001"}
        }) {
      CASES.incrementAndGet();
      Run r = run("check", "--host-profile", host.toString(), "--timeout", t[0], "alpine:3.20");
      assertEquals(2, r.code(), r.err());
      assertEquals("", r.out());
      assertEquals(
          "can-i-run-docker: --timeout: expected seconds between 0.001 and 3600, got "
              + t[1]
              + "\nTry 'can-i-run-docker check --help' for more.\n",
          r.err());
    }
  }

  @Test
  void longArgumentsAreEchoedOnceAndCut() {
    String huge = "x".repeat(200_000);
    CASES.incrementAndGet();
    Run r = run("check", "--host-profile", host.toString(), "--no-such-option-" + huge);
    assertEquals(2, r.code());
    assertEquals("", r.out());
    String first = r.err().lines().findFirst().orElseThrow();
    assertEquals(
        "can-i-run-docker: Unknown option: '--no-such-option-"
            + "x".repeat(47)
            + "… (200017 characters)'",
        first);
    r = run("check", "--host-profile", host.toString(), "--platform", huge);
    assertEquals(2, r.code());
    assertEquals(
        "can-i-run-docker: --platform: invalid platform '"
            + "x".repeat(64)
            + "… (200000 characters)': unknown architecture '…' (accepted: os/arch[/variant] such as "
            + "linux/amd64 or linux/arm/v7, os(version)/arch for a Windows build, or a bare architecture "
            + "such as arm64)",
        r.err().lines().findFirst().orElseThrow());
  }

  // ------------------------------------------------------------------ files that are not files

  @Test
  void fifosAndDevicesAreRefusedUnopenedSayingWhatTheyAre() throws Exception {
    Path fifo = tmp.resolve("profile.fifo");
    Process mk = new ProcessBuilder("mkfifo", fifo.toString()).start();
    assertEquals(0, mk.waitFor());
    long t0 = System.nanoTime();
    bad(
        "--host-profile " + fifo + ": is a FIFO, not a host profile",
        "host",
        "--host-profile",
        fifo.toString());
    bad(
        "--config " + fifo + ": is a FIFO, not a kernel config",
        "kernel",
        "--config",
        fifo.toString());
    bad(
        "--host-profile /dev/zero: is a character device, not a host profile", "host",
        "--host-profile", "/dev/zero");
    bad(
        "--config /dev/zero: is a character device, not a kernel config",
        "kernel",
        "--config",
        "/dev/zero");
    assertTrue((System.nanoTime() - t0) / 1_000_000 < 5_000, "no read may wait on a FIFO");
  }

  /**
   * {@code --archive <(cmd)} where cmd opens the FIFO and then writes nothing: each read waits at
   * most --timeout (30 s by default), then the one line names the archive and the wait; text, -v
   * and JSON each within a time bound.
   */
  @Test
  void anArchiveFifoWhoseWriterSendsNothingIsGivenUpOnAtTheTimeout() throws Exception {
    Path fifo = tmp.resolve("silent.fifo");
    Process mk = new ProcessBuilder("mkfifo", fifo.toString()).start();
    assertEquals(0, mk.waitFor());
    java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
    Thread writer =
        new Thread(
            () -> {
              // held open across the runs: each new reader joins the same silent pipe
              try (java.io.OutputStream o = Files.newOutputStream(fifo)) {
                done.await(60, java.util.concurrent.TimeUnit.SECONDS);
              } catch (IOException | InterruptedException e) {
                // the test is over
              }
            });
    writer.setDaemon(true);
    writer.start();
    try {
      String reason =
          "archive "
              + fifo
              + ": the FIFO (named pipe) sent no data for 300 ms (is the"
              + " command writing it stuck?)";
      String line = "can-i-run-docker: " + reason + "\n";
      long t0 = System.nanoTime();
      Run r =
          run(
              "--timeout",
              "0.3",
              "check",
              "--host-profile",
              host.toString(),
              "--archive",
              fifo.toString());
      long ms = (System.nanoTime() - t0) / 1_000_000;
      assertEquals(line, r.err());
      assertEquals(1, r.code());
      assertEquals("ERROR  " + fifo + "\n  " + reason + " [archive.unreadable]\n", r.out());
      assertTrue(ms >= 300 && ms < 5_000, ms + " ms");
      Run v =
          run(
              "-v",
              "--timeout",
              "0.3",
              "check",
              "--host-profile",
              host.toString(),
              "--archive",
              fifo.toString());
      assertEquals(1, v.code());
      assertTrue(v.err().contains("\tat dev.canirundocker."), v.err());
      assertTrue(v.err().endsWith(line), v.err());
      Run j =
          run(
              "--timeout",
              "0.3",
              "check",
              "--json",
              "--host-profile",
              host.toString(),
              "--archive",
              fifo.toString());
      assertEquals(1, j.code());
      assertEquals(line, j.err());
      JsonSchemaTest.assertValid("check", j.out());
      assertTrue((System.nanoTime() - t0) / 1_000_000 < 10_000, "three reads of a silent FIFO");
    } finally {
      done.countDown();
    }
  }

  // ------------------------------------------------------------------ escapes in every renderer

  @Test
  void escapeSequencesInAProfileDoNotReachTheTerminal() throws IOException {
    CASES.incrementAndGet();
    String evil = "\u001b]0;pwned\u0007\u001b[2J\u0000\u009b31m";
    dev.canirundocker.host.HostProfile h =
        Fixtures.macAppleSilicon().withOrigin("mac" + evil, null);
    String json =
        h.toJsonString()
            .replace(
                "\"macOS 26.1\"",
                "\"macOS "
                    + evil.replace("\u001b", "\\u001b")
                        .replace("\u0007", "\\u0007")
                        .replace("\u0000", "\\u0000")
                        .replace("\u009b", "\\u009b")
                    + "\"");
    Path p = Files.writeString(tmp.resolve("evil.json"), json);
    for (String[] args :
        new String[][] {
          {"host", "--host-profile", p.toString()},
          {"--host-profile", p.toString()},
          {"check", "--host-profile", p.toString(), "--platform", "linux/arm64,linux/amd64"}
        }) {
      Run r = run(args);
      for (char c : new char[] {0x1b, 0x07, 0x00, 0x9b}) {
        assertEquals(-1, r.out().indexOf(c), String.join(" ", args) + ": " + r.out());
      }
      assertTrue(
          args[0].equals("check") || r.out().contains("\\x1b]0;pwned\\x07\\x1b[2J\\x00\\x9b31m"),
          r.out());
    }
    // JSON keeps the name exact
    Run j = run("host", "--json", "--host-profile", p.toString());
    assertEquals(h.hostname(), dev.canirundocker.host.HostProfile.parse(j.out()).hostname());
  }
}
