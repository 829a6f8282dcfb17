package dev.canirundocker.cli;

import dev.canirundocker.platform.InvalidPlatformException;
import dev.canirundocker.platform.Platform;
import dev.canirundocker.platform.PlatformSuggestions;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/**
 * The values of {@code --platform}: comma-separated lists (buildx's {@code --platform
 * linux/amd64,linux/arm64}) and repeats, each value one platform. A value that is not a platform is
 * a usage error that shows the accepted forms and, where one is close, a suggestion.
 */
final class PlatformArgs {
  private PlatformArgs() {}

  /**
   * The values, each trimmed: buildx splits a {@code --platform} list on commas and takes each
   * element without its surrounding blanks (its util/platformutil), so {@code "linux/amd64,
   * linux/386"} is two platforms whose labels have no blank. An element that is empty once trimmed
   * ({@code "linux/amd64,,linux/386"}, {@code "linux/amd64,"}) is a usage error naming the value
   * typed, not a platform dropped.
   */
  static List<String> labels(CommandLine cl, List<String> values) {
    CommandLine.ParseResult pr = cl.getParseResult();
    CommandLine.Model.OptionSpec opt = pr == null ? null : pr.matchedOption("--platform");
    List<String> typed = opt == null ? values : opt.originalStringValues();
    for (String t : typed) {
      for (String e : t.split(",", -1)) {
        if (e.isBlank()) {
          throw new CommandLine.ParameterException(
              cl,
              "--platform '"
                  + Render.clean(t)
                  + "': empty platform in the comma-separated list (expected PLATFORM[,PLATFORM...])");
        }
      }
    }
    List<String> out = new ArrayList<>();
    for (String v : values) {
      out.add(v.trim());
    }
    return out;
  }

  /** The platforms, in the order given; picocli has split the commas already. */
  static List<Platform> parse(CommandLine cl, List<String> values) {
    List<Platform> out = new ArrayList<>();
    for (String v : values) {
      try {
        out.add(Platform.parse(v));
      } catch (InvalidPlatformException e) {
        String hint =
            PlatformSuggestions.suggest(v).map(s -> "; did you mean " + s + "?").orElse("");
        throw new CommandLine.ParameterException(
            cl,
            "--platform: "
                + e.getMessage()
                + hint
                + " (accepted: "
                + PlatformSuggestions.ACCEPTED_FORMS
                + ")");
      }
    }
    return out;
  }

  /**
   * The platforms as judged on {@code host}: a bare OS ({@code --platform linux}) stands for that
   * OS on the host's architecture and variant, as Docker resolves it against the daemon's host
   * (containerd platforms.go Parse takes the running machine's architecture), so a saved arm64
   * profile judges {@code linux} as linux/arm64 whatever machine runs this command. Values are the
   * ones {@link #parse} accepted already.
   */
  static List<Platform> on(dev.canirundocker.host.HostProfile host, List<String> values) {
    List<Platform> out = new ArrayList<>();
    for (String v : values) {
      out.add(Platform.parse(v, host == null ? null : host.platform()));
    }
    return out;
  }
}
