package dev.canirundocker.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.canirundocker.image.ImageFileSystem.LayerEntry;
import dev.canirundocker.image.archive.TarEntry;
import dev.canirundocker.platform.Platform;
import dev.canirundocker.testing.TestImages;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The resolver against hand-built file-system indexes: no archive needed. */
class EntrypointResolverTest {
  static final byte[] ELF = TestImages.elfFor(Platform.parse("linux/amd64"));

  private final List<LayerEntry> layer = new ArrayList<>();
  private final Map<Long, byte[]> contents = new HashMap<>();
  private long next = 1;

  private EntrypointResolverTest file(String path, int mode, byte[] data) {
    long id = next++;
    contents.put(id, data);
    layer.add(new LayerEntry(path, TarEntry.Type.FILE, "", data.length, mode, id));
    return this;
  }

  private EntrypointResolverTest script(String path, String text) {
    return file(path, 0755, text.getBytes(StandardCharsets.UTF_8));
  }

  private EntrypointResolverTest link(String path, String target) {
    layer.add(new LayerEntry(path, TarEntry.Type.SYMLINK, target, 0, 0777, 0));
    return this;
  }

  private EntrypointResolverTest dir(String path) {
    layer.add(new LayerEntry(path, TarEntry.Type.DIRECTORY, "", 0, 0755, 0));
    return this;
  }

  private EntrypointResolution resolve(ImageConfig c) throws ImageArchiveException {
    ImageFileSystem fs = new ImageFileSystem();
    fs.apply(layer);
    return EntrypointResolver.resolve(c, fs, (n, max) -> contents.get(n.dataOffset()));
  }

  private static ImageConfig config(
      List<String> entrypoint, List<String> cmd, List<String> env, String workingDir) {
    return new ImageConfig(
        "linux",
        "amd64",
        "",
        "",
        List.of(),
        entrypoint,
        cmd,
        "",
        env,
        workingDir,
        Map.of(),
        List.of());
  }

  private static ImageConfig ep(String... argv) {
    return config(List.of(argv), List.of(), List.of(), "");
  }

  @Test
  void pathLookupSkipsNonExecutablesAndUsesTheImagePath() throws Exception {
    file("/opt/bin/tool", 0644, ELF).file("/usr/bin/tool", 0755, ELF);
    EntrypointResolution r =
        resolve(
            config(List.of(), List.of("tool", "--help"), List.of("PATH=/opt/bin:/usr/bin"), ""));
    assertEquals(
        new EntrypointResolution(List.of("tool", "--help"), "/usr/bin/tool", ELF, null, null, null),
        r);
    assertTrue(r.resolved());
    assertTrue(r.isElf());
  }

  @Test
  void defaultPathWhenTheImageSetsNone() throws Exception {
    file("/sbin/init", 0755, ELF);
    assertEquals("/sbin/init", resolve(ep("init")).path());
    EntrypointResolution missing = resolve(ep("nosuch"));
    assertEquals(
        "'nosuch' is not an executable file in PATH " + ImageConfig.DEFAULT_PATH, missing.reason());
  }

  @Test
  void relativeNameWithSlashIsRelativeToWorkingDir() throws Exception {
    file("/app/bin/server", 0755, ELF);
    assertEquals(
        "/app/bin/server",
        resolve(config(List.of("./bin/server"), List.of(), List.of(), "/app")).path());
  }

  @Test
  void symlinksAbsoluteRelativeAndClampedAtTheRoot() throws Exception {
    file("/usr/lib/app/app", 0755, ELF)
        .link("/usr/bin/app", "../lib/app/app")
        .link("/bin", "/usr/bin")
        .link("/escape", "../../../../usr/bin/app");
    assertEquals("/usr/lib/app/app", resolve(ep("/bin/app")).path());
    // '..' at the root stays at the root: the link resolves inside the image, as in a container
    assertEquals("/usr/lib/app/app", resolve(ep("/escape")).path());
  }

  @Test
  void symlinkLoop() throws Exception {
    link("/a", "/b").link("/b", "a");
    assertEquals("/a: too many levels of symbolic links", resolve(ep("/a")).reason());
  }

  @Test
  void whatIsNotARunnableFile() throws Exception {
    dir("/app").file("/data", 0644, "plain".getBytes(StandardCharsets.UTF_8)).file("/f", 0755, ELF);
    assertEquals("/app is a directory", resolve(ep("/app")).reason());
    EntrypointResolution r = resolve(ep("/data"));
    assertEquals("/data", r.path());
    assertArrayEquals("plain".getBytes(StandardCharsets.UTF_8), r.head());
    assertEquals(
        "/data is not executable (mode 0644); the container would fail with permission denied",
        r.reason());
    assertEquals("/f/x: /f is not a directory", resolve(ep("/f/x")).reason());
    assertEquals(
        "/nope/x does not exist in the image (/nope is missing)", resolve(ep("/nope/x")).reason());
  }

