package dev.canirundocker.cli;

import dev.canirundocker.CanIRunDocker;
import dev.canirundocker.check.Evaluation;
import dev.canirundocker.check.ImageCompatibility;
import dev.canirundocker.daemon.DaemonStatus;
import dev.canirundocker.host.HostProfile;
import dev.canirundocker.image.ImageArchive;
import dev.canirundocker.platform.Platform;
import dev.canirundocker.report.CheckDocument;
import dev.canirundocker.report.CheckResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;

/**
 * {@code can-i-run-docker check}: verdicts for images, archives and bare platforms.
 *
 * <p>The command runs in three steps that other formats and modes extend: {@link #validate()}
 * (usage errors, before anything is probed or asked), {@link #judge()} (the batch: every target
 * gets a result, a verdict or an error result, never an abort), and {@link #render} (the document
 * as text or JSON).
 */
class CheckCommand implements Callable<Integer>, Specs.Bound {
  final Main main;

  /**
   * The command as picocli built it, so usage errors name it in full ('can-i-run-docker check').
   */
  // set by Commands.command right after construction, before picocli parses or runs it
  @SuppressWarnings("NullAway.Init")
  picocli.CommandLine.Model.CommandSpec spec;

  /** --platform, as typed (comma-separated values split). */
  List<String> platforms = new ArrayList<>();

  /** --gpu-requirement. */
  List<String> gpuRequirements = new ArrayList<>();

  /** --archive. */
  List<Path> archives = new ArrayList<>();

  /** --all. */
  boolean all;

  /** --max-images. */
  int maxImages = dev.canirundocker.daemon.DaemonImageSummary.DEFAULT_SWEEP_LIMIT;

  /** --binaries. */
  boolean binaries;

  /** The IMAGE arguments. */
  List<String> images = new ArrayList<>();

  /** --nodes, or null: not given. */
  @Nullable Path nodes;

  /** --format, or null: not given (text, or json with --json). */
  @Nullable String format;

  CheckCommand(Main main) {
    this.main = main;
  }

  @Override
  @SuppressWarnings("unchecked")
  public void set(String key, @Nullable Object v) {
    switch (key) {
      case "--platform" -> platforms = Specs.given(v, key);
      case "--gpu-requirement" -> gpuRequirements = Specs.given(v, key);
      case "--archive" -> archives = Specs.given(v, key);
      case "--all" -> all = Specs.<Boolean>given(v, key);
      case "--max-images" -> maxImages = Specs.<Integer>given(v, key);
      case "--binaries" -> binaries = Specs.<Boolean>given(v, key);
      case "IMAGE" -> images = Specs.given(v, key);
      case "--nodes" -> nodes = (Path) v;
      case "--format" -> format = (String) v;
      default -> throw new IllegalArgumentException(key);
    }
  }

