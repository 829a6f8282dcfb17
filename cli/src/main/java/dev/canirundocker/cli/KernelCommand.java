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
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code can-i-run-docker kernel}: the kernel config check, item by item (check-config.sh parity).
 */
@Command(
    name = "kernel",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    usageHelpAutoWidth = true,
    header = "Check a kernel configuration for the Docker engine.",
    descriptionHeading = "%n",
    description = {
      "Item by item as moby's contrib/check-config.sh does it (required, optional, per "
          + "network and storage driver), with its version gates and the cgroup v1/v2 split. Without "
          + "--config: the running kernel's config (/proc/config.gz, /boot/config-RELEASE, ...); "
          + "with --host-profile: the config saved in the profile.",
      "",
      "UNSUPPORTED means a required option is missing or no storage driver is usable; a "
          + "missing optional option is a finding, not a failure."
    },
    optionListHeading = "%nOptions:%n",
    exitCodeListHeading = ExitCodes.HEADING,
    exitCodeList = {
      " 0:NATIVE: every required option is there",
      ExitCodes.HELP_ERROR,
      ExitCodes.HELP_USAGE,
      " 5:UNSUPPORTED: a required option is missing, or no storage driver is usable"
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  can-i-run-docker kernel",
      "  can-i-run-docker kernel --config /boot/config-6.1.0-18-amd64 --json",
      "  can-i-run-docker kernel --json |",
      "    jq -r '.items[] | select(.state == \"missing\") | .name'"
    })
final class KernelCommand implements Callable<Integer> {
  @ParentCommand Main main;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description =
          "A kernel config (plain or gzip) of a kernel that need not be running; its version "
              + "comes from the file's header.")
  Path config;

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
    KernelConfigReport report = KernelConfigCheck.evaluate(cfg, version, cgroupMode);
    main.emit(
        main.json
            ? new dev.canirundocker.report.KernelDocument(report).toJsonString()
            : text(report));
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
                  : r.paint(group.equals("required") ? "31" : "33", "missing"))
          .append('\n');
    }
    if (!report.findings().isEmpty()) {
      b.append('\n').append(r.bold("Findings")).append('\n');
      r.findings(b, report.findings(), "  ");
    }
    return b.toString();
  }
}