  @Test
  void noCommand() throws Exception {
    assertEquals("the image sets neither Entrypoint nor Cmd", resolve(ep()).reason());
  }

  @Test
  void windowsImagesAreNotResolved() throws Exception {
    ImageConfig w =
        new ImageConfig(
            "windows",
            "amd64",
            "",
            "10.0.20348.1",
            List.of(),
            List.of("cmd"),
            List.of(),
            "",
            List.of(),
            "",
            Map.of(),
            List.of());
    assertEquals(
        "Windows image: the entrypoint is not resolved from the layers", resolve(w).reason());
  }

  @Test
  void shellFormResolvesToTheShell() throws Exception {
    file("/bin/dash", 0755, ELF).link("/bin/sh", "dash");
    EntrypointResolution r =
        resolve(config(List.of(), List.of("/bin/sh", "-c", "exec app"), List.of(), ""));
    assertEquals("/bin/dash", r.path());
    assertEquals(null, r.script());
  }

  @Test
  void envScriptResolvesToEnv() throws Exception {
    file("/usr/bin/env", 0755, ELF)
        .file("/usr/bin/python3", 0755, ELF)
        .script("/app/run.py", "#!/usr/bin/env python3\nprint(1)\n");
    EntrypointResolution r = resolve(ep("/app/run.py"));
    assertEquals(
        new EntrypointResolution(
            List.of("/app/run.py"), "/usr/bin/env", ELF, "/app/run.py", "/usr/bin/env", null),
        r);
  }

  @Test
  void nestedInterpretersUpToFour() throws Exception {
    file("/bin/real", 0755, ELF)
        .script("/s1", "#!/s2\n")
        .script("/s2", "#!/s3\n")
        .script("/s3", "#!/s4\n")
        .script("/s4", "#! /bin/real\n")
        .script("/s5", "#!/s1\n");
    EntrypointResolution r = resolve(ep("/s1"));
    assertEquals("/bin/real", r.path());
    assertEquals("/s1", r.script());
    assertEquals("/s2", r.interpreter());
    assertEquals(
        "more than 4 nested script interpreters, ending at /s4", resolve(ep("/s5")).reason());
  }

  @Test
  void missingInterpreterAndEmptyShebang() throws Exception {
    script("/a.sh", "#!/bin/bash\n").script("/b.sh", "#!\n");
    assertEquals(
        "interpreter of /a.sh: /bin/bash does not exist in the image (/bin is missing)",
        resolve(ep("/a.sh")).reason());
    assertEquals("script /b.sh has an empty #! line", resolve(ep("/b.sh")).reason());
  }

  @Test
  void brokenHardLink() throws Exception {
    layer.add(new LayerEntry("/app", TarEntry.Type.HARDLINK, "missing", 0, 0755, 0));
    assertEquals(
        "/app is a hard link to /missing, which no layer holds", resolve(ep("/app")).reason());
  }

  @Test
  void hardLinkSharesItsTargetsData() throws Exception {
    file("/bin/busybox", 0755, ELF);
    layer.add(new LayerEntry("/bin/ls", TarEntry.Type.HARDLINK, "bin/busybox", 0, 0755, 0));
    EntrypointResolution r = resolve(ep("ls"));
    assertEquals("/bin/ls", r.path());
    assertArrayEquals(ELF, r.head());
  }

  @Test
  void fileReplacingADirectoryHidesItsChildren() {
    ImageFileSystem fs = new ImageFileSystem();
    fs.apply(List.of(new LayerEntry("/opt/x/a", TarEntry.Type.FILE, "", 1, 0644, 1)));
    fs.apply(List.of(new LayerEntry("/opt/x", TarEntry.Type.SYMLINK, "/srv", 0, 0777, 0)));
    assertFalse(fs.lookup("/opt/x/a").isPresent());
    assertEquals(FileNode.Kind.SYMLINK, fs.lookup("/opt/x").orElseThrow().kind());
    assertEquals(FileNode.Kind.DIRECTORY, fs.lookup("/opt").orElseThrow().kind());
    assertEquals(2, fs.layerCount());
  }

  @Test
  void shebangParsing() throws Exception {
    // one #! parser for the resolver and everyone else: elf.Shebang (its own cases in ShebangTest)
    script("/a", "#!/bin/sh -e\n").script("/b", "#! \t/bin/sh").script("/c", "#!   \n");
    assertEquals(
        "interpreter of /a: /bin/sh does not exist in the image (/bin is missing)",
        resolve(ep("/a")).reason());
    assertEquals(
        "interpreter of /b: /bin/sh does not exist in the image (/bin is missing)",
        resolve(ep("/b")).reason());
    assertEquals("script /c has an empty #! line", resolve(ep("/c")).reason());
  }
}
