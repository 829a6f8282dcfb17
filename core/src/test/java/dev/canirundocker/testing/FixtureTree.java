package dev.canirundocker.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** Writes files of a fixture root (the directory that stands for {@code /} in reader tests). */
public final class FixtureTree {
  private FixtureTree() {}

  /** {@code root/rel} with {@code content}, parents created. */
  public static void write(Path root, String rel, String content) throws IOException {
    Path p = root.resolve(rel);
    Files.createDirectories(p.getParent());
    Files.writeString(p, content);
  }

  /** An executable shell script at {@code root/rel}. */
  public static void executable(Path root, String rel) throws IOException {
    write(root, rel, "#!/bin/sh\n");
    Files.setPosixFilePermissions(root.resolve(rel), PosixFilePermissions.fromString("rwxr-xr-x"));
  }
}
