package dev.canirundocker.cli;

import dev.canirundocker.check.ImageCompatibility;
import dev.canirundocker.host.HostProfile;
import dev.canirundocker.platform.InvalidPlatformException;
import dev.canirundocker.platform.Platform;
import dev.canirundocker.report.CheckDocument;
import dev.canirundocker.report.CheckResult;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code can-i-run-docker check}: verdicts for images, archives and bare platforms. */
@Command(name = "check", mixinStandardHelpOptions = true, sortOptions = false,
    usageHelpAutoWidth = true,
    header = "Can this host run these images, archives or platforms natively?",
    descriptionHeading = "%n",
    description = {"Local images are read through the Docker daemon (the entrypoint binary is found "
        + "in the image's layers, so a mislabeled image is caught), archives (docker save tarballs, "
        + "OCI layouts as a directory or tar) from disk without a daemon, platforms as given. "
        + "Results keep the order of the command line; the exit code is the worst verdict.",
        "",
        "Combine them freely: check IMAGE --archive PATH --platform PLATFORM."},
    parameterListHeading = "%nImages:%n",
    optionListHeading = "%nOptions:%n",
    exitCodeListHeading = ExitCodes.HEADING,
    exitCodeList = {ExitCodes.HELP_NATIVE, ExitCodes.HELP_ERROR, ExitCodes.HELP_USAGE,
        ExitCodes.HELP_EMULATED, ExitCodes.HELP_NEEDS_VM, ExitCodes.HELP_UNSUPPORTED},
    footerHeading = "%nExamples:%n",
    footer = {
        "  can-i-run-docker check alpine:3.20 myapp:latest",
        "  can-i-run-docker check --all                        every local image",
        "  docker save -o app.tar myapp && can-i-run-docker check --archive app.tar",
        "  can-i-run-docker check --platform linux/arm64 linux/386 windows/amd64",
        "  can-i-run-docker check --json --platform linux/s390x | jq -r .verdict",
        "  can-i-run-docker check --host-profile pi.json --platform linux/arm/v7"})
final class CheckCommand implements Callable<Integer> {
  @ParentCommand
  Main main;

