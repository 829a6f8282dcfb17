package dev.canirundocker.host;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** macOS and Windows VM-route facts from fixture file trees. */
class VmSupportProbeTest {
  @TempDir
  Path root;

  void touch(String path) throws IOException {
    Path p = root.resolve(path);
    Files.createDirectories(p.getParent());
    Files.writeString(p, "");
  }

  @Test
  void appleSiliconWithRosettaAndDesktop() throws IOException {
    touch("Library/Apple/usr/share/rosetta/rosetta");
    Files.createDirectories(root.resolve("Applications/Docker.app"));
    assertEquals(new VmSupport(null, null, null, true, true),
        VmSupportProbe.probe("macos", root, Map.of(), true));
  }

  @Test
  void bareIntelMac() {
    assertEquals(new VmSupport(null, null, null, null, false),
        VmSupportProbe.probe("macos", root, Map.of(), false));
  }

  @Test
  void windowsWithWslHyperVAndDesktop() throws IOException {
    touch("Program Files/Docker/Docker/Docker Desktop.exe");
    touch("Program Files/WSL/wsl.exe");
    touch("Windows/System32/vmms.exe");
    touch("Windows/System32/vmcompute.exe");
    assertEquals(new VmSupport("installed", true, true, null, true), VmSupportProbe.probe("windows",
        root, Map.of("ProgramFiles", "C:\\Program Files", "SystemRoot", "C:\\Windows"), false));
  }

  @Test
  void bareWindowsKnowsOnlyWhatIsAbsentForSure() {
    assertEquals(new VmSupport(null, null, null, null, false),
        VmSupportProbe.probe("windows", root, Map.of(), false));
  }
}
