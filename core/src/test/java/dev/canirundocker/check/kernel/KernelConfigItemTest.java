package dev.canirundocker.check.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.canirundocker.host.KernelVersion;
import dev.canirundocker.host.LinuxInfo.KernelConfigInfo;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class KernelConfigItemTest {

  @Test
  void namesCarryTheConfigPrefix() {
    assertEquals("CONFIG_NAMESPACES", KernelConfigItem.of("NAMESPACES", "required").name());
    assertEquals("CONFIG_NAMESPACES", KernelConfigItem.of("CONFIG_NAMESPACES", "required").name());
  }

  @Test
  void badNamesAndGroupsAreRejectedWithTheirInput() {
    IllegalArgumentException n =
        assertThrows(
            IllegalArgumentException.class, () -> KernelConfigItem.of("name space", "required"));
    assertEquals(
        "invalid kernel config item name 'CONFIG_name space': expected CONFIG_ followed"
            + " by upper-case letters, digits and underscores",
        n.getMessage());
    IllegalArgumentException g =
        assertThrows(IllegalArgumentException.class, () -> KernelConfigItem.of("VXLAN", "network"));
    assertEquals(
        "invalid group 'network' for CONFIG_VXLAN: expected required, optional,"
            + " network:<driver> or storage:<driver>",
        g.getMessage());
    IllegalArgumentException r =
        assertThrows(
            IllegalArgumentException.class,
            () -> KernelConfigItem.of("X", "optional").withSince(5, 0).withBelow(4, 8));
    assertEquals(
        "empty version range for CONFIG_X: since 5.0.0 is not below 4.8.0", r.getMessage());
  }

  @Test
  void versionGatesCompareMajorMinorLikeTheScript() {
    // script: [ kernelMajor -lt 5 ] || [ kernelMajor -eq 5 -a kernelMinor -le 1 ]
    KernelConfigItem natIpv4 = KernelConfigCatalog.find("NF_NAT_IPV4");
    assertTrue(natIpv4.admitsVersion(KernelVersion.of(5, 1, 21)));
    assertFalse(natIpv4.admitsVersion(KernelVersion.of(5, 2, 0)));
    assertTrue(natIpv4.admitsVersion(KernelVersion.of(3, 10, 0)));
    // script: kernelMajor -ge 5 || (4 and kernelMinor -ge 15)
    KernelConfigItem bpf = KernelConfigCatalog.find("CGROUP_BPF");
    assertFalse(bpf.admitsVersion(KernelVersion.of(4, 14, 999)));
    assertTrue(bpf.admitsVersion(KernelVersion.of(4, 15, 0)));
    assertFalse(bpf.admitsVersion(null));
    assertTrue(KernelConfigCatalog.find("NAMESPACES").admitsVersion(null));
  }

  @Test
  void catalogGatesMatchCheckConfigSh() {
    Object[][] gates = {
      {"DEVPTS_MULTIPLE_INSTANCES", null, "4.8.0"},
      {"NF_NAT_IPV4", null, "5.2.0"},
      {"NF_NAT_NEEDED", null, "5.3.0"},
      {"CGROUP_BPF", "4.15.0", null},
      {"MEMCG_SWAP", null, "5.8.0"},
      {"MEMCG_SWAP_ENABLED", null, "5.8.0"},
      {"MEMCG_KMEM", null, "4.6.0"},
      {"RESOURCE_COUNTERS", null, "3.19.0"},
      {"NETPRIO_CGROUP", null, "3.14.0"},
      {"CGROUP_NET_PRIO", "3.14.0", null},
      {"IOSCHED_CFQ", null, "5.0.0"},
      {"CFQ_GROUP_IOSCHED", null, "5.0.0"},
      {"INET_XFRM_MODE_TRANSPORT", null, "5.4.0"},
    };
    for (Object[] g : gates) {
      KernelConfigItem i = KernelConfigCatalog.find((String) g[0]);
      assertEquals(g[1], i.since() == null ? null : i.since().toString(), (String) g[0]);
      assertEquals(g[2], i.below() == null ? null : i.below().toString(), (String) g[0]);
    }
  }

  @Test
  void catalogNamesAreUnique() {
    Set<String> seen = new HashSet<>();
    for (KernelConfigItem i : KernelConfigCatalog.items()) {
      assertTrue(seen.add(i.name()), i.name());
    }
    assertNotNull(KernelConfigCatalog.find("CONFIG_OVERLAY_FS"));
    assertNull(KernelConfigCatalog.find("ZFS"));
  }

  @Test
  void unlessSetAndOnlyWhenSet() {
    KernelConfigItem ext3 = KernelConfigCatalog.find("EXT3_FS");
    KernelConfigInfo withExt4ForExt2 =
        new KernelConfigInfo("t", "6.1.0", Map.of("CONFIG_EXT4_USE_FOR_EXT2", "y"));
    KernelConfigInfo without = new KernelConfigInfo("t", "6.1.0", Map.of());
    assertFalse(ext3.appliesTo(withExt4ForExt2, KernelVersion.of(6, 1, 0), false));
    assertTrue(ext3.appliesTo(without, KernelVersion.of(6, 1, 0), false));

    KernelConfigItem emulate = KernelConfigCatalog.find("LEGACY_VSYSCALL_EMULATE");
    assertFalse(emulate.appliesTo(without, KernelVersion.of(6, 1, 0), false));
    assertTrue(
        emulate.appliesTo(
            new KernelConfigInfo("t", null, Map.of("CONFIG_LEGACY_VSYSCALL_EMULATE", "y")),
            KernelVersion.of(6, 1, 0),
            false));
  }

  @Test
  void v1OnlyItemsAreOptionalOnPureV2() {
    KernelConfigItem freezer = KernelConfigCatalog.find("CGROUP_FREEZER");
    assertEquals("optional", freezer.groupFor(true));
    assertEquals("required", freezer.groupFor(false));
    assertEquals("required", KernelConfigCatalog.find("CGROUP_SCHED").groupFor(true));
  }

  @Test
  void configStateParsesItsJsonSpelling() {
    for (ConfigState s : ConfigState.values()) {
      assertEquals(s, ConfigState.parse(s.json()));
    }
    assertEquals(
        "unknown kernel config state 'on': expected enabled, module or missing",
        assertThrows(IllegalArgumentException.class, () -> ConfigState.parse("on")).getMessage());
    assertEquals(
        List.of("enabled", "module", "missing"),
        List.of(ConfigState.ENABLED.json(), ConfigState.MODULE.json(), ConfigState.MISSING.json()));
  }
}
