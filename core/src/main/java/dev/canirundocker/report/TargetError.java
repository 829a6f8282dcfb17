package dev.canirundocker.report;

import dev.canirundocker.daemon.DaemonException;
import dev.canirundocker.daemon.ImageNotFoundException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Why one target of a batch could not be checked. The batch goes on: the target's result carries
 * this instead of a verdict, and the command's exit code is 1.
 *
 * @param kind a stable word scripts may match on: one of the constants of this type
 * @param message one line naming the target and the problem
 */
public record TargetError(String kind, String message) {
  /** The daemon has no image by that name. */
  public static final String IMAGE_NOT_FOUND = "image.not-found";

  /**
   * The image (or every entry of an archive) does not match the platform asked for with {@code
   * --platform}, as {@code docker run --platform} refuses it.
   */
  public static final String IMAGE_PLATFORM_MISMATCH = "image.platform-mismatch";

  /** The daemon's export of the image could not be read as an image. */
  public static final String IMAGE_UNREADABLE = "image.unreadable";

  /** An archive (file or directory) could not be read as an image. */
  public static final String ARCHIVE_UNREADABLE = "archive.unreadable";

  /**
   * Prefix of the daemon's own failure kinds: {@code daemon.unreachable}, {@code
   * daemon.permission-denied}, {@code daemon.timeout}, {@code daemon.bad-response}, {@code
   * daemon.api-error}, {@code daemon.bad-endpoint} (see {@link DaemonException#kind()}).
   */
  public static final String DAEMON_PREFIX = "daemon.";

  public TargetError {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(message, "message");
  }

  /** The error of a daemon failure: {@link #IMAGE_NOT_FOUND}, else {@code daemon.KIND}. */
  public static TargetError of(DaemonException e) {
    return new TargetError(
        e instanceof ImageNotFoundException ? IMAGE_NOT_FOUND : DAEMON_PREFIX + e.kind(),
        // every DaemonException is made with a message; the kind stands in should one not be
        e.getMessage() == null ? e.kind() : dev.canirundocker.text.Text.oneLine(e.getMessage()));
  }

  /** The {@code error} object of an error result. */
  public Map<String, Object> toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("kind", kind);
    m.put("message", message);
    return m;
  }
}
