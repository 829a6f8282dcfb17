package dev.canirundocker.cli;

import dev.canirundocker.host.BinfmtEntry;
import dev.canirundocker.host.CpuInfo;
import dev.canirundocker.host.ExecProbeResult;
import dev.canirundocker.host.HostProfile;
import dev.canirundocker.host.LinuxInfo;
import dev.canirundocker.host.Unknown;
import dev.canirundocker.host.Virtualization;
import dev.canirundocker.report.HostDocument;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;

/** {@code can-i-run-docker host}: the host profile, as a summary or as the contract JSON. */
final class HostCommand implements Callable<Integer>, Specs.Bound {
  final Main main;

  // set by Commands.command right after construction, before picocli parses or runs it
  @SuppressWarnings("NullAway.Init")
  picocli.CommandLine.Model.CommandSpec spec;

  /** --format, or null: not given. */
  @Nullable String format;

  /** --root, or null: not given. */
  java.nio.file.@Nullable Path root;

  HostCommand(Main main) {
    this.main = main;
  }

  @Override
  public void set(String key, @Nullable Object v) {
    switch (key) {
      case "--format" -> format = (String) v;
      case "--root" -> root = (java.nio.file.Path) v;
      default -> throw new IllegalArgumentException(key);
    }
  }

  @Override
  public Integer call() {
    String fmt = format == null ? (main.json ? "json" : "text") : format;
    if (!List.of("text", "json", "nfd").contains(fmt)) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(),
          "host: --format: expected " + "text, json or nfd but found '" + Render.clean(fmt) + "'");
    }
    if (main.json && !fmt.equals("json")) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(), "host: --json and --format " + fmt + " exclude each other");
    }
    if (root != null) {
      if (!main.hostProfiles.isEmpty()) {
        throw new picocli.CommandLine.ParameterException(
            spec.commandLine(), "host: --root and --host-profile exclude each other");
      }
      if (!java.nio.file.Files.isDirectory(root)) {
        throw new CliException("--root " + root + ": not a directory");
      }
      main.root = root;
    }
    HostProfile h = main.host();
    Phases.mark("probe");
    String out =
        fmt.equals("json")
            ? new HostDocument(h).toJsonString()
            : fmt.equals("nfd")
                ? dev.canirundocker.fleet.NfdLabels.featureFile(h)
                : summary(h, Render.of(main));
    Phases.mark("render");
    main.emit(out);
    Phases.mark("print");
    return 0;
  }

  static String gib(long bytes) {
    return String.format(Locale.ROOT, "%.1f GiB", bytes / 1073741824.0);
  }

  static String summary(HostProfile h, Render r) {
    StringBuilder b = new StringBuilder();
    if (h.hostname() != null || h.collectedAt() != null) {
      row(
          b,
          r,
          "Host",
          (h.hostname() == null ? "name unknown" : h.hostname())
              + (h.collectedAt() == null ? "" : ", collected " + h.collectedAt()));
    }
    CpuInfo c = h.cpu();
    String level = c != null && c.amd64Level() > 0 ? " (x86-64-v" + c.amd64Level() + ")" : "";
    row(
        b,
        r,
        "Platform",
        h.platform().formatWithDefaultVariant()
            + level
            + (h.platform().osVersion().isEmpty() ? "" : " " + h.platform().osVersion()));
    row(b, r, "OS", h.os().summary(c));
    if (h.kernel() != null) {
      row(b, r, "Kernel", nn(h.kernel().release()));
    }
    if (c != null) {
      row(
          b,
          r,
          "CPU",
          nn(c.model())
              + " ("
              + nn(c.vendor())
              + (c.microarchitecture() == null ? "" : ", " + c.microarchitecture())
              + "), "
              + c.logicalCount()
              + " logical / "
              + c.physicalCount()
              + " physical");
    }
    row(b, r, "Memory", h.memoryTotalBytes() > 0 ? gib(h.memoryTotalBytes()) : "unknown");
    Virtualization v = h.virtualization();
    if (v != null) {
      List<String> parts = new ArrayList<>();
      boolean hidden = false;
      if (v.hypervisorRunsHere() && h.os().isWindows()) {
        // the root partition of Hyper-V: Windows hides the firmware flags while it runs
        parts.add("a hypervisor runs beneath Windows (Hyper-V, WSL 2 or VBS): virtualization on");
        hidden = true;
      } else if (Boolean.TRUE.equals(v.hypervisorPresent())) {
        parts.add(
            "guest of " + (v.hypervisorVendor() == null ? "a hypervisor" : v.hypervisorVendor()));
        hidden = h.os().isWindows();
      } else if (Boolean.FALSE.equals(v.hypervisorPresent())) {
        parts.add("no hypervisor seen");
      }
      if (v.kvm() != null) {
        parts.add(v.kvm() ? "/dev/kvm present" : "no /dev/kvm");
      }
      if (v.firmwareEnabled() != null && !hidden) {
        parts.add("hardware virtualization " + (v.firmwareEnabled() ? "available" : "off"));
      }
      row(b, r, "Virtualization", parts.isEmpty() ? "unknown" : String.join(", ", parts));
    }
    LinuxInfo l = h.linux();
    if (l != null) {
      if (l.cgroups() != null) {
        row(
            b,
            r,
            "cgroups",
            l.cgroups().mode() + " (" + String.join(" ", l.cgroups().controllers()) + ")");
      }
      if (l.kernelConfig() != null) {
        row(b, r, "Kernel config", nn(l.kernelConfig().source()));
      }
      if (l.security() != null) {
        var sc = l.security().seccompSupport();
        // the kernel's support is what Docker needs; this JVM's own seccomp mode says nothing
        row(
            b,
            r,
            "Security",
            "seccomp "
                + (sc == null ? "unknown" : sc.supported() ? "supported" : "not supported")
                + ", AppArmor "
                + onOff(l.security().apparmor())
                + ", SELinux "
                + nn(l.security().selinux()));
      }
      if (l.wsl() != null && l.wsl() != dev.canirundocker.host.WslKind.NONE) {
        row(b, r, "WSL", l.wsl().id());
      }
      if (h.gpu() != null) {
        row(b, r, "GPU", gpuLine(h.gpu()));
      }
      if (l.container() != null && l.container().inside()) {
        row(
            b,
            r,
            "Container",
            "this host is itself a container ("
                + String.join(", ", l.container().evidence())
                + ")");
      }
      if (l.binfmt() != null) {
        StringBuilder s = new StringBuilder(l.binfmt().mounted() ? "mounted" : "not mounted");
        if (l.binfmt().mounted()) {
          s.append(Boolean.FALSE.equals(l.binfmt().enabled()) ? ", disabled" : ", enabled");
          for (BinfmtEntry e : l.binfmt().entries()) {
            if (e.platform() != null) {
              s.append("\n")
                  .append(" ".repeat(17))
                  .append(e.name())
                  .append(" " + r.arrow() + " ")
                  .append(e.platform())
                  .append(" flags ")
                  .append(e.flags().isEmpty() ? "-" : e.flags())
                  .append(e.enabled() ? "" : " (disabled)");
            }
          }
        }
        row(b, r, "binfmt_misc", s.toString());
      }
    }
    if (!h.execProbes().isEmpty()) {
      StringBuilder s = new StringBuilder();
      for (ExecProbeResult p : h.execProbes()) {
        if (s.length() > 0) {
          s.append("\n").append(" ".repeat(17));
        }
        s.append(Render.padRight(p.platform().toString(), 15))
            .append(' ')
            .append(p.outcome().json())
            .append(p.interpreter() == null ? "" : " via " + p.interpreter());
      }
      row(b, r, "Exec probes", s.toString());
    }
    for (Unknown u : h.unknowns()) {
      row(b, r, "Unknown", u.fact() + ": " + u.reason());
    }
    return b.toString();
  }

  private static String onOff(@Nullable Boolean b) {
    return b == null ? "unknown" : b ? "enabled" : "disabled";
  }

  private static String nn(@Nullable String s) {
    return s == null ? "unknown" : s;
  }

  /**
   * One row; the value's lines (continuation lines are indented by the caller) are each made safe
   * for a terminal: a profile is outside input, and every field of it may hold escape sequences.
   */
  private static void row(StringBuilder b, Render r, String key, String value) {
    StringBuilder v = new StringBuilder();
    for (String line : value.split("\n", -1)) {
      v.append(v.length() == 0 ? "" : "\n").append(Render.clean(line));
    }
    b.append(r.bold(Render.padRight(key, 16))).append(' ').append(v).append('\n');
  }

  /** The GPU facts on one line: driver, CUDA, GPUs, and how containers get them. */
  static String gpuLine(dev.canirundocker.host.GpuInfo g) {
    StringBuilder s =
        new StringBuilder(
            g.driverVersion() != null
                ? "NVIDIA driver " + g.driverVersion()
                : "WSL 2 GPU (driver on the Windows side)");
    s.append(g.cudaVersion() == null ? ", CUDA unknown" : ", CUDA " + g.cudaVersion());
    for (dev.canirundocker.host.GpuInfo.Gpu x : g.gpus()) {
      s.append(", ").append(nn(x.model()));
    }
    var rt = g.runtime();
    s.append("; containers: ")
        .append(
            rt.hook() != null
                ? "--gpus (" + rt.hook() + ")"
                : !rt.cdiSpecs().isEmpty()
                    ? "CDI only (" + String.join(", ", rt.cdiSpecs()) + ")"
                    : "no NVIDIA container runtime");
    return dev.canirundocker.text.Text.oneLine(s.toString());
  }
}
