package dev.canirundocker.cli;

import dev.canirundocker.CanIRunDocker;
import dev.canirundocker.check.ImageCompatibility;
import dev.canirundocker.check.PlatformMismatchException;
import dev.canirundocker.daemon.DaemonClient;
import dev.canirundocker.daemon.DaemonException;
import dev.canirundocker.daemon.DaemonImageSummary;
import dev.canirundocker.daemon.DaemonStatus;
import dev.canirundocker.host.HostProfile;
import dev.canirundocker.image.ImageArchive;
import dev.canirundocker.image.ImageArchiveException;
import dev.canirundocker.platform.Platform;
import dev.canirundocker.report.CheckDocument;
import dev.canirundocker.report.CheckResult;
import dev.canirundocker.report.TargetError;
import dev.canirundocker.text.Closest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code can-i-run-docker check}: verdicts for images, archives and bare platforms.
 *
 * <p>The command runs in three steps that other formats and modes extend: {@link #validate()}
 * (usage errors, before anything is probed or asked), {@link #judge()} (the batch: every target
 * gets a result, a verdict or an error result, never an abort), and {@link #render} (the document
 * as text or JSON).
 */
@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    usageHelpAutoWidth = true,
    header = "Can this host run these images, archives or platforms natively?",
    descriptionHeading = "%n",
    description = {
      "Local images are read through the Docker daemon (the entrypoint binary is found "
          + "in the image's layers, so a mislabeled image is caught), archives (docker save tarballs, "
          + "OCI layouts as a directory or tar) from disk without a daemon, platforms as given. "
          + "Results keep the order of the command line (with --all: worst verdict first, then name).",
      "",
      "A target that cannot be checked (an image the daemon does not have, an unreadable archive, "
          + "a daemon that does not answer) does not stop the others: it gets an error result "
          + "(ERROR and the reason; in JSON verdict null and an error object with a stable kind), "
          + "its reason also goes to stderr, and the exit code is 1. Otherwise the exit code is "
          + "the worst verdict.",
      "",
      "--platform alone judges bare platforms. Given with IMAGE or --archive, it is the platform "
          + "to run them as, as `docker run --platform` takes it: a multi-platform archive is "
          + "judged on its entry for that platform, and an image (or archive) that does not "
          + "match is an error result, as Docker 20.10 refuses to run it."
    },
    parameterListHeading = "%nImages:%n",
    optionListHeading = "%nOptions:%n",
    exitCodeListHeading = ExitCodes.HEADING,
    exitCodeList = {
      ExitCodes.HELP_NATIVE,
      ExitCodes.HELP_ERROR,
      ExitCodes.HELP_USAGE,
      ExitCodes.HELP_EMULATED,
      ExitCodes.HELP_NEEDS_VM,
      ExitCodes.HELP_UNSUPPORTED
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  can-i-run-docker check alpine:3.20 myapp:latest",
      "  can-i-run-docker check --all                        every local image",
      "  docker save -o app.tar myapp && can-i-run-docker check --archive app.tar",
      "  can-i-run-docker check --platform linux/arm64,linux/386 --platform windows/amd64",
      "  can-i-run-docker check --platform linux/arm64 --archive multi.tar",
      "  can-i-run-docker check --json --platform linux/s390x | jq -r .verdict",
      "  can-i-run-docker check --host-profile pi.json --platform linux/arm/v7",
      "  can-i-run-docker check --host-profile profiles/ --archive app.tar   every saved host",
      "  can-i-run-docker check --nodes nodes.json --archive app.tar --format junit"
    })
class CheckCommand implements Callable<Integer> {
  @ParentCommand Main main;

