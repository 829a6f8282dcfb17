package dev.canirundocker.host.linux;

import dev.canirundocker.host.LinuxInfo.ContainerInfo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Whether this host is itself a container, and the evidence. */
public final class ContainerEvidence {
  // cgroup path components that container runtimes create (moby: /docker/<id>, system.slice/docker-
  // <id>.scope; kubelet: kubepods; containerd's cri; lxc: /lxc/<name>; podman: libpod-<id>)
  private static final List<String> CONTAINER_CGROUP_MARKERS =
      List.of("docker", "kubepods", "containerd", "lxc", "libpod");

  private ContainerEvidence() {}

  /**
   * The cgroup line of {@code /proc/1/cgroup} that shows PID 1 inside a container runtime's cgroup
   * ({@code 12:pids:/docker/3f2a...}, {@code 0::/kubepods/...}), or null.
   */
  public static @Nullable String cgroupEvidence(List<String> proc1Cgroup) {
    for (String l : proc1Cgroup) {
      int c = l.indexOf(':', l.indexOf(':') + 1);
      String p = c < 0 ? "" : l.substring(c + 1);
      for (String marker : CONTAINER_CGROUP_MARKERS) {
        if (p.contains(marker)) {
          return l.strip();
        }
      }
    }
    return null;
  }

  /**
   * The {@code container=} variable of a NUL-separated environment block ({@code /proc/1/environ});
   * systemd's container interface (systemd.io/CONTAINER_INTERFACE) has managers set it for PID 1.
   */
  public static @Nullable String containerEnv(byte[] environ) {
    for (String kv : new String(environ, StandardCharsets.UTF_8).split("\0")) {
      if (kv.startsWith("container=") && kv.length() > "container=".length()) {
        return kv;
      }
    }
    return null;
  }

  /** Reads the marker files and PID 1's cgroup and environment; never an unknown, only hints. */
  static ContainerInfo read(LinuxRoot root) {
    List<String> evidence = new ArrayList<>();
    // moby writes /.dockerenv into every container; podman/CRI-O write /run/.containerenv
    for (String f : List.of("/.dockerenv", "/run/.containerenv")) {
      if (Files.exists(root.path(f))) {
        evidence.add(f);
      }
    }
    // The rest are hints: unreadable files (environ is root-only) just give no evidence.
    try {
      List<String> cg = ProcFiles.readLinesOrNull(root.path("/proc/1/cgroup"), "/proc/1/cgroup");
      String hit = cg == null ? null : cgroupEvidence(cg);
      if (hit != null) {
        evidence.add("/proc/1/cgroup: " + hit);
      }
    } catch (LinuxReadException ignored) {
      // a hint only
    }
    try {
      String c =
          containerEnv(
              ProcFiles.readBytes(
                  root.path("/proc/1/environ"), "/proc/1/environ", ProcFiles.SMALL_FILE_MAX));
      if (c != null) {
        evidence.add("/proc/1/environ: " + c);
      }
    } catch (NoSuchFileException | LinuxReadException ignored) {
      // a hint only
    }
    return new ContainerInfo(!evidence.isEmpty(), evidence);
  }
}
