package dev.canirundocker.check.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

class KernelModulesTest {

  @Test
  void modulesAreTheObjectsTheMakefilesBuild() {
    assertEquals("overlay", KernelModules.moduleOf("CONFIG_OVERLAY_FS"));
    assertEquals("bridge", KernelModules.moduleOf("CONFIG_BRIDGE"));
    assertEquals("br_netfilter", KernelModules.moduleOf("CONFIG_BRIDGE_NETFILTER"));
    assertEquals("veth", KernelModules.moduleOf("CONFIG_VETH"));
    assertEquals("ip_vs", KernelModules.moduleOf("CONFIG_IP_VS"));
    assertEquals("nf_nat", KernelModules.moduleOf("CONFIG_NF_NAT"));
    assertEquals("vxlan", KernelModules.moduleOf("CONFIG_VXLAN"));
    assertEquals("ipvlan", KernelModules.moduleOf("CONFIG_IPVLAN"));
    assertEquals("macvlan", KernelModules.moduleOf("CONFIG_MACVLAN"));
    assertEquals("xfrm_user", KernelModules.moduleOf("CONFIG_XFRM_USER"));
    assertEquals("xt_conntrack", KernelModules.moduleOf("CONFIG_NETFILTER_XT_MATCH_CONNTRACK"));
    assertEquals("iptable_nat", KernelModules.moduleOf("CONFIG_IP_NF_NAT"));
    assertNull(KernelModules.moduleOf("CONFIG_NAMESPACES"));
  }

  @Test
  void everyTristateItemOfTheCatalogHasAModuleOrIsKnownBool() {
    // every catalog item gets a concrete remediation, modprobe (module known) or "must be built
    // in" (bool), except these, whose module name the table does not hold (the legacy gates have
    // their own text; the vsyscall choice is never reported missing): a new item must be sorted
    List<String> generic =
        KernelConfigCatalog.items().stream()
            .map(KernelConfigItem::name)
            .distinct()
            .filter(n -> KernelModules.remedy(List.of(n)).startsWith("use a kernel built with"))
            .toList();
    assertEquals(
        List.of(
            "CONFIG_IP_NF_IPTABLES_LEGACY",
            "CONFIG_IP6_NF_IPTABLES_LEGACY",
            "CONFIG_LEGACY_VSYSCALL_NATIVE",
            "CONFIG_LEGACY_VSYSCALL_EMULATE",
            "CONFIG_LEGACY_VSYSCALL_NONE",
            "CONFIG_IOSCHED_CFQ",
            "CONFIG_NETPRIO_CGROUP",
            "CONFIG_CRYPTO",
            "CONFIG_CRYPTO_AEAD",
            "CONFIG_INET_XFRM_MODE_TRANSPORT"),
        generic);
  }

  @Test
  void mixedListLoadsModulesFirstAndNamesTheBuiltInOnesAfter() {
    assertEquals(
        "load the modules: sudo modprobe -a vxlan xfrm_user; to load them at boot:"
            + " printf '%s\\n' vxlan xfrm_user | sudo tee -a /etc/modules-load.d/docker.conf; where"
            + " modprobe finds no such module on Ubuntu: sudo apt-get install"
            + " linux-modules-extra-$(uname -r); else use a kernel built with CONFIG_VXLAN=m,"
            + " CONFIG_XFRM_USER=m; CONFIG_BRIDGE_VLAN_FILTERING=y, CONFIG_XFRM=y must be built in"
            + " (they cannot be modules): boot the distribution's standard kernel, which has them, or"
            + " rebuild the kernel with them",
        KernelModules.remedy(
            List.of(
                "CONFIG_VXLAN",
                "CONFIG_BRIDGE_VLAN_FILTERING",
                "CONFIG_XFRM_USER",
                "CONFIG_XFRM")));
  }

  @Test
  void unknownTristateGetsNoGuessedCommand() {
    assertEquals(
        "use a kernel built with CONFIG_CRYPTO (the distribution's standard kernel, or a"
            + " rebuild; =y, or =m and load the module)",
        KernelModules.remedy(List.of("CONFIG_CRYPTO")));
  }
}