  /** The parsed --platform values. */
  List<Platform> parsedPlatforms = List.of();

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
      // a failure is an error result (Judged.failed)
      main.errorLine(
          java.util.Objects.requireNonNull(j.result().error(), "an error result").message());
    }
    Phases.mark("checks");
    String report = render(doc);
    Phases.mark("render");
    main.emit(report);
    Phases.mark("print");
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
        throw new CliException(dev.canirundocker.text.Text.message(e));
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
  CheckDocument judge(@Nullable HostProfile fixed) {
    if (platformsAreTargets()) {
      // bare platforms: probe only what they need (an emulator start per foreign architecture)
      probeOwnAndAsked();
    }
    // daemon images alone: exec-probe the host's own architectures now and the foreign ones the
    // images declare once the daemon said which (an emulator's start each), see Main.probed
    boolean onDemand =
        fixed == null
            && archives.isEmpty()
            && (all || !images.isEmpty())
            && main.probesOnDemand()
            && !bareOs();
    if (onDemand) {
      probeOwnAndAsked();
    }
    // archives alone: read them first (no host needed), then exec-probe the host's own
    // architectures and only the foreign ones their entries declare
    boolean archivesOnDemand =
        fixed == null
            && !archives.isEmpty()
            && images.isEmpty()
            && !all
            && main.probesOnDemand()
            && !bareOs();
    if (archivesOnDemand) {
      probeOwnAndAsked();
      main.startHost();
      List<Platform> declared = new ArrayList<>();
      for (Path a : archives) {
        ImageArchive read = archiveTargets().read(a);
        if (read != null) {
          read.platforms().forEach(e -> declared.add(e.platform()));
        }
      }
      main.probed(declared);
    }
    // with --all alone the host probe overlaps the daemon's answers (see ImageSweep.all)
    HostProfile host =
        fixed != null ? fixed : all && archives.isEmpty() || onDemand ? null : main.host();
    // phases (-Dcird.phases=true): probe, archives, the daemon targets' own (DaemonTargets and
    // ImageJobs: daemon-status, list, inspect, export, probe-wait, judge; with --all and daemon
    // images alone the host probe overlaps them), daemon (what is left of that step: the
    // suggestions, the host where nothing asked for it yet), checks, render, print
    Phases.mark("probe");
    // a bare OS stands for the judged host's architecture (per host of a matrix)
    List<Platform> parsedPlatforms =
        host == null ? this.parsedPlatforms : PlatformArgs.on(host, platforms);
    List<Judged> judged = new ArrayList<>();
    List<Integer> pos = new ArrayList<>();
    TargetOrder.Positions at =
        TargetOrder.Positions.of(
            spec.commandLine().getParseResult() == null
                ? List.of()
                : spec.commandLine().getParseResult().originalArgs(),
            images);
    List<Platform> runAs =
        platformsAreTargets() || parsedPlatforms.isEmpty()
            ? java.util.Collections.singletonList(null)
            : parsedPlatforms;
    int before = judged.size();
    archiveTargets().judge(host, runAs, at, judged, pos);
    if (archivesOnDemand) {
      // an entry whose binary is of another machine than it declares: probed now, judged again
      List<Platform> judgedOn = new ArrayList<>();
      for (Judged j : judged) {
        Evaluation ev = j.result().evaluation();
        if (ev != null
            && !ImageJobs.probedFor(
                java.util.Objects.requireNonNull(host, "probed for archives"), ev.platform())) {
          judgedOn.add(ev.platform());
        }
      }
      if (!judgedOn.isEmpty()) {
        host = main.probed(judgedOn);
        judged.subList(before, judged.size()).clear();
        pos.subList(before, pos.size()).clear();
        archiveTargets().judge(host, runAs, at, judged, pos);
      }
    }
    Phases.mark("archives");
    DaemonStatus daemonStatus =
        all || !images.isEmpty() ? DaemonTargets.judge(this, host, runAs, at, judged, pos) : null;
    if (host == null) {
      host = main.host();
    }
    Phases.mark("daemon");
    for (int i = 0; i < gpuRequirements.size(); i++) {
      judged.add(
          Judged.ok(
              CheckResult.of(
                  gpuRequirements.get(i),
                  CheckResult.Source.GPU_REQUIREMENT,
                  CanIRunDocker.gpuRequirement(host, gpuRequirements.get(i)))));
      pos.add(TargetOrder.Positions.at(at.gpuRequirements(), i));
    }
    if (platformsAreTargets()) {
      for (int i = 0; i < parsedPlatforms.size(); i++) {
        judged.add(
            Judged.ok(
                CheckResult.of(
                    platforms.get(i),
                    CheckResult.Source.PLATFORM,
                    ImageCompatibility.evaluate(host, parsedPlatforms.get(i)))));
        pos.add(TargetOrder.Positions.at(at.platforms(), i));
      }
    }
    judged = all ? TargetOrder.worstFirst(judged) : TargetOrder.byPosition(judged, pos);
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
   * The first probe exec-probes the host's own architectures and the --platform ones; the foreign
   * ones the targets hold follow ({@link Main#probed}).
   */
  private void probeOwnAndAsked() {
    List<Platform> own = HostSource.nativeProbes();
    List<Platform> wanted = own == null ? new ArrayList<>() : new ArrayList<>(own);
    wanted.addAll(parsedPlatforms);
    main.probeFor = wanted;
  }

  /** The archives' reader, made once the options are bound (a matrix reuses it per host). */
  private ArchiveTargets archiveTargets() {
    if (archiveTargets == null) {
      archiveTargets = new ArchiveTargets(main, archives);
    }
    return archiveTargets;
  }

  private @Nullable ArchiveTargets archiveTargets;

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
}
