package dev.canirundocker.cli;

import dev.canirundocker.CanIRunDocker;
import dev.canirundocker.check.EngineReadiness;
import dev.canirundocker.check.Evaluation;
import dev.canirundocker.daemon.DaemonEndpoint;
import dev.canirundocker.daemon.DaemonEndpointException;
import dev.canirundocker.daemon.DaemonEndpoints;
import dev.canirundocker.daemon.DaemonStatus;
import dev.canirundocker.daemon.HttpDaemonClient;
import dev.canirundocker.host.HostProfile;
import dev.canirundocker.report.PreflightDocument;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/** The preflight: can this host run the Docker engine natively, and does the daemon answer? */
final class Preflight {
  private final Main main;

  /** What the JSON preflight probes: every host fact but the processor counts. */
  static final java.util.Set<dev.canirundocker.host.HostFact> JSON_FACTS =
      java.util.Collections.unmodifiableSet(
          java.util.EnumSet.complementOf(
              java.util.EnumSet.of(dev.canirundocker.host.HostFact.CPU_TOPOLOGY)));

  Preflight(Main main) {
    this.main = main;
  }

  int run() {
    main.daemonOptions(); // a bad --timeout is a usage error before anything runs
    // ask the daemon while the host is probed: the two are independent and both wait on I/O
    CompletableFuture<DaemonStatus> daemon =
        main.hostProfile != null ? null : CompletableFuture.supplyAsync(this::daemonStatus);
    main.probeFor = HostSource.nativeProbes();
    if (main.json) {
      // The JSON preflight is the document scripts read the host from: it keeps every fact its
      // readers had before facts were chosen per command (memory, virtualization, and the GPU,
      // whose null means "no NVIDIA driver"), each a few milliseconds. It leaves out only the
      // processor counts, OSHI's walk of the sysfs CPU topology, the probe's costliest part; the
      // document names them under notProbed. The text report shows every fact
      // (HostCommand.summary).
      main.probeFacts = JSON_FACTS;
    }
    HostProfile host = main.host();
    Phases.mark("probe");
    DaemonStatus status = daemon == null ? null : daemon.join();
    Phases.mark("daemon-wait");
    PreflightDocument doc =
        new PreflightDocument(host, status, CanIRunDocker.preflight(host, status));
    EngineReadiness.Report report = doc.report();
    Evaluation engine = report.engine();
    Phases.mark("checks");
    if (main.json) {
      String text = doc.toJsonString();
      Phases.mark("render");
      main.emit(text);
      Phases.mark("print");
    } else {
      Render r = Render.of(main);
      StringBuilder b = new StringBuilder();
      b.append(r.verdict(report.verdict()))
          .append("  ")
          .append(r.bold(main.subject()))
          .append(' ')
          .append(next(report))
          .append('\n')
          .append('\n');
      b.append(HostCommand.summary(host, r));
      if (status != null) {
        b.append(r.bold(Render.padRight("Daemon", 16)))
            .append(' ')
            .append(
                status instanceof DaemonStatus.Reachable ok
                    ? "Docker "
                        + Render.clean(ok.version())
                        + " at "
                        + Render.clean(status.endpoint().uri())
                        + " ("
                        + Render.clean(status.endpoint().chosenBy())
                        + ")"
                    : "not reachable at " + Render.clean(status.endpoint().uri()))
            .append('\n');
      }
      for (Map.Entry<String, java.util.List<dev.canirundocker.check.Finding>> g :
          grouped(engine.findings()).entrySet()) {
        b.append('\n').append(r.bold(g.getKey())).append('\n');
        java.util.List<dev.canirundocker.check.Finding> shown =
            main.verbose() ? g.getValue() : unfolded(g.getValue());
        r.findings(b, shown, "  ");
        if (shown.size() < g.getValue().size()) {
          b.append("  ")
              .append(r.marker(dev.canirundocker.check.Severity.INFO))
              .append(' ')
              .append(Render.clean(folded(g.getValue())))
              .append('\n');
        }
      }
      b.append('\n')
          .append(r.bold("Next step"))
          .append("  ")
          .append(Render.clean(nextStep(report, status, main.hostProfile != null)))
          .append('\n');
      main.emit(b.toString());
    }
    return report.verdict().exitCode();
  }