  /**
   * The command as picocli built it, so usage errors name it in full ('can-i-run-docker check').
   */
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--platform",
      split = ",",
      paramLabel = "PLATFORM[,PLATFORM...]",
      description =
          "os/arch[/variant] (linux/arm/v7, windows/amd64), comma-separated or repeated. "
              + "Alone: judge these bare platforms. With IMAGE or --archive: run them as this platform "
              + "(docker run --platform).")
  List<String> platforms = new ArrayList<>();

  @Option(
      names = "--gpu-requirement",
      paramLabel = "REQUIREMENT",
      description =
          "Judge a bare NVIDIA requirement as an image's NVIDIA_REQUIRE_CUDA would be "
              + "at docker run (libnvidia-container's rules: space = or, comma = and), e.g. "
              + "'cuda>=12.4 brand=tesla,driver>=535'. Repeatable.")
  List<String> gpuRequirements = new ArrayList<>();

  @Option(
      names = "--archive",
      paramLabel = "PATH",
      description =
          "Judge an image archive: a docker save tarball or an OCI layout (directory or "
              + "tar); no daemon needed. Repeat for several.")
  List<Path> archives = new ArrayList<>();

  @Option(
      names = "--all",
      description =
          "Judge every local image of the daemon (an image ID once, "
              + "with all its tags), by the platform each declares: one image list request and one "
              + "inspect per image, about what `docker image inspect` of each costs (README: Performance).")
  boolean all;

  @Option(
      names = "--max-images",
      paramLabel = "N",
      description =
          "With --all: judge at most N "
              + "distinct images, in the daemon's order (default: ${DEFAULT-VALUE}); stderr says when more "
              + "were listed.")
  int maxImages = dev.canirundocker.daemon.DaemonImageSummary.DEFAULT_SWEEP_LIMIT;

  @Option(
      names = "--binaries",
      description =
          "With --all: also read every image's entrypoint binary "
              + "(one export stream of all images; slower, catches mislabeled images).")
  boolean binaries;

  @Parameters(
      paramLabel = "IMAGE",
      arity = "0..*",
      description = "Local images: name, name:tag, digest or ID.")
  List<String> images = new ArrayList<>();

  @Option(
      names = "--nodes",
      paramLabel = "FILE",
      description =
          "Judge every node of a Kubernetes cluster: the output of `kubectl get nodes -o "
              + "json`. Facts the API does not carry (binfmt_misc, exec probes, kernel config) are "
              + "unknown findings; the labels of the kubernetes/ DaemonSet answer them.")
  Path nodes;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      description =
          "text (default), json (the same as --json), junit (JUnit XML: one test case per "
              + "host and target) or markdown (for CI job summaries). With several hosts text is a "
              + "table: hosts as rows, targets as columns.")
  String format;

  /** The parsed --platform values. */
  List<Platform> parsedPlatforms = List.of();

  /** The archives read so far: a matrix judges each on every host. */
  private final java.util.Map<Path, ImageArchive> archiveRead = new java.util.HashMap<>();

  /** The error results' exceptions, in result order, for the stderr lines (and -v traces). */
  private final List<Judged> failures = new ArrayList<>();

  /** The output format: --format, or json with --json, else text. */
  String format() {
    if (format == null) {
      return main.json ? "json" : "text";
    }
    if (!FleetCheck.FORMATS.contains(format)) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(),
          "check: --format: expected "
              + String.join(", ", FleetCheck.FORMATS)
              + " but found '"
              + Render.clean(format)
              + "'");
    }
    if (main.json && !format.equals("json")) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(), "check: --json and --format " + format + " exclude each other");
    }
    return format;
  }

  @Override
  public Integer call() {
    validate();
    // the image checks read a few of the host's facts; the engine's are left out
    main.probeFacts = ImageCompatibility.HOST_FACTS;
    String fmt = format();
    if (FleetCheck.isMatrix(main, nodes)) {
      if (all) {
        throw new picocli.CommandLine.ParameterException(
            spec.commandLine(),
            "check: --all goes with "
                + "one host; name the images (or --archive) to judge them on several hosts");
      }
      return FleetCheck.run(this, fmt);
    }
    if (fmt.equals("junit") || fmt.equals("markdown")) {
      return FleetCheck.run(this, fmt);
    }
    CheckDocument doc = judge();
    for (Judged j : failures) {
      if (main.verbose() && j.cause() != null) {
        java.io.StringWriter sw = new java.io.StringWriter();
        j.cause().printStackTrace(new java.io.PrintWriter(sw));
        main.err.print(sw);
      }
      main.errorLine(j.result().error().message());
    }
    main.emit(render(doc));
    return doc.exitCode();
  }

  /** Whether --platform values are targets themselves (no IMAGE, no --archive, no --all). */
  boolean platformsAreTargets() {
    return images.isEmpty() && archives.isEmpty() && !all;
  }

  /**
   * Whether a --platform value is a bare OS, whose architecture is the judged host's ({@link
   * PlatformArgs#on}): the host is then probed before the jobs are made.
   */
  private boolean bareOs() {
    Platform a = Platform.of("linux", "s390x", "");
    Platform b = Platform.of("linux", "riscv64", "");
    for (String v : platforms) {
      if (!Platform.parse(v, a).equals(Platform.parse(v, b))) {
        return true;
      }
    }
    return false;
  }

  /** Whether any target is named at all. */
  private boolean noTarget() {
    return platforms.isEmpty()
        && images.isEmpty()
        && archives.isEmpty()
        && !all
        && gpuRequirements.isEmpty();
  }

  /** Usage errors and bad references, refused before the host is probed or the daemon asked. */
  void validate() {
    if (noTarget()) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(),
          "check: name images, --platform, --archive, --gpu-requirement or --all");
    }
    for (String g : gpuRequirements) {
      java.util.Optional<String> bad = dev.canirundocker.check.gpu.NvidiaRequirement.validate(g);
      if (bad.isPresent()) {
        throw new picocli.CommandLine.ParameterException(
            spec.commandLine(),
            "check: --gpu-requirement '"
                + dev.canirundocker.text.Text.quote(g)
                + "': "
                + bad.get());
      }
    }
    if (maxImages <= 0) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(),
          "check: --max-images: expected a positive number of images, got " + maxImages);
    }
    if (binaries && !all) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(),
          "check: --binaries goes with --all (named images are always read whole)");
    }
    if (all && !images.isEmpty()) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(), "check: --all and IMAGE names exclude each other");
    }
    if (all && !platforms.isEmpty()) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(),
          "check: --all judges "
              + "every image by the platform it declares; --platform goes with IMAGE, --archive or alone");
    }
    platforms = PlatformArgs.labels(spec.commandLine(), platforms);
    parsedPlatforms = PlatformArgs.parse(spec.commandLine(), platforms);
    try {
      main.daemonOptions(); // a bad --timeout is a usage error before anything runs
    } catch (picocli.CommandLine.ParameterException e) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    for (String ref : images) {
      try {
        dev.canirundocker.daemon.ImageReferences.check(ref);
      } catch (dev.canirundocker.daemon.InvalidImageReferenceException e) {
        throw new CliException(e.getMessage());
      }
    }
  }

  /** Every target judged on the host of this command, in command-line order. */
  CheckDocument judge() {
    return judge(null);
  }

  /**
   * Every target judged, in command-line order (with --all: worst first, then by name), on {@code
   * fixed} (one host of a matrix), or on the host of this command where null.
   */
  CheckDocument judge(HostProfile fixed) {
    if (platformsAreTargets()) {
      // bare platforms: probe only what they need (an emulator start per foreign architecture)
      List<Platform> own = Main.nativeProbes();
      List<Platform> wanted = own == null ? new ArrayList<>() : new ArrayList<>(own);
      wanted.addAll(parsedPlatforms);
      main.probeFor = wanted;
    }
    // daemon images alone: exec-probe the host's own architectures now and the foreign ones the
    // images declare once the daemon said which (an emulator's start each), see Main.probed
    boolean onDemand =
        fixed == null
            && archives.isEmpty()
            && (all ? !binaries : !images.isEmpty())
            && main.probesOnDemand()
            && !bareOs();
    if (onDemand) {
      List<Platform> wanted = new ArrayList<>(Main.nativeProbes());
      wanted.addAll(parsedPlatforms);
      main.probeFor = wanted;
    }
    // with --all alone the host probe overlaps the daemon's answers (see ImageJobs.all)
    HostProfile host =
        fixed != null ? fixed : all && archives.isEmpty() || onDemand ? null : main.host();
    // a bare OS stands for the judged host's architecture (per host of a matrix)
    List<Platform> parsedPlatforms =
        host == null ? this.parsedPlatforms : PlatformArgs.on(host, platforms);
    List<Judged> judged = new ArrayList<>();
    List<Integer> pos = new ArrayList<>();
    Positions at =
        Positions.of(
            spec.commandLine().getParseResult() == null
                ? List.of()
                : spec.commandLine().getParseResult().originalArgs(),
            images);
    List<Platform> runAs =
        platformsAreTargets() || parsedPlatforms.isEmpty()
            ? java.util.Collections.singletonList(null)
            : parsedPlatforms;
    try (Progress progress = Progress.of(main, "archives", archives.size() * runAs.size())) {
      for (int k = 0; k < archives.size(); k++) {
        for (Platform p : runAs) {
          progress.working(archives.get(k).toString());
          for (Judged j : archive(host, archives.get(k), p)) {
            judged.add(j);
            pos.add(Positions.at(at.archives(), k));
          }
          progress.step();
        }
      }
    }
    DaemonStatus daemonStatus = null;
    if (all || !images.isEmpty()) {
      DaemonClient client = new LoggingDaemonClient(main.daemonClient());
      daemonStatus = client.status();
      if (daemonStatus instanceof DaemonStatus.Unreachable down) {
        // every daemon target gets the daemon's reason; archives and platforms were judged anyway
        DaemonStatus.DaemonError e = down.error();
        TargetError err =
            new TargetError(
                TargetError.DAEMON_PREFIX + e.kind(),
                e.message() + (e.remediation() == null ? "" : " (" + e.remediation() + ")"));
        List<String> refs = all ? List.of("--all") : images;
        for (int k = 0; k < refs.size(); k++) {
          for (int i = 0; i < (all ? 1 : runAs.size()); i++) {
            judged.add(
                new Judged(CheckResult.failed(refs.get(k), CheckResult.Source.DAEMON, err), null));
            pos.add(all ? at.all() : Positions.at(at.images(), k));
          }
        }
      } else if (all) {
        HostProfile known = host;
        List<DaemonImageSummary> listed;
        try {
          listed = client.images();
        } catch (DaemonException e) {
          throw new CliException(e.getMessage(), e);
        }
        DaemonImageSummary.Sweep sweep = DaemonImageSummary.sweep(listed, maxImages);
        if (sweep.truncated()) {
          main.errorLine(
              "check --all: the daemon lists "
                  + sweep.listed()
                  + " images; judging the"
                  + " first "
                  + sweep.images().size()
                  + " (--max-images to raise the limit)");
        }
        listed = sweep.images();
        for (Judged j :
            ImageJobs.all(
                known != null ? () -> known : main::host, listed, client, binaries, main)) {
          judged.add(j);
          pos.add(at.all());
        }
      } else {
        List<ImageJobs.Job> jobs = new ArrayList<>();
        for (int k = 0; k < images.size(); k++) {
          for (Platform p : runAs) {
            jobs.add(new ImageJobs.Job(images.get(k), p));
            pos.add(Positions.at(at.images(), k));
          }
        }
        try (Progress progress = Progress.of(main, "images", jobs.size())) {
          judged.addAll(
              withSuggestions(
                  host != null
                      ? ImageJobs.run(host, client, jobs, progress)
                      : ImageJobs.onDemand(main, client, jobs, progress),
                  client));
        }
      }
    }
    if (host == null) {
      host = main.host();
    }
    for (int i = 0; i < gpuRequirements.size(); i++) {
      judged.add(
          Judged.ok(
              CheckResult.of(
                  gpuRequirements.get(i),
                  CheckResult.Source.GPU_REQUIREMENT,
                  CanIRunDocker.gpuRequirement(host, gpuRequirements.get(i)))));
      pos.add(Positions.at(at.gpuRequirements(), i));
    }
    if (platformsAreTargets()) {
      for (int i = 0; i < parsedPlatforms.size(); i++) {
        judged.add(
            Judged.ok(
                CheckResult.of(
                    platforms.get(i),
                    CheckResult.Source.PLATFORM,
                    ImageCompatibility.evaluate(host, parsedPlatforms.get(i)))));
        pos.add(Positions.at(at.platforms(), i));
      }
    }
    judged = all ? worstFirst(judged) : byPosition(judged, pos);
    List<CheckResult> results = new ArrayList<>();
    for (Judged j : judged) {
      results.add(j.result());
      if (j.result().error() != null) {
        failures.add(j);
      }
    }
    return new CheckDocument(fixed != null ? fixed : main.host(), daemonStatus, results);
  }

  /**
   * One result per image of the archive (docker save a b c holds three), each named by its tags.
   */
  private List<Judged> archive(HostProfile host, Path a, Platform wanted) {
    try {
      ImageArchive archive = archiveRead.get(a);
      if (archive == null) {
        // read once, judged on every host of a matrix
        archive = ImageArchive.read(a, main.archiveLimits());
        archiveRead.put(a, archive);
      }
      List<CanIRunDocker.ArchiveVerdict> each = CanIRunDocker.archiveImages(host, archive, wanted);
      List<Judged> out = new ArrayList<>();
      for (CanIRunDocker.ArchiveVerdict v : each) {
        CheckResult r = CheckResult.of(a.toString(), CheckResult.Source.ARCHIVE, v.evaluation());
        out.add(Judged.ok(each.size() == 1 ? r : r.withNames(v.names())));
      }
      return out;
    } catch (ImageArchiveException | PlatformMismatchException e) {
      return List.of(Judged.failed(a.toString(), CheckResult.Source.ARCHIVE, e));
    }
  }

  /**
   * The error result of an image the daemon does not have, with what to do: the closest local names
   * ("did you mean"), pulling it, or judging a saved copy.
   */
  private List<Judged> withSuggestions(List<Judged> judged, DaemonClient client) {
    List<String> local = null;
    List<Judged> out = new ArrayList<>();
    for (Judged j : judged) {
      TargetError e = j.result().error();
      if (e == null || !e.kind().equals(TargetError.IMAGE_NOT_FOUND)) {
        out.add(j);
        continue;
      }
      if (local == null) {
        local = new ArrayList<>();
        try {
          for (DaemonImageSummary s : client.images()) {
            local.addAll(s.repoTags());
          }
        } catch (DaemonException ex) {
          // no suggestions then; the error says what is missing
        }
      }
      String ref = j.result().target();
      List<String> close = closestNames(ref, local);
      String msg =
          e.message()
              + (close.isEmpty() ? "" : "; did you mean " + String.join(" or ", close) + "?")
              + "; pull it first (docker pull "
              + ref
              + "), or judge a saved image with --archive";
      out.add(
          new Judged(
              CheckResult.failed(ref, CheckResult.Source.DAEMON, new TargetError(e.kind(), msg)),
              j.cause()));
    }
    return out;
  }

  /**
   * Up to three local names close to {@code ref}: by the whole name, and where only the tag or only
   * the repository is off (an implicit {@code :latest} included), by the other part.
   */
  static List<String> closestNames(String ref, List<String> local) {
    String full = ref.contains(":") || ref.contains("@") ? ref : ref + ":latest";
    List<String> out = new ArrayList<>(Closest.to(full, local, 3));
    String repo = full.substring(0, full.lastIndexOf(':'));
    for (String l : local) {
      if (out.size() < 3 && !out.contains(l) && l.startsWith(repo + ":")) {
        out.add(l);
      }
    }
    return out;
  }

  /** The text or JSON of the document. */
  String render(CheckDocument doc) {
    return format().equals("json")
        ? doc.toJsonString()
        : CheckText.render(
            doc,
            Render.of(main),
            all ? "images" : "targets",
            main.hostProfile == null ? null : main.subject());
  }

  /** --all: errors first, then the worst verdict, then by name: a stable report. */
  static List<Judged> worstFirst(List<Judged> judged) {
    List<Judged> l = new ArrayList<>(judged);
    l.sort(
        Comparator.comparingInt(
                (Judged j) ->
                    j.result().verdict() == null
                        ? Integer.MIN_VALUE
                        : -j.result().verdict().ordinal())
            .thenComparing(j -> j.result().target()));
    return l;
  }

  /**
   * Where each target was typed: the index in the original arguments of the k-th archive, image and
   * platform value, so results keep the order of the command line (the contract) whatever kind each
   * is; the images of --all stand at --all.
   */
  private record Positions(
      List<Integer> archives,
      List<Integer> images,
      List<Integer> platforms,
      int all,
      List<Integer> gpuRequirements) {
    static Positions of(List<String> args, List<String> images) {
      List<Integer> a = new ArrayList<>();
      List<Integer> p = new ArrayList<>();
      List<Integer> g = new ArrayList<>();
      for (int i = 0; i < args.size(); i++) {
        String x = args.get(i);
        if (x.equals("--gpu-requirement") && i + 1 < args.size()) {
          g.add(++i);
        } else if (x.startsWith("--gpu-requirement=")) {
          g.add(i);
        } else if (x.equals("--archive") && i + 1 < args.size()) {
          a.add(++i);
        } else if (x.startsWith("--archive=")) {
          a.add(i);
        } else if (x.equals("--platform") && i + 1 < args.size()) {
          i++;
          for (int k = 0; k < args.get(i).split(",", -1).length; k++) {
            p.add(i);
          }
        } else if (x.startsWith("--platform=")) {
          for (int k = 0; k < x.substring(11).split(",", -1).length; k++) {
            p.add(i);
          }
        }
      }
      // an image is a positional: the first argument after the last one matched that equals it
      List<Integer> im = new ArrayList<>();
      boolean[] used = new boolean[args.size()];
      a.forEach(i -> used[i] = true);
      g.forEach(i -> used[i] = true);
      p.forEach(i -> used[i] = true);
      for (String ref : images) {
        int at = -1;
        for (int i = 0; i < args.size(); i++) {
          if (!used[i] && args.get(i).equals(ref)) {
            used[i] = true;
            at = i;
            break;
          }
        }
        im.add(at);
      }
      return new Positions(a, im, p, Math.max(0, args.indexOf("--all")), g);
    }

    static int at(List<Integer> l, int k) {
      return k < l.size() ? l.get(k) : Integer.MAX_VALUE;
    }
  }

  /** Sorts by typed position, stably (an image judged for several platforms keeps its place). */
  private static List<Judged> byPosition(List<Judged> judged, List<Integer> pos) {
    List<Integer> idx = new ArrayList<>();
    for (int i = 0; i < judged.size(); i++) {
      idx.add(i);
    }
    idx.sort(Comparator.comparingInt(pos::get));
    List<Judged> out = new ArrayList<>();
    for (int i : idx) {
      out.add(judged.get(i));
    }
    return out;
  }
}
