package dev.canirundocker.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.canirundocker.host.HostProfile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The fixture profiles on disk are what {@code host --json} wrote for the fleet of {@link
 * FleetFixtures} (the CLI tests read them as saved profiles): each reads back as the fixture.
 * Regenerate with {@code -Dcird.golden.update=true}.
 */
class FleetFixturesTest {
  static final Path DIR = Path.of("src/test/resources/fleet/profiles");

  @Test
  void profilesOnDiskAreTheFixtures() throws IOException {
    for (Map.Entry<String, HostProfile> e : FleetFixtures.profiles().entrySet()) {
      Path file = DIR.resolve(e.getKey() + ".json");
      if (Boolean.getBoolean("cird.golden.update")) {
        Files.createDirectories(DIR);
        Files.writeString(file, e.getValue().toJsonString());
      }
      // read back, not compared byte for byte: a saved profile stays valid when later versions add
      // keys, and these files stand for profiles saved earlier
      String text = Files.readString(file, StandardCharsets.UTF_8);
      assertEquals(
          e.getValue().toJsonString(), HostProfile.parse(text).toJsonString(), file.toString());
    }
  }
}
