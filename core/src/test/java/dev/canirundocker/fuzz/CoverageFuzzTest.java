package dev.canirundocker.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.canirundocker.elf.ElfException;
import dev.canirundocker.elf.ElfInfo;
import dev.canirundocker.host.HostProfile;
import dev.canirundocker.host.InvalidHostProfileException;
import dev.canirundocker.host.linux.Binfmt;
import dev.canirundocker.host.linux.KernelConfigs;
import dev.canirundocker.host.linux.LinuxReadException;
import dev.canirundocker.image.ArchiveImage;
import dev.canirundocker.image.ImageArchive;
import dev.canirundocker.image.ImageArchiveException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

/**
 * Coverage-guided fuzz targets (Jazzer). Under {@code mvn verify} each runs once per committed seed
 * in {@code CoverageFuzzTestInputs/<target>/} (Jazzer's regression mode); with {@code
 * JAZZER_FUZZ=1} Jazzer instruments the code and searches for inputs that reach new branches
 * (README "Fuzzing"). The property everywhere: a value, or the parser's one documented exception;
 * anything else (a runtime exception, a stack overflow, an out-of-memory error) is a crash Jazzer
 * reports and keeps.
 */
class CoverageFuzzTest {
  @FuzzTest(maxDuration = "30s")
  void elf(byte[] data) {
    try {
      ElfInfo.parse(data, "fuzz");
    } catch (ElfException expected) {
      // documented rejection
    }
  }

  @FuzzTest(maxDuration = "30s")
  void archiveStream(byte[] data) {
    try {
      ImageArchive a = ImageArchive.readStream(new ByteArrayInputStream(data), "fuzz");
      for (int i = 0; i < a.platforms().size(); i++) {
        ArchiveImage img = a.image(i);
        img.entrypoint();
      }
    } catch (ImageArchiveException expected) {
      // documented rejection
    }
  }

  @FuzzTest(maxDuration = "30s")
  void httpResponse(byte[] data) {
    try {
      dev.canirundocker.daemon.HttpResponses.parseTwice(data);
    } catch (java.io.IOException expected) {
      // documented rejection: a malformed response or an early end
    }
  }

  @FuzzTest(maxDuration = "30s")
  void kernelConfig(byte[] data) {
    try {
      KernelConfigs.parseKernelConfig(
          new String(data, StandardCharsets.ISO_8859_1).lines().toList(), "fuzz");
    } catch (LinuxReadException expected) {
      // documented rejection
    }
  }

  @FuzzTest(maxDuration = "30s")
  void binfmtEntry(byte[] data) {
    try {
      Binfmt.parseBinfmtEntry(
          "fuzz", new String(data, StandardCharsets.ISO_8859_1).lines().toList());
    } catch (LinuxReadException expected) {
      // documented rejection
    }
  }

  @FuzzTest(maxDuration = "30s")
  void hostProfile(byte[] data) {
    try {
      HostProfile p = HostProfile.parse(new String(data, StandardCharsets.UTF_8));
      HostProfile.parse(p.toJsonString());
    } catch (InvalidHostProfileException expected) {
      // documented rejection
    }
  }
}
