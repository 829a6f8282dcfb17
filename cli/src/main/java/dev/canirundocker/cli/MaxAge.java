package dev.canirundocker.cli;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code --max-age DURATION}: a number with a unit ({@code 90s}, {@code 30m}, {@code 12h}, {@code
 * 7d}, {@code 2w}; units may be combined, {@code 1d12h}, as Go's time.ParseDuration does for the
 * units it has), or ISO-8601 ({@code P7D}, {@code PT12H}).
 */
final class MaxAge implements ITypeConverter<Duration> {
  private static final Pattern PART = Pattern.compile("(\\d{1,9})([smhdw])");

  @Override
  public Duration convert(String value) {
    Duration d = parse(value);
    if (d == null) {
      throw new TypeConversionException(
          "expected a duration such as 90s, 30m, 12h, 7d or P7D, got '"
              + Messages.shortArg(value)
              + "'");
    }
    return d;
  }

  /** The duration, or null when {@code value} is none (or not positive). */
  static @Nullable Duration parse(String value) {
    String v = value.trim();
    if (v.startsWith("P") || v.startsWith("p")) {
      try {
        Duration d = Duration.parse(v.toUpperCase(java.util.Locale.ROOT));
        return d.isNegative() || d.isZero() ? null : d;
      } catch (DateTimeParseException e) {
        return null;
      }
    }
    Matcher m = PART.matcher(v);
    Duration d = Duration.ZERO;
    int at = 0;
    while (at < v.length()) {
      if (!m.find(at) || m.start() != at) {
        return null;
      }
      long n = Long.parseLong(m.group(1));
      switch (m.group(2)) {
        case "s":
          d = d.plusSeconds(n);
          break;
        case "m":
          d = d.plusMinutes(n);
          break;
        case "h":
          d = d.plusHours(n);
          break;
        case "d":
          d = d.plusDays(n);
          break;
        default:
          d = d.plusDays(7 * n);
          break;
      }
      at = m.end();
    }
    return d.isZero() ? null : d;
  }

  /** {@code 7d}, {@code 3d4h}, {@code 15m}, {@code 42s}: a duration as a person reads it. */
  static String format(Duration d) {
    long s = Math.max(0, d.getSeconds());
    long days = s / 86400;
    long h = s % 86400 / 3600;
    long m = s % 3600 / 60;
    long sec = s % 60;
    StringBuilder b = new StringBuilder();
    if (days > 0) {
      b.append(days).append('d');
    }
    if (h > 0) {
      b.append(h).append('h');
    }
    if (m > 0 && days == 0) {
      b.append(m).append('m');
    }
    if (sec > 0 && days == 0 && h == 0) {
      b.append(sec).append('s');
    }
    return b.length() == 0 ? "0s" : b.toString();
  }
}
