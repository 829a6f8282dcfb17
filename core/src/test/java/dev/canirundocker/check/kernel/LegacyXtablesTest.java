package dev.canirundocker.check.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.canirundocker.check.Finding;
import dev.canirundocker.check.Verdict;
import dev.canirundocker.host.KernelVersion;
import dev.canirundocker.host.LinuxInfo.KernelConfigInfo;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Linux 6.17's legacy xtables gates (net/netfilter/Kconfig NETFILTER_XTABLES_LEGACY, default off;
 * IP_NF_FILTER, IP_NF_NAT, IP_NF_MANGLE, IP_NF_RAW "depends on IP_NF_IPTABLES_LEGACY"): on a 6.17+
 * kernel the gates are required with the tables upstream's check-config.sh requires, and a missing
 * table says which gate to turn on.
 */
class LegacyXtablesTest {
  static KernelConfigInfo cgroupV2_61() {
    return TestConfigs.read(TestConfigs.fixture("cgroupv2-6.1.config"));
  }

  /** The 6.1 fixture as an nft-only 6.18 build would leave it: no legacy tables, no gates. */
  static KernelConfigInfo nftOnly618(boolean rt) {
    Map<String, String> m = new HashMap<>(cgroupV2_61().entries());
    for (String n : KernelConfigCatalog.BEHIND_LEGACY_GATES) {
      m.remove(n);
    }
    if (rt) {
      m.put("CONFIG_PREEMPT_RT", "y");
    }
    return new KernelConfigInfo("/proc/config.gz", "6.18.5", m);
  }

  static KernelConfigInfo withGates618() {
    Map<String, String> m = new HashMap<>(cgroupV2_61().entries());
    m.put("CONFIG_NETFILTER_XTABLES_LEGACY", "y");
    m.put("CONFIG_IP_NF_IPTABLES_LEGACY", "m");
    m.put("CONFIG_IP6_NF_IPTABLES_LEGACY", "m");
    return new KernelConfigInfo("/proc/config.gz", "6.18.5", m);
  }

  @Test
  void gatesAreNotItemsBefore617() {
    KernelConfigReport r =
        KernelConfigCheck.evaluate(cgroupV2_61(), KernelVersion.of(6, 16, 0), "v2");
    for (String g : KernelConfigCatalog.LEGACY_GATES) {
      assertNull(r.item("CONFIG_" + g), g);
    }
  }

  @Test
  void gatesAreRequiredFrom617() {
    KernelConfigReport r =
        KernelConfigCheck.evaluate(withGates618(), KernelVersion.of(6, 18, 5), "v2");
    for (String g : KernelConfigCatalog.LEGACY_GATES) {
      assertEquals("required", r.item("CONFIG_" + g).group(), g);
      assertTrue(r.item("CONFIG_" + g).state().present(), g);
    }
    assertEquals(List.of(), r.findings("kernel.config.missing"));
  }

  @Test
  void nftOnly618KernelNamesTheGates() {
    KernelConfigReport r =
        KernelConfigCheck.evaluate(nftOnly618(false), KernelVersion.of(6, 18, 5), "v2");
    assertEquals(Verdict.UNSUPPORTED, r.verdict());
    Finding filter =
        r.findings("kernel.config.missing").stream()
            .filter(f -> f.message().startsWith("CONFIG_IP_NF_FILTER "))
            .findFirst()
            .orElseThrow();
    assertEquals(
        "CONFIG_IP_NF_FILTER is not set in the kernel config; the Docker engine requires "
            + "it, and since Linux 6.17 the legacy iptables tables depend on "
            + "CONFIG_NETFILTER_XTABLES_LEGACY and CONFIG_IP_NF_IPTABLES_LEGACY "
            + "(CONFIG_IP6_NF_IPTABLES_LEGACY for ip6tables), which default to off (not set here: "
            + "CONFIG_NETFILTER_XTABLES_LEGACY, CONFIG_IP_NF_IPTABLES_LEGACY, "
            + "CONFIG_IP6_NF_IPTABLES_LEGACY)",
        filter.message());
    assertEquals(
        "boot a kernel built with CONFIG_NETFILTER_XTABLES_LEGACY=y (a bool: it cannot be"
            + " a module), CONFIG_IP_NF_IPTABLES_LEGACY=m, CONFIG_IP6_NF_IPTABLES_LEGACY=m and "
            + "CONFIG_IP_NF_FILTER=m: the distribution's standard kernel where it enables them, or a "
            + "rebuild",
        filter.remediation());
    long gateFindings =
        r.findings("kernel.config.missing").stream()
            .filter(f -> f.message().startsWith("CONFIG_NETFILTER_XTABLES_LEGACY "))
            .count();
    assertEquals(1, gateFindings);
  }

  @Test
  void preemptRtExcludesTheLegacyTables() {
    KernelConfigReport r =
        KernelConfigCheck.evaluate(nftOnly618(true), KernelVersion.of(6, 18, 5), "v2");
    Finding nat =
        r.findings("kernel.config.missing").stream()
            .filter(f -> f.message().startsWith("CONFIG_IP_NF_NAT "))
            .findFirst()
            .orElseThrow();
    assertTrue(
        nat.message().endsWith("; this kernel has CONFIG_PREEMPT_RT, which excludes them"),
        nat.message());
    assertEquals(
        "use a kernel without CONFIG_PREEMPT_RT, or one built with "
            + "CONFIG_NETFILTER_XTABLES_LEGACY=y and CONFIG_IP_NF_NAT on a non-RT configuration",
        nat.remediation());
  }

  @Test
  void missingTablesBefore617KeepThePlainMessage() {
    Map<String, String> m = new HashMap<>(cgroupV2_61().entries());
    m.remove("CONFIG_IP_NF_FILTER");
    KernelConfigReport r =
        KernelConfigCheck.evaluate(
            new KernelConfigInfo("x", "6.1.0", m), KernelVersion.of(6, 1, 0), "v2");
    assertEquals(
        "CONFIG_IP_NF_FILTER is not set in the kernel config; the Docker engine requires it",
        r.findings("kernel.config.missing").get(0).message());
  }
}
