package dev.canirundocker.cli;

import dev.canirundocker.host.CpuInfo;
import dev.canirundocker.host.HostProfile;
import dev.canirundocker.host.KernelInfo;
import dev.canirundocker.host.OsInfo;
import dev.canirundocker.host.Virtualization;
import dev.canirundocker.host.VmSupport;
import dev.canirundocker.platform.Platform;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;

final class Fixtures {
  private Fixtures() {}

  static HostProfile macAppleSilicon() {
    return new HostProfile(
        1,
        Platform.of("darwin", "arm64", ""),
        new OsInfo("macos", "macOS 26.1", "26.1", "25B78", null, 64),
        new KernelInfo("25.1.0", "25.1.0", null, null),
        new CpuInfo("Apple", "Apple M3", null, 8, 8, Set.of(), 0),
        16L << 30,
        new Virtualization(false, null, null, null, null),
        new VmSupport(null, null, null, true, true),
        null,
        List.of(),
        List.of());
  }

  /**
   * Writes {@link #macAppleSilicon()} as a profile saved on host "mac-mini" at {@code collectedAt}
   * to {@code file}, and returns the file.
   */
  static Path savedMac(Path file, Instant collectedAt) throws IOException {
    return Files.writeString(
        file, macAppleSilicon().withOrigin("mac-mini", collectedAt).toJsonString());
  }
}
