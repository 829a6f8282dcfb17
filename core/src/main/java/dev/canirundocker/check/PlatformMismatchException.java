package dev.canirundocker.check;

import dev.canirundocker.platform.Platform;
import java.util.List;

/**
 * An image was asked for with a platform ({@code docker run --platform}) that it does not match.
 * The message reads as the engine's own (moby v20.10 {@code daemon/images/image.go}: "image with
 * reference X was found but does not match the specified platform: wanted W, actual: A"), so a user
 * recognises it.
 */
public class PlatformMismatchException extends Exception {
  private static final long serialVersionUID = 1L;

  private final transient Platform wanted;
  private final transient List<Platform> actual;

  public PlatformMismatchException(String what, Platform wanted, List<Platform> actual) {
    super(
        dev.canirundocker.text.Text.oneLine(
            what
                + " was found but does not match the specified "
                + "platform: wanted "
                + wanted
                + ", actual: "
                + join(actual)));
    this.wanted = wanted;
    this.actual = List.copyOf(actual);
  }

  /** The platform asked for. */
  public Platform wanted() {
    return wanted;
  }

  /** What the image (or each entry of an index) is. */
  public List<Platform> actual() {
    return actual;
  }

  private static String join(List<Platform> ps) {
    StringBuilder b = new StringBuilder();
    for (Platform p : ps) {
      b.append(b.length() == 0 ? "" : ", ").append(p);
    }
    return b.toString();
  }
}