  /** The command as picocli built it, so usage errors name it in full ('can-i-run-docker check'). */
  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--platform", arity = "1..*", paramLabel = "PLATFORM",
      description = "Judge bare platforms (os/arch[/variant], e.g. linux/arm/v7, windows/amd64).")
  List<String> platforms = new ArrayList<>();

  @Option(names = "--archive", arity = "1..*", paramLabel = "PATH",
      description = "Judge image archives: docker save tarballs, OCI layouts (directory or tar); no daemon needed.")
  List<java.nio.file.Path> archives = new ArrayList<>();

  @Option(names = "--all", description = "Judge every local image of the daemon (each image ID once), "
      + "by the platform each declares (as fast as docker image inspect).")
  boolean all;

  @Option(names = "--binaries", description = "With --all: also read every image's entrypoint binary "
      + "(one export stream of all images; slower, catches mislabeled images).")
  boolean binaries;

  @Parameters(paramLabel = "IMAGE", arity = "0..*", description = "Local images: name, name:tag, digest or ID.")
  List<String> images = new ArrayList<>();

  @Override
  public Integer call() {
    if (platforms.isEmpty() && images.isEmpty() && archives.isEmpty() && !all) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(), "check: name images, --platform, --archive or --all");
    }
    if (binaries && !all) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(), "check: --binaries goes with --all (named images are always read whole)");
    }
    if (all && !images.isEmpty()) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(), "check: --all and IMAGE names exclude each other");
    }
    List<Platform> parsed = new ArrayList<>();
    for (String p : platforms) {
      try {
        parsed.add(Platform.parse(p));
      } catch (InvalidPlatformException e) {
        throw new CliException("--platform: " + e.getMessage());
      }
    }
    for (String ref : images) {
      // refused here, before the host is probed or the daemon asked
      try {
        dev.canirundocker.daemon.ImageReferences.check(ref);
      } catch (dev.canirundocker.daemon.InvalidImageReferenceException e) {
        throw new CliException(e.getMessage());
      }
    }
    if (archives.isEmpty() && images.isEmpty() && !all) {
      // bare platforms: probe only what they need (an emulator start per foreign architecture)
      List<Platform> own = Main.nativeProbes();
      List<Platform> wanted = own == null ? new ArrayList<>() : new ArrayList<>(own);
      wanted.addAll(parsed);
      main.probeFor = wanted;
    }
    // with --all alone the host probe overlaps the daemon's answers (see ImageJobs.all)
    HostProfile host = all && archives.isEmpty() && parsed.isEmpty() ? null : main.host();
    List<CheckResult> results = new ArrayList<>();
    try (Progress progress = Progress.of(main, "archives", archives.size())) {
      for (java.nio.file.Path a : archives) {
        progress.working(a.toString());
        try {
          results.add(CheckResult.of(a.toString(), CheckResult.Source.ARCHIVE,
              dev.canirundocker.CanIRunDocker.archive(host, dev.canirundocker.image.ImageArchive.read(a))));
        } catch (dev.canirundocker.image.ImageArchiveException e) {
          throw new CliException(e.getMessage(), e);
        }
        progress.step();
      }
    }
    dev.canirundocker.daemon.DaemonStatus daemonStatus = null;
    if (all || !images.isEmpty()) {
      dev.canirundocker.daemon.DaemonClient client = main.daemonClient();
      dev.canirundocker.daemon.DaemonStatus status = client.status();
      daemonStatus = status;
      if (!status.reachable()) {
        throw new CliException(status.error().message()
            + (status.error().remediation() == null ? "" : " (" + status.error().remediation() + ")"));
      }
      if (all) {
        HostProfile known = host;
        results.addAll(ImageJobs.all(known != null ? () -> known : main::host, client, binaries, main));
      } else {
        try (Progress progress = Progress.of(main, "images", images.size())) {
          results.addAll(ImageJobs.run(host, client, images, progress));
        }
      }
    }
    for (int i = 0; i < parsed.size(); i++) {
      results.add(CheckResult.of(platforms.get(i), CheckResult.Source.PLATFORM,
          ImageCompatibility.evaluate(host, parsed.get(i))));
    }
    CheckDocument doc = new CheckDocument(main.host(), daemonStatus, inCommandLineOrder(results));
    main.emit(main.json ? doc.toJsonString() : text(doc));
    return doc.exitCode();
  }

  /**
   * The results in the order their targets stand on the command line (the contract), whatever kind
   * each is: a target's place is where its value was typed; the images of --all stand at --all.
   */
  private List<CheckResult> inCommandLineOrder(List<CheckResult> results) {
    List<String> args = spec.commandLine().getParseResult() == null ? List.of()
        : new ArrayList<>(spec.commandLine().getParseResult().originalArgs());
    int allAt = args.indexOf("--all");
    boolean[] used = new boolean[args.size()];
    List<int[]> keyed = new ArrayList<>();
    for (int i = 0; i < results.size(); i++) {
      CheckResult r = results.get(i);
      int at = -1;
      boolean fromAll = all && r.source() == CheckResult.Source.DAEMON;
      for (int j = 0; j < args.size() && !fromAll; j++) {
        String a = args.get(j);
        if (!used[j] && (a.equals(r.target()) || a.endsWith("=" + r.target()))) {
          used[j] = true;
          at = j;
          break;
        }
      }
      keyed.add(new int[] {at >= 0 ? at : Math.max(allAt, 0), i});
    }
    keyed.sort((x, y) -> x[0] != y[0] ? Integer.compare(x[0], y[0]) : Integer.compare(x[1], y[1]));
    List<CheckResult> out = new ArrayList<>();
    for (int[] k : keyed) {
      out.add(results.get(k[1]));
    }
    return out;
  }

  private String text(CheckDocument doc) {
    Render r = new Render(main.color());
    StringBuilder b = new StringBuilder();
    for (CheckResult x : doc.results()) {
      r.evaluation(b, x.target(), x.evaluation());
    }
    return b.toString();
  }
}
