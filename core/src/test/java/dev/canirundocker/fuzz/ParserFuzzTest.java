package dev.canirundocker.fuzz;

import static dev.canirundocker.fuzz.Fuzz.resource;
import static dev.canirundocker.fuzz.Fuzz.tokens;
import static dev.canirundocker.fuzz.Fuzz.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.canirundocker.CanIRunDocker;
import dev.canirundocker.elf.ElfException;
import dev.canirundocker.elf.ElfInfo;
import dev.canirundocker.elf.InvalidShebangException;
import dev.canirundocker.elf.Shebang;
import dev.canirundocker.host.HostProfile;
import dev.canirundocker.host.InvalidHostProfileException;
import dev.canirundocker.host.linux.Binfmt;
import dev.canirundocker.host.linux.KernelConfigException;
import dev.canirundocker.host.linux.KernelConfigs;
import dev.canirundocker.host.linux.LinuxReadException;
import dev.canirundocker.image.ArchiveImage;
import dev.canirundocker.image.ImageArchive;
import dev.canirundocker.image.ImageArchiveException;
import dev.canirundocker.image.ImagePlatformEntry;
import dev.canirundocker.json.Json;
import dev.canirundocker.json.JsonException;
import dev.canirundocker.platform.InvalidPlatformException;
import dev.canirundocker.platform.Platform;
import dev.canirundocker.testing.Hosts;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mutation fuzzing of every parser that reads outside input: each either returns a value or throws
 * its one documented exception, with a one-line message, never another exception, a hang or an
 * out-of-memory error. Brief by default; see {@link Fuzz} and README "Fuzzing" for long runs.
 */
class ParserFuzzTest {
  static final HostProfile HOST = Hosts.linux().build();
  static final AtomicLong TOTAL = new AtomicLong();

  @TempDir static Path tmp;

  @AfterAll
  static void total() {
    System.out.println("fuzz total: " + TOTAL.get() + " inputs");
  }

  static final List<byte[]> TAR_DICT =
      tokens(
          "manifest.json",
          "index.json",
          "oci-layout",
          "blobs/sha256/",
          "../",
          "/",
          "..",
          "./",
          "sha256:",
          "\"Config\":",
          "\"Layers\":[",
          "\"RepoTags\":",
          "\"manifests\":[",
          "\"digest\":\"",
          "\"size\":",
          "\"mediaType\":\"",
          "99999999999",
          "77777777777\0",
          "-1",
          "{",
          "}",
          "[",
          "]",
          "\"",
          "\\u0000",
          "ustar\u000000",
          "x",
          "g",
          "L",
          "K",
          "1",
          "2",
          "5",
          "\u0080\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u00ff\u00ff\u00ff\u00ff",
          "30 path=" + "a/".repeat(13) + "\n",
          "\u001f\u008b\b\u0000",
          "\u007fELF",
          "#!/bin/sh\n",
          ".wh..wh..opq",
          ".wh.",
          "\"Entrypoint\":[\"",
          "\"architecture\":\"",
          "\"os\":\"",
          "null",
          "1e400");

  /** The committed docker-save / OCI tars, plus one gzip-compressed whole. */
  static byte[][] archiveSeeds() {
    byte[] save = resource("archive/docker-save.tar");
    return new byte[][] {
      save,
      resource("archive/docker-save-two.tar"),
      resource("archive/docker-save-25.tar"),
      resource("archive/oci-layout-gzip.tar"),
      gzip(save)
    };
  }

