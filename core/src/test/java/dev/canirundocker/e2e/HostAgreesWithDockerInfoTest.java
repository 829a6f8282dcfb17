package dev.canirundocker.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.canirundocker.host.HostProfile;
import dev.canirundocker.host.LiveHostProbe;
import dev.canirundocker.host.ProbeOptions;
import dev.canirundocker.json.Json;
import dev.canirundocker.platform.Platform;
import dev.canirundocker.testing.DockerAvailable;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The live host profile says what the daemon on the same machine says. */
class HostAgreesWithDockerInfoTest {
  @Test
  void kernelOsArchitectureCpusMemoryAndCgroups() {
    DockerAvailable.client();
    DockerAvailable.requireCli();
    Map<String, Object> info =
        Json.parseObject(DockerAvailable.docker("info", "--format", "{{json .}}"));
    HostProfile h = new LiveHostProbe(ProbeOptions.defaults().withExecProbes(false)).probe();
    assertEquals(info.get("KernelVersion"), h.kernel().release());
    assertEquals(info.get("OSType"), h.os().family());
    assertEquals(
        Platform.of("linux", (String) info.get("Architecture"), "").architecture(),
        h.platform().architecture());
    assertEquals(((Number) info.get("NCPU")).intValue(), h.cpu().logicalCount());
    assertEquals(((Number) info.get("MemTotal")).longValue(), h.memoryTotalBytes());
    // Docker counts a hybrid hierarchy as cgroup v1 (moby pkg/sysinfo: v2 only on a pure unified
    // mount)
    String mode = h.linux().cgroups().mode().id();
    assertEquals(info.get("CgroupVersion"), mode.equals("v2") ? "2" : "1", "cgroup mode " + mode);
    String osName = (String) info.get("OperatingSystem");
    assertEquals(true, osName.startsWith(h.os().name()), osName + " vs " + h.os().name());
  }
}
