package dev.canirundocker.check;

import static dev.canirundocker.testing.Hosts.GIB;
import static dev.canirundocker.testing.Hosts.linux;
import static dev.canirundocker.testing.Hosts.mac;
import static dev.canirundocker.testing.Hosts.windows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.canirundocker.daemon.DaemonEndpoint;
import dev.canirundocker.daemon.DaemonStatus;
import dev.canirundocker.daemon.DaemonUnreachableException;
import dev.canirundocker.host.HostProfile;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The preflight verdict for hosts this machine is not. */
class EngineReadinessTest {

  static Stream<Arguments> hosts() {
    return Stream.of(
        Arguments.of(
            "macOS Intel 15",
            mac("amd64", "15.2", 16 * GIB),
            Verdict.NEEDS_VM,
            List.of("vm.route")),
        Arguments.of(
            "macOS Apple silicon 26",
            mac("arm64", "26.1", 16 * GIB),
            Verdict.NEEDS_VM,
            List.of("vm.route")),
        Arguments.of(
            "macOS too old (12)",
            mac("amd64", "12.7", 16 * GIB),
            Verdict.UNSUPPORTED,
            List.of("vm.route", "desktop.macos.too-old")),
        Arguments.of(
            "Windows 10 22H2",
            windows("Windows 10 Pro", "Professional", 19045, true, true, "2.1.5.0", true),
            Verdict.NEEDS_VM,
            List.of("vm.route")),
        Arguments.of(
            "Windows 10 1909",
            windows("Windows 10 Pro", "Professional", 18363, true, true, null, true),
            Verdict.UNSUPPORTED,
            List.of("vm.route", "desktop.windows.too-old")),
        Arguments.of(
            "Windows 11 23H2",
            windows("Windows 11 Pro", "Professional", 22631, true, true, "2.3.26.0", true),
            Verdict.NEEDS_VM,
            List.of("vm.route")),
        Arguments.of(
            "Windows 11 Home",
            windows("Windows 11 Home", "Core", 22631, true, true, "2.3.26.0", false),
            Verdict.NEEDS_VM,
            List.of("vm.route", "desktop.windows.home")),
        Arguments.of(
            "Windows Server 2022",
            windows(
                "Windows Server 2022 Standard", "ServerStandard", 20348, true, true, null, true),
            Verdict.UNSUPPORTED,
            List.of("vm.route", "desktop.windows.server")),
        Arguments.of(
            "Windows, virtualization off",
            windows("Windows 11 Pro", "Professional", 22631, false, true, "2.3.26.0", true),
            Verdict.UNSUPPORTED,
            List.of("vm.route", "virtualization.firmware.disabled")),
        Arguments.of(
            "WSL 1",
            linux().release("4.4.0-19041-Microsoft").wsl("wsl1").build(),
            Verdict.NEEDS_VM,
            List.of("wsl.version1")),
        Arguments.of(
            "Linux 2.6.32",
            linux().release("2.6.32-754.el6.x86_64").build(),
            Verdict.UNSUPPORTED,
            List.of("kernel.version.too-old")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hosts")
  void verdictAndFirstFindings(String name, HostProfile host, Verdict verdict, List<String> ids) {
    Evaluation e = EngineReadiness.evaluate(host, null).engine();
    assertEquals(verdict, e.verdict(), () -> name + ": " + e.findings());
    assertEquals(ids, e.ids().subList(0, Math.min(ids.size(), e.ids().size())), name);
  }

  @Test
  void runtimeFactsOverruleTheConfigAndTheFindingNamesBoth() {
    HostProfile h = linux().config("CONFIG_NAMESPACES", "y").config("CONFIG_NET_NS", null).build();
    Evaluation e = EngineReadiness.evaluate(h, null).engine();
    Finding f =
        e.findings().stream()
            .filter(x -> x.id().equals("kernel.config.contradicted"))
            .findFirst()
            .orElseThrow();
    assertEquals(
        "The kernel configuration (/proc/config.gz) says these are missing but the running "
            + "kernel has them, so the running kernel decides: CONFIG_CGROUP_PIDS (cgroup controller pids "
            + "is available); CONFIG_IPC_NS (namespace ipc is present); CONFIG_MEMCG (cgroup controller "
            + "memory is available); CONFIG_NET_NS (namespace net is present); CONFIG_OVERLAY_FS "
            + "(/proc/filesystems lists overlay); CONFIG_PID_NS (namespace pid is present); CONFIG_USER_NS "
            + "(namespace user is present); CONFIG_UTS_NS (namespace uts is present)",
        f.message());
    assertTrue(
        e.findings().stream()
            .noneMatch(
                x ->
                    x.message().contains("CONFIG_NET_NS")
                        && x.id().equals("kernel.config.missing")),
        e.findings().toString());
  }

  @Test
  void sysctlFixesArePasteableAndPersist() {
    HostProfile h =
        linux()
            .sysctl("net.ipv4.ip_forward", "0")
            .sysctl("kernel.keys.root_maxkeys", "200")
            .build();
    Evaluation e = EngineReadiness.evaluate(h, null).engine();
    assertEquals(
        List.of(
            Finding.info(
                "sysctl.ip-forward",
                "net.ipv4.ip_forward is 0: the engine "
                    + "turns it on when it starts (unless --ip-forward=false); container networking needs it",
                "echo 1 | sudo tee /proc/sys/net/ipv4/ip_forward; to keep it at boot: "
                    + "echo 'net.ipv4.ip_forward = 1' | sudo tee -a /etc/sysctl.d/99-docker.conf"),
            Finding.warn(
                "sysctl.keys",
                "kernel.keys.root_maxkeys is 200; many containers need more "
                    + "session keyrings (system-validators asks for more than 10000)",
                "sudo sysctl -w kernel.keys.root_maxkeys=1000000 kernel.keys.root_maxbytes=25000000; to "
                    + "keep them at boot: printf '%s\\n' 'kernel.keys.root_maxkeys = 1000000' "
                    + "'kernel.keys.root_maxbytes = 25000000' | sudo tee -a /etc/sysctl.d/99-docker.conf")),
        e.findings().stream().filter(f -> f.id().startsWith("sysctl.")).toList());
  }

  @Test
  void wsl2IsALinuxKernel() {
    HostProfile wsl2 = linux().release("5.15.153.1-microsoft-standard-WSL2").wsl("wsl2").build();
    Evaluation e = EngineReadiness.evaluate(wsl2, null).engine();
    assertEquals("wsl.version2", e.ids().get(0));
    assertTrue(e.verdict() != Verdict.NEEDS_VM, e.findings().toString());
  }

  @Test
  void unreachableDaemonIsAWarningWithTheFix() {
    DaemonEndpoint ep = DaemonEndpoint.of("unix:///nonexistent/docker.sock", "flag");
    DaemonStatus down =
        DaemonStatus.unreachable(
            ep,
            new DaemonUnreachableException(
                "unix:///nonexistent/docker.sock: no such socket", null));
    Evaluation e = EngineReadiness.evaluate(mac("arm64", "26.1", 16 * GIB), down).engine();
    assertEquals(Verdict.NEEDS_VM, e.verdict());
    assertTrue(e.has("daemon.unreachable"), e.ids().toString());
    Finding f =
        e.findings().stream()
            .filter(x -> x.id().equals("daemon.unreachable"))
            .findFirst()
            .orElseThrow();
    assertEquals(Severity.WARN, f.severity());
    assertEquals(DaemonUnreachableException.REMEDIATION, f.remediation());
  }

  /** moby daemon/info_unix.go lists name=seccomp,profile=... exactly when it filters containers. */
  @Test
  void daemonSecurityOptionsSaySeccompIsOffOrUnconfined() {
    DaemonEndpoint ep = DaemonEndpoint.of("unix:///var/run/docker.sock", "default");
    java.util.function.Function<List<Object>, List<String>> ids =
        opts -> {
          DaemonStatus.Reachable d =
              DaemonStatus.of(
                  ep,
                  java.util.Map.of("Version", "27.5.1", "Os", "linux", "Arch", "amd64"),
                  java.util.Map.of("SecurityOptions", opts));
          Evaluation.Builder b =
              new Evaluation.Builder(dev.canirundocker.platform.Platform.parse("linux/amd64"));
          EngineReadiness.seccomp(d, b);
          return b.build().findings().stream().map(f -> f.id() + ": " + f.message()).toList();
        };
    assertEquals(
        List.of(),
        ids.apply(List.of("name=apparmor", "name=seccomp,profile=builtin", "name=cgroupns")));
    assertEquals(
        List.of(
            "daemon.seccomp-unconfined: The daemon's default seccomp profile is "
                + "unconfined: containers run without a system call filter"),
        ids.apply(List.of("name=seccomp,profile=unconfined")));
    assertEquals(
        List.of(
            "daemon.seccomp-missing: The daemon lists no seccomp among its security "
                + "options (name=apparmor; name=cgroupns): containers run without a system call filter"),
        ids.apply(List.of("name=apparmor", "name=cgroupns")));
    // an empty list proves nothing: the key may simply be missing
    assertEquals(List.of(), ids.apply(List.of()));
  }
}
