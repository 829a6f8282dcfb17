package dev.canirundocker.image;

import java.nio.file.Path;

/**
 * Reads archives in a JVM of its own (started by {@link ArchiveMemoryBoundTest} with a small {@code
 * -Xmx}) and prints one line per archive: {@code ok <entrypoint>} or the error message. Arguments:
 * the per-archive inflation limit in bytes, then paths.
 */
public final class ArchiveMemoryProbe {
  private ArchiveMemoryProbe() {}

  public static void main(String[] args) {
    ArchiveLimits limits = ArchiveLimits.DEFAULTS.withMaxArchiveBytes(Long.parseLong(args[0]));
    StringBuilder out = new StringBuilder();
    for (int i = 1; i < args.length; i++) {
      try {
        ImageArchive a = ImageArchive.read(Path.of(args[i]), limits);
        for (int k = 0; k < a.platforms().size(); k++) {
          String ep = a.image(k).profile("x").entrypointPath();
          out.append("ok ").append(ep).append('\n');
        }
      } catch (ImageArchiveException e) {
        out.append(e.getMessage()).append('\n');
      }
    }
    System.out.print(out);
    System.out.flush();
  }
}
