package dev.canirundocker.host.exec;

import dev.canirundocker.host.ExecProbeResult;
import dev.canirundocker.platform.Platform;
import java.util.List;

/**
 * Runs the exec probe of each platform and says what happened. {@link ExecProbe} is the real thing;
 * checks take this interface so that tests can hand them a fake.
 */
@FunctionalInterface
public interface ExecProbeRunner {

  /**
   * Probes each platform, in the order given; one result per platform. Never throws for a probe
   * that fails: the failure is the result.
   */
  List<ExecProbeResult> run(List<Platform> platforms);
}
