package dev.canirundocker.cli;

import dev.canirundocker.platform.InvalidPlatformException;
import dev.canirundocker.platform.Platform;
import dev.canirundocker.platform.PlatformSuggestions;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/**
 * The values of {@code --platform}: comma-separated lists (buildx's
 * {@code --platform linux/amd64,linux/arm64}) and repeats, each value one platform. A value that is
 * not a platform is a usage error that shows the accepted forms and, where one is close, a
 * suggestion.
 */
final class PlatformArgs {
  private PlatformArgs() {}

  /** The platforms, in the order given; picocli has split the commas already. */
  static List<Platform> parse(CommandLine cl, List<String> values) {
    List<Platform> out = new ArrayList<>();
    for (String v : values) {
      try {
        out.add(Platform.parse(v));
      } catch (InvalidPlatformException e) {
        String hint = PlatformSuggestions.suggest(v).map(s -> "; did you mean " + s + "?").orElse("");
        throw new CommandLine.ParameterException(cl, "--platform: " + e.getMessage() + hint
            + " (accepted: " + PlatformSuggestions.ACCEPTED_FORMS + ")");
      }
    }
    return out;
  }
}
