package dev.canirundocker.cli;

import dev.canirundocker.daemon.DaemonClient;
import dev.canirundocker.daemon.DaemonException;
import dev.canirundocker.daemon.DaemonImageSummary;
import dev.canirundocker.daemon.DaemonStatus;
import dev.canirundocker.host.HostProfile;
import dev.canirundocker.platform.Platform;
import dev.canirundocker.report.CheckResult;
import dev.canirundocker.report.TargetError;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/** check's daemon targets: IMAGE names and --all, judged through the daemon. */
final class DaemonTargets {
  private DaemonTargets() {}

  /**
   * Judges the daemon targets of {@code c} (on {@code host}, or on the host probed while the daemon
   * answers where null), adding each result to {@code judged} and its typed position to {@code
   * pos}; returns the daemon's status. A daemon that does not answer gives every daemon target its
   * reason; the other targets are judged anyway.
   */
  static DaemonStatus judge(
      CheckCommand c,
      @Nullable HostProfile host,
      List<Platform> runAs,
      TargetOrder.Positions at,
      List<Judged> judged,
      List<Integer> pos) {
    if (host == null) {
      // the live host is probed while the daemon says what it is and what the images are
      c.main.startHost();
    }
    DaemonClient client = new LoggingDaemonClient(c.main.daemonClient());
    // --all: the list and the inspects (daemon requests only) run while /version and /info answer;
    // what they found is used only once the status says the daemon is up
    CompletableFuture<Object> early =
        c.all
            ? Parallel.async(
                "cird-images",
                () -> {
                  try {
                    return ImageSweep.read(client, c.maxImages, c.binaries, c.main);
                  } catch (DaemonException | RuntimeException e) {
                    return e;
                  }
                })
            : null;
    DaemonStatus daemonStatus = client.status();
    Phases.mark("daemon-status");
    if (daemonStatus instanceof DaemonStatus.Unreachable down) {
      // every daemon target gets the daemon's reason; archives and platforms were judged anyway
      DaemonStatus.DaemonError e = down.error();
      TargetError err =
          new TargetError(
              TargetError.DAEMON_PREFIX + e.kind(),
              e.message() + (e.remediation() == null ? "" : " (" + e.remediation() + ")"));
      List<String> refs = c.all ? List.of("--all") : c.images;
      for (int k = 0; k < refs.size(); k++) {
        for (int i = 0; i < (c.all ? 1 : runAs.size()); i++) {
          judged.add(
              new Judged(CheckResult.failed(refs.get(k), CheckResult.Source.DAEMON, err), null));
          pos.add(c.all ? at.all() : TargetOrder.Positions.at(at.images(), k));
        }
      }
    } else if (c.all) {
      HostProfile known = host;
      Object read = Parallel.join(java.util.Objects.requireNonNull(early, "started with --all"));
      if (read instanceof DaemonException e) {
        throw new CliException(dev.canirundocker.text.Text.message(e), e);
      } else if (read instanceof RuntimeException e) {
        throw e;
      }
      ImageSweep.Listing listing = (ImageSweep.Listing) read;
      DaemonImageSummary.Sweep sweep = listing.sweep();
      if (sweep.truncated()) {
        c.main.errorLine(
            "check --all: the daemon lists "
                + sweep.listed()
                + " images; judging the"
                + " first "
                + sweep.images().size()
                + " (--max-images to raise the limit)");
      }
      for (Judged j :
          ImageSweep.all(
              known != null ? () -> known : c.main::host, listing, client, c.binaries, c.main)) {
        judged.add(j);
        pos.add(at.all());
      }
    } else {
      List<ImageJobs.Job> jobs = new ArrayList<>();
      for (int k = 0; k < c.images.size(); k++) {
        for (Platform p : runAs) {
          jobs.add(new ImageJobs.Job(c.images.get(k), p));
          pos.add(TargetOrder.Positions.at(at.images(), k));
        }
      }
      try (Progress progress = Progress.of(c.main, "images", jobs.size())) {
        judged.addAll(
            Suggestions.withSuggestions(
                host != null
                    ? ImageJobs.run(host, client, jobs, progress)
                    : ImageJobs.onDemand(c.main, client, jobs, progress),
                client));
      }
    }
    return daemonStatus;
  }
}