  /**
   * Whether a finding is about an optional kernel feature the user did not ask about: a network
   * driver's options (swarm IPVS, overlay, encrypted overlay, ipvlan, macvlan: moby
   * check-config.sh's "Optional Features" and network driver sections) or another optional option.
   * Never a failure.
   */
  static boolean optionalKernelFeature(dev.canirundocker.check.Finding f) {
    return f.severity() != dev.canirundocker.check.Severity.FAIL
        && (f.id().startsWith("kernel.network.") && f.id().endsWith(".missing")
            || f.id()
                .equals(
                    dev.canirundocker.check.kernel.KernelFindingIds
                        .KERNEL_CONFIG_OPTIONAL_MISSING));
  }

  /** The findings without the optional kernel features (folded into one line unless -v). */
  static java.util.List<dev.canirundocker.check.Finding> unfolded(
      java.util.List<dev.canirundocker.check.Finding> findings) {
    java.util.List<dev.canirundocker.check.Finding> l = new java.util.ArrayList<>();
    for (dev.canirundocker.check.Finding f : findings) {
      if (!optionalKernelFeature(f)) {
        l.add(f);
      }
    }
    return l;
  }

  /**
   * One line for the optional kernel features that are missing: the network drivers by name, the
   * other options by symbol.
   */
  static String folded(java.util.List<dev.canirundocker.check.Finding> findings) {
    java.util.List<String> drivers = new java.util.ArrayList<>();
    java.util.List<String> options = new java.util.ArrayList<>();
    for (dev.canirundocker.check.Finding f : findings) {
      if (!optionalKernelFeature(f)) {
        continue;
      }
      if (f.id().startsWith("kernel.network.")) {
        drivers.add(
            f.id().substring("kernel.network.".length(), f.id().length() - ".missing".length()));
      } else {
        options.add(f.message().split(" ", 2)[0]);
      }
    }
    String what =
        (drivers.isEmpty() ? "" : "network drivers " + String.join(", ", drivers))
            + (drivers.isEmpty() || options.isEmpty() ? "" : "; ")
            + (options.isEmpty() ? "" : "options " + String.join(", ", options));
    return "Optional kernel features are missing, needed only by what uses them: "
        + what
        + " (-v shows each with its fix)";
  }

  /** The sections of the text report, in order, by the first part of each finding's id. */
  private static final String[][] SECTIONS = {
    {"Host", "vm", "desktop", "wsl", "host", "virtualization", "os"},
    {"Kernel", "kernel"},
    {"Runtime", "cgroups", "namespaces", "overlay", "apparmor", "seccomp", "sysctl", "linux"},
    {"Rootless", "rootless"},
    {"Emulation", "emulation"},
    {"Daemon", "daemon"}
  };

  static Map<String, java.util.List<dev.canirundocker.check.Finding>> grouped(
      java.util.List<dev.canirundocker.check.Finding> findings) {
    Map<String, java.util.List<dev.canirundocker.check.Finding>> out = new LinkedHashMap<>();
    for (String[] s : SECTIONS) {
      out.put(s[0], new java.util.ArrayList<>());
    }
    out.put("Other", new java.util.ArrayList<>());
    for (dev.canirundocker.check.Finding f : findings) {
      String first = f.id().split("\\.")[0];
      String section = "Other";
      for (String[] s : SECTIONS) {
        for (int i = 1; i < s.length; i++) {
          if (s[i].equals(first)) {
            section = s[0];
          }
        }
      }
      java.util.Objects.requireNonNull(out.get(section), section).add(f); // every section is in out
    }
    out.values().removeIf(java.util.List::isEmpty);
    return out;
  }

