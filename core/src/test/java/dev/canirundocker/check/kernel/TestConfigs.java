package dev.canirundocker.check.kernel;

import dev.canirundocker.host.LinuxInfo.KernelConfigInfo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A small kernel config reader for tests only (the product's parser lives in host/linux): the
 * header's version and the {@code CONFIG_X=value} lines; "is not set" lines are left out.
 */
final class TestConfigs {
  private static final Pattern HEADER =
      Pattern.compile("^# Linux/\\S+ (\\S+) Kernel Configuration$");
  private static final Pattern ENTRY = Pattern.compile("^(CONFIG_[A-Za-z0-9_]+)=(.*)$");

  private TestConfigs() {}

  static KernelConfigInfo parse(List<String> lines, String source) {
    String version = null;
    Map<String, String> entries = new HashMap<>();
    for (String line : lines) {
      Matcher h = HEADER.matcher(line);
      if (version == null && h.matches()) {
        version = h.group(1);
      }
      Matcher e = ENTRY.matcher(line);
      if (e.matches()) {
        String v = e.group(2);
        if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
          v = v.substring(1, v.length() - 1);
        }
        entries.put(e.group(1), v);
      }
    }
    return new KernelConfigInfo(source, version, entries);
  }

  static KernelConfigInfo read(Path file) {
    try {
      return parse(Files.readAllLines(file, StandardCharsets.UTF_8), file.toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A fixture under src/test/resources/kernel/. */
  static Path fixture(String name) {
    try {
      return Path.of(TestConfigs.class.getResource("/kernel/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A fixture's config, with {@code source} set to its bare file name. */
  static KernelConfigInfo load(String name) {
    KernelConfigInfo c = read(fixture(name));
    return new KernelConfigInfo(name, c.version(), c.entries());
  }

  /** The config with some options changed: a null value removes the option. */
  static KernelConfigInfo with(KernelConfigInfo c, String... nameValue) {
    Map<String, String> m = new HashMap<>(c.entries());
    for (int i = 0; i < nameValue.length; i += 2) {
      if (nameValue[i + 1] == null) {
        m.remove(nameValue[i]);
      } else {
        m.put(nameValue[i], nameValue[i + 1]);
      }
    }
    return new KernelConfigInfo(c.source(), c.version(), m);
  }
}
