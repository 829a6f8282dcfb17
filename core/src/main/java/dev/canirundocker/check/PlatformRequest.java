package dev.canirundocker.check;

import dev.canirundocker.platform.Platform;
import dev.canirundocker.platform.PlatformMatcher;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What {@code docker run --platform P} selects: among an image's entries, the best one that {@code
 * P} admits (containerd/platforms {@code Only(P)}, compare.go: P itself and what P's machines run
 * in compatibility mode, best first); nothing when none does.
 *
 * <p>A local image of the daemon is held to the same matcher: Docker 20.10 does not run a local
 * image whose platform {@code --platform} does not admit (moby v20.10 daemon/images/image.go {@code
 * GetImage}: "image with reference ... was found but does not match the specified platform"); it
 * pulls another one instead.
 */
public final class PlatformRequest {
  private PlatformRequest() {}

  /**
   * The position of the entry {@code wanted} selects.
   *
   * @param what what holds the entries, for the message ({@code archive app.tar})
   * @throws PlatformMismatchException when no entry matches {@code wanted}
   */
  public static int entry(Platform wanted, List<Platform> platforms, String what)
      throws PlatformMismatchException {
    Optional<Platform> best = PlatformMatcher.forHost(wanted).best(platforms);
    if (best.isEmpty()) {
      throw new PlatformMismatchException(what, wanted, platforms);
    }
    return platforms.indexOf(best.get());
  }

  /**
   * Whether {@code docker run --platform wanted} runs a local image of platform {@code actual}
   * ({@code Only(wanted)} matches it); a null {@code wanted} (no {@code --platform}) runs any.
   */
  public static boolean admits(@Nullable Platform wanted, Platform actual) {
    return wanted == null || PlatformMatcher.forHost(wanted).matches(actual);
  }

  /**
   * Refuses a local image whose platform {@code wanted} does not admit.
   *
   * @param what the image, for the message ({@code image with reference alpine})
   * @throws PlatformMismatchException when {@code actual} does not match {@code wanted}
   */
  public static void requireMatch(Platform wanted, Platform actual, String what)
      throws PlatformMismatchException {
    if (!admits(wanted, actual)) {
      throw new PlatformMismatchException(what, wanted, List.of(actual));
    }
  }
}
