package dev.canirundocker.cli;

import dev.canirundocker.check.kernel.KernelConfigCheck;
import dev.canirundocker.check.kernel.KernelConfigReport;
import dev.canirundocker.host.KernelVersion;
import dev.canirundocker.host.LinuxInfo.KernelConfigInfo;
import dev.canirundocker.host.Unknown;
import dev.canirundocker.host.linux.KernelConfigException;
import dev.canirundocker.host.linux.KernelConfigs;
import dev.canirundocker.host.linux.LinuxReadResult;
import dev.canirundocker.host.linux.LinuxSysfs;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;

/**
 * {@code can-i-run-docker kernel}: the kernel config check, item by item (check-config.sh parity).
 */
final class KernelCommand implements Callable<Integer>, Specs.Bound {
  final Main main;

  /** --config, or null: not given. */
  @Nullable Path config;

  KernelCommand(Main main) {
    this.main = main;
  }

  @Override
  public void set(String key, @Nullable Object v) {
    if (!key.equals("--config")) {
      throw new IllegalArgumentException(key);
    }
    config = (Path) v;
  }

  @Override
  public Integer call() {
    KernelConfigInfo cfg;
    KernelVersion version = null;
    String cgroupMode = null;
    if (config != null) {
      // a FIFO would block until a writer comes, a device never ends: refused unopened
      String kind = dev.canirundocker.io.BoundedFiles.describe(config);
      if (kind != null && !kind.equals("a regular file")) {
        throw new CliException("--config " + config + ": is " + kind + ", not a kernel config");
      }
      try {
        cfg = KernelConfigs.readKernelConfigFile(config);
      } catch (KernelConfigException e) {
        throw new CliException("--config " + e.getMessage(), e);
      }
    } else if (main.hostProfile != null) {
      var h = main.host();
      if (h.linux() == null || h.linux().kernelConfig() == null) {
        throw new CliException("--host-profile " + main.hostProfile + ": holds no kernel config");
      }
      cfg = h.linux().kernelConfig();
      version = h.kernel() == null ? null : h.kernel().parsedVersion();
      cgroupMode =
          h.linux().cgroups() == null || h.linux().cgroups().mode() == null
              ? null
              : h.linux().cgroups().mode().id();
    } else {
      LinuxReadResult r = LinuxSysfs.host().readKernelFacts(main.env);
      if (r.linux() == null || r.linux().kernelConfig() == null) {
        String why =
            r.unknown("linux.kernelConfig").map(Unknown::reason).orElse("not a Linux host");
        throw new CliException("no kernel config found: " + why);
      }
      cfg = r.linux().kernelConfig();
      version = r.kernel() == null ? null : r.kernel().parsedVersion();
      cgroupMode =
          r.linux().cgroups() == null || r.linux().cgroups().mode() == null
              ? null
              : r.linux().cgroups().mode().id();
    }
    Phases.mark("probe");
    KernelConfigReport report = KernelConfigCheck.evaluate(cfg, version, cgroupMode);
    Phases.mark("checks");
    String out =
        main.json
            ? new dev.canirundocker.report.KernelDocument(report).toJsonString()
            : text(report);
    Phases.mark("render");
    main.emit(out);
    Phases.mark("print");
    return report.verdict().exitCode();
  }

  private String text(KernelConfigReport report) {
    Render r = Render.of(main);
    StringBuilder b = new StringBuilder();
    b.append(r.verdict(report.verdict()))
        .append("  ")
        .append(r.bold("kernel config"))
        .append(report.configSource() == null ? "" : " " + Render.clean(report.configSource()))
        .append(report.kernelVersion() == null ? "" : " (Linux " + report.kernelVersion() + ")")
        .append('\n');
    String group = null;
    for (KernelConfigReport.Item i : report.items()) {
      if (!i.group().equals(group)) {
        group = i.group();
        b.append('\n').append(r.bold(Render.clean(group))).append('\n');
      }
      String st = i.state().json();
      b.append("  ")
          .append(Render.clean(i.name()))
          .append(": ")
          .append(
              i.state().present()
                  ? r.paint("32", st.equals("module") ? "enabled (as module)" : "enabled")
                  : r.paint(i.group().equals("required") ? "31" : "33", "missing"))
          .append('\n');
    }
    if (!report.findings().isEmpty()) {
      b.append('\n').append(r.bold("Findings")).append('\n');
      r.findings(b, report.findings(), "  ");
    }
    return b.toString();
  }
}
