package dev.canirundocker.host.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

class ProbeFilesTest {
  @TempDir Path base;

  @Test
  @EnabledOnOs({OS.LINUX, OS.MAC})
  void thePrivateDirectoryIsNewAndTheOwnersOnly() throws Exception {
    Path a = ProbeFiles.createPrivateDir(base);
    Path b = ProbeFiles.createPrivateDir(base);
    assertNotEquals(a, b);
    for (Path d : new Path[] {a, b}) {
      assertEquals(base, d.getParent());
      assertTrue(d.getFileName().toString().matches("cird-exec-[0-9a-z]+"), d.toString());
      assertTrue(Files.isDirectory(d, LinkOption.NOFOLLOW_LINKS));
      // rwx------ less the umask: never more than the owner's
      String perms = PosixFilePermissions.toString(Files.getPosixFilePermissions(d));
      assertTrue(perms.matches("r?w?x?------"), perms);
    }
  }

  @Test
  @EnabledOnOs({OS.LINUX, OS.MAC})
  void deletingTheTreeRemovesWhatAProbeLeftButNotWhatALinkPointsTo() throws Exception {
    Path outside = Files.createDirectories(base.resolve("outside"));
    Files.writeString(outside.resolve("keep"), "x");
    Path dir = ProbeFiles.createPrivateDir(base);
    Files.writeString(dir.resolve("0-amd64"), "elf");
    Files.writeString(dir.resolve("0.stderr"), "");
    Files.writeString(Files.createDirectories(dir.resolve("sub/deeper")).resolve("core"), "x");
    Files.createSymbolicLink(dir.resolve("link"), outside);

    ProbeFiles.deleteTree(dir);

    assertFalse(Files.exists(dir, LinkOption.NOFOLLOW_LINKS));
    assertTrue(Files.exists(outside.resolve("keep")));
    ProbeFiles.deleteTree(dir); // already gone: nothing to do, no exception
  }
}