  static byte[] gzip(byte[] b) {
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    try (GZIPOutputStream g = new GZIPOutputStream(o)) {
      g.write(b);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return o.toByteArray();
  }

  /** Everything an archive offers: each image's file system, entrypoint, profile, verdict. */
  static void exercise(ImageArchive a) throws ImageArchiveException {
    for (ImagePlatformEntry e : a.platforms()) {
      ArchiveImage img = a.image(e);
      img.fileSystem();
      img.entrypoint();
      img.profile("fuzz");
    }
    CanIRunDocker.archive(HOST, a);
  }

  @Test
  void seedsAreValid() throws Exception {
    // the mutations start from real archives: each seed reads and judges without error
    for (byte[] s : archiveSeeds()) {
      ImageArchive a =
          ImageArchive.readStream(
              new ByteArrayInputStream(
                  s.length > 2 && s[0] == 0x1f
                      ? new java.util.zip.GZIPInputStream(new ByteArrayInputStream(s))
                          .readAllBytes()
                      : s),
              "seed");
      exercise(a);
    }
    assertEquals(
        Platform.parse("linux/amd64"), ElfInfo.parse(resource("elf/probe-amd64")).platform());
    assertEquals(
        "/lib/ld-musl-x86_64.so.1", ElfInfo.parse(resource("elf/dyn-amd64-notes")).interpreter());
    assertEquals(
        Platform.parse("linux/arm64"),
        Binfmt.parseBinfmtEntry("qemu-aarch64", lines(resource("binfmt/qemu-aarch64"))).platform());
    assertEquals(
        "2.6.32",
        KernelConfigs.parseKernelConfig(lines(resource("kernel/old-header.config")), "seed")
            .version());
    assertEquals(
        1,
        HostProfile.parse(new String(resource("hostprofile/linux.json"), StandardCharsets.UTF_8))
            .schemaVersion());
  }

  @Test
  void imageArchiveReadStream() {
    TOTAL.addAndGet(
        new Fuzz.Campaign("ImageArchive.readStream")
            .seed(archiveSeeds())
            .dict(TAR_DICT)
            .tar()
            .brief(1000)
            .allow(ImageArchiveException.class)
            .run(b -> exercise(ImageArchive.readStream(new ByteArrayInputStream(b), "fuzz"))));
  }

  @Test
  void imageArchiveReadFile() {
    AtomicLong n = new AtomicLong();
    TOTAL.addAndGet(
        new Fuzz.Campaign("ImageArchive.read")
            .seed(archiveSeeds())
            .dict(TAR_DICT)
            .tar()
            .brief(1000)
            .allow(ImageArchiveException.class)
            .run(
                b -> {
                  Path f = tmp.resolve("a" + n.incrementAndGet() + ".tar");
                  Files.write(f, b);
                  try {
                    exercise(ImageArchive.read(f));
                  } finally {
                    Files.delete(f);
                  }
                }));
  }

  @Test
  void elfInfo() {
    TOTAL.addAndGet(
        new Fuzz.Campaign("ElfInfo.parse")
            .seed(
                resource("elf/probe-amd64"),
                resource("elf/probe-arm"),
                resource("elf/dyn-amd64-notes"),
                resource("elf/mips-be32"))
            .dict(
                tokens(
                    "\u00ff\u00ff\u00ff\u00ff",
                    "\u0000\u0000\u0000\u0080",
                    "\u007fELF",
                    "GNU\u0000",
                    "\u0002\u0080\u00c0",
                    "\u0003\u0000\u0000\u0000",
                    "\u00ff\u00ff",
                    "\u0000\u0000"))
            .brief(10000)
            .allow(ElfException.class)
            .run(b -> ElfInfo.parse(b, "fuzz")));
  }

  /** The daemon's HTTP responses: interim 1xx, chunk sizes, Content-Length, kept-alive pairs. */
  @Test
  void httpResponse() {
    TOTAL.addAndGet(
        new Fuzz.Campaign("DaemonHttp.readResponse")
            .seed(
                resource("http/ping"),
                resource("http/interim-chunked"),
                resource("http/not-found"),
                resource("http/until-close"))
            .dict(
                tokens(
                    "HTTP/1.1 ",
                    "HTTP/1.0 ",
                    "100 Continue\r\n\r\n",
                    "101 ",
                    "199 ",
                    "\r\n",
                    "\n",
                    "Transfer-Encoding: chunked\r\n",
                    "Content-Length: ",
                    "-1",
                    "+5",
                    "ffffffffffffffff",
                    "40000000",
                    "0\r\n\r\n",
                    ";ext=",
                    "Connection: close\r\n",
                    "\u0000",
                    "\u001b[2J"))
            .brief(10000)
            .allow(IOException.class)
            .run(dev.canirundocker.daemon.HttpResponses::parseTwice));
  }

  @Test
  void shebang() {
    TOTAL.addAndGet(
        new Fuzz.Campaign("Shebang.parse")
            .seed(
                resource("text/shebang-sh"),
                resource("text/shebang-env"),
                resource("text/shebang-tabs"),
                utf8("#!/" + "x".repeat(300)),
                utf8("#!" + " ".repeat(300)))
            .dict(tokens("#!", " ", "\t", "\n", "\u0000", "/usr/bin/env", "x".repeat(200)))
            .brief(10000)
            .allow(InvalidShebangException.class)
            .run(Shebang::parse));
  }

  @Test
  void platform() {
    List<byte[]> seeds = new java.util.ArrayList<>();
    for (String l :
        new String(resource("text/platforms.txt"), StandardCharsets.UTF_8).split("\n")) {
      seeds.add(utf8(l));
    }
    TOTAL.addAndGet(
        new Fuzz.Campaign("Platform.parse")
            .seed(seeds.toArray(new byte[0][]))
            .dict(
                tokens(
                    "/", "(", ")", "v8", "v7", "amd64", "arm", "windows", "linux", " ", "\u0000",
                    "."))
            .brief(10000)
            .allow(InvalidPlatformException.class)
            .run(
                b -> {
                  Platform p = Platform.parse(new String(b, StandardCharsets.UTF_8));
                  // what parse accepts, its os/arch[/variant] form (no OS version) parses back to
                  assertEquals(
                      Platform.of(p.os(), p.architecture(), p.variant()),
                      Platform.parse(p.toString()));
                }));
  }

  static final List<byte[]> JSON_DICT =
      tokens(
          "{",
          "}",
          "[",
          "]",
          ",",
          ":",
          "\"",
          "\\",
          "\\u",
          "\\ud800",
          "\\uDC00",
          "null",
          "true",
          "false",
          "-0",
          "1e999999999",
          "-1E-400",
          "0.0000000001",
          "123456789012345678901234567890",
          "[".repeat(100),
          "{\"a\":".repeat(80),
          "\u00ff\u00fe",
          "\"schemaVersion\":",
          "\"platform\":",
          "\"linux\":",
          "\"execProbes\":[",
          "\"binfmt\":{");

  @Test
  void json() {
    TOTAL.addAndGet(
        new Fuzz.Campaign("Json.parse")
            .seed(
                resource("hostprofile/linux.json"),
                resource("hostprofile/mac.json"),
                utf8("[1,-2.5e3,\"\\u00e9\\n\",true,null,{}]"),
                utf8("[".repeat(20000)),
                utf8("{\"a\":".repeat(20000)))
            .dict(JSON_DICT)
            .brief(5000)
            .allow(JsonException.class)
            .run(
                b -> {
                  Object v = Json.parse(new String(b, StandardCharsets.UTF_8));
                  // the writer's output reads back to itself (numbers may change scale, not value)
                  String once = Json.compact(v);
                  assertEquals(once, Json.compact(Json.parse(once)));
                }));
  }

  @Test
  void hostProfile() {
    TOTAL.addAndGet(
        new Fuzz.Campaign("HostProfile.parse")
            .seed(resource("hostprofile/linux.json"), resource("hostprofile/mac.json"))
            .dict(JSON_DICT)
            .brief(5000)
            .allow(InvalidHostProfileException.class)
            .run(
                b -> {
                  HostProfile p = HostProfile.parse(new String(b, StandardCharsets.UTF_8));
                  // what it accepts it writes back so that it reads the same again
                  assertEquals(
                      p.toJsonString(), HostProfile.parse(p.toJsonString()).toJsonString());
                }));
  }

  static List<String> lines(byte[] b) {
    return new String(b, StandardCharsets.UTF_8).lines().toList();
  }

  @Test
  void binfmtEntry() {
    TOTAL.addAndGet(
        new Fuzz.Campaign("Binfmt.parseBinfmtEntry")
            .seed(resource("binfmt/qemu-aarch64"), resource("binfmt/python-extension"))
            .dict(
                tokens(
                    "enabled\n",
                    "disabled\n",
                    "interpreter ",
                    "flags: ",
                    "offset ",
                    "magic ",
                    "mask ",
                    "extension ",
                    "ff",
                    "7f454c46",
                    "\n",
                    "-1",
                    "99999999999",
                    "0",
                    "POCF"))
            .brief(10000)
            .allow(LinuxReadException.class)
            .run(b -> Binfmt.parseBinfmtEntry("fuzz", lines(b))));
  }

  @Test
  void kernelConfigLines() {
    TOTAL.addAndGet(
        new Fuzz.Campaign("KernelConfigs.parseKernelConfig")
            .seed(resource("kernel/cgroupv2-6.1.config"), resource("kernel/old-header.config"))
            .dict(
                tokens(
                    "CONFIG_",
                    "=y",
                    "=m",
                    "=n",
                    "# ",
                    " is not set",
                    "\n",
                    "\"",
                    "# Linux/x86 ",
                    " Kernel Configuration",
                    "# Linux kernel version: ",
                    "=",
                    "\u0000"))
            .brief(3000)
            .allow(KernelConfigException.class)
            .run(b -> KernelConfigs.parseKernelConfig(lines(b), "fuzz")));
  }

  @Test
  void kernelConfigFile() {
    byte[] cfg = resource("kernel/cgroupv2-6.1.config");
    AtomicLong n = new AtomicLong();
    TOTAL.addAndGet(
        new Fuzz.Campaign("KernelConfigs.readKernelConfigFile")
            .seed(cfg, gzip(cfg), gzip(resource("kernel/old-header.config")))
            .dict(tokens("\u001f\u008b", "CONFIG_", "=y", "\n", "\u0000"))
            .brief(1000)
            .allow(KernelConfigException.class)
            .run(
                b -> {
                  Path f = tmp.resolve("c" + n.incrementAndGet());
                  Files.write(f, b);
                  try {
                    KernelConfigs.readKernelConfigFile(f);
                  } finally {
                    Files.delete(f);
                  }
                }));
  }
}
