package dev.canirundocker.image;

import dev.canirundocker.host.OsRelease;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The distribution an image says it is, from its os-release(5) file.
 *
 * @param id {@code ID} ({@code rhel}, {@code almalinux}, {@code debian}), lower case, or empty
 * @param idLike {@code ID_LIKE}, split on spaces ({@code [rhel, centos, fedora]}), possibly empty
 * @param versionId {@code VERSION_ID} ({@code 9.4}), or empty
 * @param prettyName {@code PRETTY_NAME}, else {@code NAME}, else the id
 */
public record Distribution(String id, List<String> idLike, String versionId, String prettyName) {
  /**
   * Where an image keeps it, in the order os-release(5) reads them: {@code /etc/os-release}
   * (usually a relative symbolic link to the other), else {@code /usr/lib/os-release}.
   */
  public static final List<String> FILES = List.of("/etc/os-release", "/usr/lib/os-release");

  public Distribution {
    idLike = List.copyOf(idLike);
  }

  /** Parses an os-release file's bytes; null when it names no distribution at all. */
  public static @Nullable Distribution parse(byte @Nullable [] file) {
    if (file == null) {
      return null;
    }
    Map<String, String> m =
        OsRelease.parse(Arrays.asList(new String(file, StandardCharsets.UTF_8).split("\n")));
    String id = m.getOrDefault("ID", "").trim().toLowerCase(java.util.Locale.ROOT);
    String like = m.getOrDefault("ID_LIKE", "").trim().toLowerCase(java.util.Locale.ROOT);
    String version = m.getOrDefault("VERSION_ID", "").trim();
    if (id.isEmpty() && like.isEmpty() && version.isEmpty()) {
      return null;
    }
    String pretty = m.getOrDefault("PRETTY_NAME", m.getOrDefault("NAME", id));
    return new Distribution(
        id, like.isEmpty() ? List.of() : List.of(like.split("\\s+")), version, pretty);
  }

  /** The major version: {@code VERSION_ID} up to its first dot, or -1 when it is not a number. */
  public int majorVersion() {
    String v = versionId.contains(".") ? versionId.substring(0, versionId.indexOf('.')) : versionId;
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** Whether it is {@code family} or says it is like it. */
  public boolean isLike(String family) {
    return id.equals(family) || idLike.contains(family);
  }
}
