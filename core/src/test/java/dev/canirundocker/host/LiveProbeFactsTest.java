package dev.canirundocker.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.canirundocker.check.EngineReadiness;
import dev.canirundocker.check.ImageCompatibility;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The live Linux probe reads only the facts it is asked for ({@link ProbeOptions#facts()}): the
 * others are null and named as not probed, and the facts it read are those of a full probe.
 */
class LiveProbeFactsTest {
  private static HostProfile probe(Set<HostFact> facts) {
    return new LiveHostProbe(ProbeOptions.defaults().withExecProbes(false).withFacts(facts))
        .probe();
  }

  @Test
  void imageCheckFactsLeaveTheEngineFactsOut() {
    assumeTrue(System.getProperty("os.name").startsWith("Linux"), "the Linux probe");
    HostProfile full = probe(null);
    HostProfile some = probe(ImageCompatibility.HOST_FACTS);
    assertEquals(Set.of(), full.notProbed());
    assertEquals(
        EnumSet.of(
            HostFact.CPU_TOPOLOGY,
            HostFact.MEMORY,
            HostFact.VIRTUALIZATION,
            HostFact.CGROUPS,
            HostFact.NAMESPACES,
            HostFact.FILESYSTEMS,
            HostFact.SECURITY,
            HostFact.SYSCTLS,
            HostFact.CONTAINER,
            HostFact.ROOTLESS),
        some.notProbed());
    // the processor read without OSHI's processor model: the same, but for the counts
    CpuInfo c = full.cpu();
    assertEquals(
        new CpuInfo(
            c.vendor(), c.model(), c.microarchitecture(), 0, 0, c.flags(), c.amd64Level(), c.arm()),
        some.cpu());
    assertEquals(full.platform(), some.platform());
    assertEquals(full.kernel(), some.kernel());
    assertEquals(full.linux().kernelConfig(), some.linux().kernelConfig());
    assertEquals(full.linux().binfmt(), some.linux().binfmt());
    assertEquals(full.linux().wsl(), some.linux().wsl());
    assertEquals(full.gpu(), some.gpu());
    assertEquals(0, some.memoryTotalBytes());
    assertEquals(null, some.virtualization());
    assertEquals(null, some.linux().cgroups());
    assertEquals(null, some.linux().security());
    assertEquals(null, some.linux().rootless());
    // nothing left out is reported as unknown: it was not asked for
    for (Unknown u : some.unknowns()) {
      for (HostFact f : some.notProbed()) {
        assertEquals(false, u.fact().startsWith(f.id()), u.toString());
      }
    }
  }

  @Test
  void engineFactsLeaveMemoryVirtualizationAndGpuOut() {
    assumeTrue(System.getProperty("os.name").startsWith("Linux"), "the Linux probe");
    HostProfile some = probe(EngineReadiness.HOST_FACTS);
    assertEquals(
        EnumSet.of(HostFact.CPU_TOPOLOGY, HostFact.MEMORY, HostFact.VIRTUALIZATION, HostFact.GPU),
        some.notProbed());
    assertNotNull(some.cpu());
    assertNotNull(some.linux().cgroups());
    assertEquals(null, some.gpu());
    HostProfile back = HostProfile.parse(some.toJsonString());
    assertEquals(some.notProbed(), back.notProbed());
  }

  /**
   * The point of the subsets: every verdict and finding on this host is the same from a subset as
   * from a full probe, for every platform the tool has an exec probe for and for the engine.
   */
  @Test
  void verdictsFromASubsetAreThoseOfAFullProbe() {
    assumeTrue(System.getProperty("os.name").startsWith("Linux"), "the Linux probe");
    HostProfile full = probe(null);
    HostProfile images = probe(ImageCompatibility.HOST_FACTS);
    for (dev.canirundocker.platform.Platform p :
        dev.canirundocker.host.exec.ProbeBinaries.supportedPlatforms()) {
      assertEquals(
          ImageCompatibility.evaluate(full, p),
          ImageCompatibility.evaluate(images, p),
          p.toString());
    }
    HostProfile engine = probe(EngineReadiness.HOST_FACTS);
    assertEquals(
        EngineReadiness.evaluate(full, null).engine(),
        EngineReadiness.evaluate(engine, null).engine());
  }
}