  /**
   * What to do now: the first failure's fix, else the daemon's, else try it. Installing Docker is
   * suggested only where the daemon was asked and no daemon answers at its socket: a saved profile
   * says nothing about its host's daemon, so its next step is to ask on that host.
   */
  static String nextStep(EngineReadiness.Report report, @Nullable DaemonStatus status) {
    return nextStep(report, status, false);
  }

  /** As {@link #nextStep(EngineReadiness.Report, DaemonStatus)}; {@code saved}: a saved profile. */
  static String nextStep(
      EngineReadiness.Report report, @Nullable DaemonStatus status, boolean saved) {
    for (dev.canirundocker.check.Finding f : report.engine().findings()) {
      if (f.severity() == dev.canirundocker.check.Severity.FAIL && f.remediation() != null) {
        return f.remediation();
      }
    }
    if (report.verdict() == dev.canirundocker.check.Verdict.NEEDS_VM
        && report.engine().has(dev.canirundocker.check.FindingIds.VM_ROUTE)
        && !saved
        && (status == null || !status.reachable())) {
      // macOS / Windows without an answering daemon: the Linux daemon's fixes (systemctl, the
      // docker
      // group) do not apply; Docker Desktop is to be started, or installed
      if (report.engine().has(dev.canirundocker.check.FindingIds.DESKTOP_INSTALLED)) {
        return "Start Docker Desktop (it starts its VM and the daemon), then run can-i-run-docker again";
      }
      for (dev.canirundocker.check.Finding f : report.engine().findings()) {
        if (f.id().equals(dev.canirundocker.check.FindingIds.DESKTOP_NOT_INSTALLED)
            && f.remediation() != null) {
          return f.remediation() + ", start it, then run can-i-run-docker again";
        }
      }
    }
    if (status instanceof DaemonStatus.Unreachable down && down.error().remediation() != null) {
      return down.error().remediation();
    }
    if (report.verdict() == dev.canirundocker.check.Verdict.NEEDS_VM) {
      if (status instanceof DaemonStatus.Reachable ok) {
        // Docker Desktop (or another VM's engine) answers: the VM route is in place
        return "windows".equals(ok.os())
            ? "Ready for Windows containers (the daemon is in Windows containers mode); for Linux "
                + "images switch Docker Desktop to Linux containers"
            : "Ready (through Docker Desktop's VM): docker run --rm hello-world";
      }
      return saved
          ? "On that host: run can-i-run-docker to ask its Docker daemon (a saved "
              + "profile cannot say whether Docker Desktop runs there)"
          : "Install Docker Desktop (or run a Linux VM) and run the preflight inside it";
    }
    if (status != null && status.reachable()) {
      return "Ready: docker run --rm hello-world";
    }
    if (saved || status == null) {
      return "Run can-i-run-docker on that host: a saved profile cannot say whether its Docker "
          + "daemon runs";
    }
    return "Install the Docker engine (for example apt-get install docker.io) and start it";
  }

  private static String next(EngineReadiness.Report report) {
    switch (report.verdict()) {
      case NATIVE:
        return "runs the Docker engine natively";
      case NEEDS_VM:
        return "needs a VM for Linux containers (see the findings)";
      case EMULATED:
        return "runs the Docker engine only under emulation";
      default:
        return "cannot run the Docker engine as configured: see the failures below";
    }
  }

  private DaemonStatus daemonStatus() {
    DaemonEndpoint endpoint;
    try {
      endpoint = DaemonEndpoints.forCurrentProcess().resolve(main.dockerHost);
    } catch (DaemonEndpointException e) {
      return DaemonStatus.unreachable(
          DaemonEndpoint.of(String.valueOf(main.dockerHost), "flag"), e);
    }
    return HttpDaemonClient.create(endpoint, main.daemonOptions()).status();
  }
}
