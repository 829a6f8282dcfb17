package dev.canirundocker.reliability;

import dev.canirundocker.host.exec.ExecProbe;
import dev.canirundocker.platform.Platform;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** Child JVM for {@link ExecProbeSigtermTest}: runs one exec probe that sleeps, under args[0]. */
public final class SleepingProbeMain {
  private SleepingProbeMain() {}

  public static void main(String[] args) {
    byte[] script = "#!/bin/sh\nsleep 30\n".getBytes(StandardCharsets.US_ASCII);
    System.out.println(
        ExecProbe.create(List.of())
            .withTempBase(Path.of(args[0]))
            .withTimeout(Duration.ofSeconds(60))
            .withBinaries(p -> script)
            .run(List.of(Platform.parse("linux/amd64"))));
  }
}
