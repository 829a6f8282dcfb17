package dev.canirundocker.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The kernel findings' fixes, as a user reads them from {@code kernel --config}: pasteable commands
 * first (modprobe, the modules-load.d line, Ubuntu's extra-modules package), a rebuild last, and a
 * bool option said to need a kernel that has it built in.
 */
class KernelRemedyTest {
  @Test
  void missingModulesAreFixedWithModprobeFirst() {
    Path file =
        Path.of("..", "core", "src", "test", "resources", "kernel", "no-storage-5.15.config");
    MainTest.Run r = MainTest.run("kernel", "--config", file.toString());
    assertEquals(5, r.code());
    assertEquals("", r.err());
    String out = r.out();
    assertEquals(
        "UNSUPPORTED  kernel config ../core/src/test/resources/kernel/no-storage-5.15.config (Linux 5.15.0)",
        out.substring(0, out.indexOf('\n')));
    assertEquals(
        "Findings\n"
            + "  FAIL no storage driver is usable with this kernel config: aufs lacks CONFIG_AUFS_FS; btrfs lacks CONFIG_BTRFS_FS, CONFIG_BTRFS_FS_POSIX_ACL; devicemapper lacks CONFIG_BLK_DEV_DM, CONFIG_DM_THIN_PROVISIONING; overlay lacks CONFIG_OVERLAY_FS (zfs is not in the kernel config and was not checked) [kernel.storage.none]\n"
            + "      -> for the overlay2 storage driver, load the module: sudo modprobe overlay; to load it at boot: echo overlay | sudo tee -a /etc/modules-load.d/docker.conf; where modprobe finds no such module on Ubuntu: sudo apt-get install linux-modules-extra-$(uname -r); else use a kernel built with CONFIG_OVERLAY_FS=m\n"
            + "  WARN ipvlan networks need CONFIG_IPVLAN, not set in the kernel config [kernel.network.ipvlan.missing]\n"
            + "      -> load the module: sudo modprobe ipvlan; to load it at boot: echo ipvlan | sudo tee -a /etc/modules-load.d/docker.conf; where modprobe finds no such module on Ubuntu: sudo apt-get install linux-modules-extra-$(uname -r); else use a kernel built with CONFIG_IPVLAN=m; or do without ipvlan networks\n"
            + "  INFO CONFIG_RT_GROUP_SCHED is not set in the kernel config; optional features that need it are unavailable [kernel.config.optional-missing]\n"
            + "      -> CONFIG_RT_GROUP_SCHED=y must be built in (it cannot be a module): boot the distribution's standard kernel, which has it, or rebuild the kernel with it\n"
            + "  INFO CONFIG_EXT3_FS is not set in the kernel config; optional features that need it are unavailable [kernel.config.optional-missing]\n"
            + "      -> load the module: sudo modprobe ext3; to load it at boot: echo ext3 | sudo tee -a /etc/modules-load.d/docker.conf; where modprobe finds no such module on Ubuntu: sudo apt-get install linux-modules-extra-$(uname -r); else use a kernel built with CONFIG_EXT3_FS=m\n"
            + "  INFO CONFIG_EXT3_FS_XATTR is not set in the kernel config; optional features that need it are unavailable [kernel.config.optional-missing]\n"
            + "      -> CONFIG_EXT3_FS_XATTR=y must be built in (it cannot be a module): boot the distribution's standard kernel, which has it, or rebuild the kernel with it\n"
            + "  INFO CONFIG_EXT3_FS_POSIX_ACL is not set in the kernel config; optional features that need it are unavailable [kernel.config.optional-missing]\n"
            + "      -> CONFIG_EXT3_FS_POSIX_ACL=y must be built in (it cannot be a module): boot the distribution's standard kernel, which has it, or rebuild the kernel with it\n"
            + "  INFO CONFIG_EXT3_FS_SECURITY is not set in the kernel config; optional features that need it are unavailable [kernel.config.optional-missing]\n"
            + "      -> CONFIG_EXT3_FS_SECURITY=y must be built in (it cannot be a module): boot the distribution's standard kernel, which has it, or rebuild the kernel with it\n"
            + "",
        out.substring(out.indexOf("Findings\n")));
  }
}
