package dev.canirundocker.cli;

import dev.canirundocker.host.HostProbe;
import dev.canirundocker.host.HostProfile;
import dev.canirundocker.host.InvalidHostProfileException;
import dev.canirundocker.host.LiveHostProbe;
import dev.canirundocker.host.ProbeOptions;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The {@code can-i-run-docker} command line. {@link #run} returns the exit code; only {@link #main}
 * exits.
 */
@Command(
    name = "can-i-run-docker",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    sortOptions = false,
    usageHelpAutoWidth = true,
    header = "Can this machine run Docker natively, and can it run this image?",
    descriptionHeading = "%n",
    description = {
      "Without a command: the preflight. Checks the host (OS, kernel, CPU, virtualization), the "
          + "engine's kernel requirements and the Docker daemon, and prints a verdict with the "
          + "findings behind it and what to do next.",
      "",
      "Every answer is one of NATIVE, EMULATED, NEEDS_VM or UNSUPPORTED, and the exit code says "
          + "which (table below), so scripts need not parse the output. --json prints the same "
          + "answer as JSON (schema version 1) and nothing else on stdout."
    },
    optionListHeading = "%nOptions (they apply to every command):%n",
    commandListHeading = "%nCommands:%n",
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
      "  can-i-run-docker                          preflight of this host",
      "  can-i-run-docker --json | jq -r .verdict  the verdict, for scripts",
      "  can-i-run-docker -q || echo \"no native Docker here (exit $?)\"",
      "  can-i-run-docker check alpine:3.20        can this host run a local image?",
      "  can-i-run-docker check --platform linux/arm64 linux/arm/v7",
      "  can-i-run-docker host --json > me.json    save this host, judge it later:",
      "  can-i-run-docker --host-profile me.json",
      "  source <(can-i-run-docker generate-completion)   TAB completion (bash, zsh)",
      "",
      "Colors and symbols only on a terminal (never with --json, --no-color or NO_COLOR); "
          + "progress goes to stderr, also only on a terminal. See can-i-run-docker-COMMAND(1) "
          + "or `can-i-run-docker COMMAND --help`."
    })
public class Main implements Callable<Integer> {

  @Option(
      names = "--json",
      scope = ScopeType.INHERIT,
      description =
          "Print the answer as JSON (schema version 1) on stdout and nothing else; "
              + "diagnostics stay on stderr.")
  boolean json;

  /** Every --host-profile given, in order (check judges several: a matrix). */
  java.util.List<Path> hostProfiles = new java.util.ArrayList<>();

  /**
   * The one saved profile to judge instead of this machine, or null (none, or several: a matrix).
   */
  Path hostProfile;

  @Option(
      names = "--host-profile",
      paramLabel = "FILE|DIR",
      scope = ScopeType.INHERIT,
      description =
          "Judge a saved host profile (from `host --json`) instead of this machine: what-if "
              + "checks, CI. With check: repeat it, or name a directory of profiles, to judge every "
              + "target on every host (a matrix).")
  void hostProfiles(java.util.List<Path> paths) {
    hostProfiles = new java.util.ArrayList<>(paths);
    hostProfile = paths.size() == 1 ? paths.get(0) : null;
  }

  /**
   * With --root: read /proc, /sys, /etc and /boot under this directory (a node's, mounted in a
   * container).
   */
  Path root;

  @Option(
      names = "--docker-host",
      paramLabel = "URI",
      scope = ScopeType.INHERIT,
      description =
          "Docker daemon endpoint (unix:///path, tcp://host:port); default as the docker CLI finds it.")
  String dockerHost;

  @Option(
      names = "--timeout",
      paramLabel = "SECONDS",
      scope = ScopeType.INHERIT,
      description =
          "How long to wait for the Docker daemon to connect and to answer a request "
              + "(default: 3 s to connect, 10 s for an answer); an image export may take 60 times "
              + "as long in all (default 10 minutes). Also the wait for each read of a FIFO given "
              + "to --archive (default 30 s).")
  Double timeoutSeconds;

  @Option(
      names = "--no-color",
      scope = ScopeType.INHERIT,
      description = "No colors or symbols (NO_COLOR is honoured too).")
  boolean noColor;

  @Option(
      names = {"-q", "--quiet"},
      scope = ScopeType.INHERIT,
      description =
          "Print nothing on stdout, only set the exit code (a reason for exit code 1 or 2 "
              + "still goes to stderr).")
  boolean quiet;

  @Option(
      names = {"-v", "--verbose"},
      scope = ScopeType.INHERIT,
      description =
          "Log to stderr what is probed and asked: files read, exec probes run, daemon "
              + "requests with their timings; stack traces on errors. -vv logs more (every library).")
  boolean[] verbosity = new boolean[0];

  @Option(names = "--debug", scope = ScopeType.INHERIT, description = "The same as -vv.")
  boolean debug;

  @Option(
      names = "--max-age",
      paramLabel = "DURATION",
      scope = ScopeType.INHERIT,
      converter = MaxAge.class,
      description =
          "With --host-profile: refuse a profile collected longer ago than this "
              + "(90s, 30m, 12h, 7d, or ISO-8601 such as P7D), and one that does not say when.")
  java.time.Duration maxAge;

  @Option(
      names = "--no-exec-probe",
      scope = ScopeType.INHERIT,
      description =
          "Do not execute the tiny per-architecture probe binaries; infer from configuration.")
  boolean noExecProbe;

  final PrintStream out;
  final PrintStream err;
  final Map<String, String> env;
  final Function<ProbeOptions, HostProbe> probes;
  final boolean terminal;

  Main(
      PrintStream out,
      PrintStream err,
      Map<String, String> env,
      Function<ProbeOptions, HostProbe> probes,
      boolean terminal) {
    this.out = out;
    this.err = err;
    this.env = env;
    this.probes = probes;
    this.terminal = terminal;
  }

  /**
   * For picocli's build-time tools (the man page and completion generators), which instantiate the
   * command class themselves; they only read its annotations.
   */
  Main() {
    this(System.out, System.err, System.getenv(), LiveHostProbe::new, System.console() != null);
  }

  public static void main(String[] args) {
    Phases.mark("main"); // the class initialization of Main and what it pulls in
    int rc = run(System.out, System.err, args);
    Phases.print(System.err);
    System.exit(rc);
  }

  /** Runs the CLI against the live host; returns the exit code. */
  public static int run(PrintStream out, PrintStream err, String... args) {
    return run(out, err, System.getenv(), LiveHostProbe::new, System.console() != null, args);
  }

  /** The whole command tree (every command), as help, man pages and completion show it. */
  static CommandLine allCommands() {
    return new CommandLine(new AllCommands());
  }

  /** The commands, in the order help lists them (AllCommands declares the same list). */
  static final String[] COMMANDS = {"check", "host", "kernel", "generate-completion"};

  static Object command(String name) {
    switch (name) {
      case "check":
        return new CheckCommand();
      case "host":
        return new HostCommand();
      case "kernel":
        return new KernelCommand();
      default:
        return new AutoComplete.GenerateCompletion();
    }
  }

  /**
   * The command this run invokes, or null for the preflight (and -V), or "*" where every command is
   * needed: help and completion list them all, and an unknown word gets picocli's suggestions.
   * Building only the invoked command's model is most of a short run's command-line cost (picocli
   * reads each command's annotations through reflection, with an annotation proxy class per type).
   */
  static String invoked(CommandLine.Model.CommandSpec spec, String[] args) {
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.equals("--")) {
        return "*";
      }
      if (a.startsWith("-") && a.length() > 1) {
        String name = a.startsWith("--") && a.contains("=") ? a.substring(0, a.indexOf('=')) : a;
        if (name.equals("-h") || name.equals("--help")) {
          return "*";
        }
        CommandLine.Model.OptionSpec o = spec.findOption(name);
        if (o != null && o.arity().max() > 0 && name.equals(a)) {
          i++; // its value, which may look like a command name
        }
        continue;
      }
      for (String c : COMMANDS) {
        if (c.equals(a)) {
          return c.equals("generate-completion") ? "*" : c;
        }
      }
      return "*";
    }
    return null;
  }

  static int run(
      PrintStream out,
      PrintStream err,
      Map<String, String> env,
      Function<ProbeOptions, HostProbe> probes,
      boolean terminal,
      String... args) {
    Main main = new Main(out, err, env, probes, terminal);
    CommandLine cl = new CommandLine(main);
    String invoked = invoked(cl.getCommandSpec(), args);
    if ("*".equals(invoked)) {
      main = new AllCommands(out, err, env, probes, terminal);
      cl = new CommandLine(main);
    } else if (invoked != null) {
      cl.addSubcommand(invoked, command(invoked));
    }
    main.args = args.clone();
    return execute(main, cl, args);
  }

  private static int execute(Main main, CommandLine cl, String[] args) {
    PrintStream out = main.out;
    PrintStream err = main.err;
    cl.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
    cl.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
    cl.setExecutionExceptionHandler((ex, cmd, parsed) -> main.fail(ex));
    cl.setParameterExceptionHandler(
        (ex, a) -> {
          err.println(
              "can-i-run-docker: "
                  + shorten(dev.canirundocker.text.Text.oneLine(ex.getMessage()), args));
          err.println(
              "Try '"
                  + ex.getCommandLine().getCommandSpec().qualifiedName()
                  + " --help' for more.");
          return ExitCodes.USAGE;
        });
    Phases.mark("model");
    cl.setExecutionStrategy(
        parsed -> {
          Phases.mark("parse");
          if (main.quiet) {
            // --quiet means nothing on stdout, for every command: picocli's generate-completion
            // writes to its own CommandLine's writer, so that one is muted here
            CommandLine completion = cl.getSubcommands().get("generate-completion");
            if (completion != null) {
              completion.setOut(new PrintWriter(java.io.Writer.nullWriter()));
            }
          }
          return main.logging(() -> new CommandLine.RunLast().execute(parsed));
        });
    return cl.execute(args);
  }

  /**
   * Runs the command with slf4j-simple logging to this run's stderr at the level -v asks for:
   * without -v warnings only; -v debug for this tool's loggers; -vv (--debug) trace for every
   * logger. slf4j-simple reads its level when a logger is made, so the levels are set before
   * anything logs, and it prints to System.err at each call, which points at {@code err} while the
   * command runs.
   */
  int logging(java.util.function.IntSupplier command) {
    int level = verbosityLevel();
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", level >= 2 ? "trace" : "warn");
    System.setProperty(
        "org.slf4j.simpleLogger.log.dev.canirundocker",
        level >= 2 ? "trace" : level == 1 ? "debug" : "warn");
    System.setProperty("org.slf4j.simpleLogger.showDateTime", "true"); // ms since start
    System.setProperty("org.slf4j.simpleLogger.showThreadName", "false");
    System.setProperty("org.slf4j.simpleLogger.showShortLogName", "true");
    System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
    if (level == 0 || err == System.err) {
      return command.getAsInt();
    }
    PrintStream saved = System.err;
    System.setErr(err);
    try {
      return command.getAsInt();
    } finally {
      System.setErr(saved);
    }
  }

  /** Whether -v (or more) was given. */
  boolean verbose() {
    return verbosity.length > 0 || debug;
  }

  /** 0 without -v, 1 with -v, 2 with -vv or --debug. */
  int verbosityLevel() {
    return debug ? 2 : Math.min(2, verbosity.length);
  }

  int fail(Exception ex) {
    if (verbose()) {
      StringWriter sw = new StringWriter();
      ex.printStackTrace(new PrintWriter(sw));
      err.print(sw);
    }
    String msg = ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage();
    errorLine(msg);
    return ExitCodes.ERROR;
  }

  /** The arguments of this run, for {@link #shorten}. */
  String[] args = new String[0];

  /**
   * Prints one error line: the message's first line, with control characters escaped (messages
   * quote files, archives and daemon answers, which must not reach the terminal as escape
   * sequences) and long arguments cut.
   */
  void errorLine(String msg) {
    err.println(
        "can-i-run-docker: "
            + shorten(
                dev.canirundocker.text.Text.oneLine(msg.lines().findFirst().orElse(msg)), args));
  }

  /** Arguments longer than this are echoed cut. */
  static final int LONG_ARG = 120;

  /** How much of a long argument is shown. */
  static final int SHOWN = 64;

  /** The longest error line printed. */
  static final int MAX_LINE = 1000;

  /** A long argument as echoed: its first characters and its length. */
  static String shortArg(String a) {
    String s = dev.canirundocker.text.Text.oneLine(a);
    return s.length() <= LONG_ARG ? s : s.substring(0, SHOWN) + "… (" + a.length() + " characters)";
  }

  /**
   * The line with every long argument echoed once and cut ({@link #shortArg}); later echoes of the
   * same argument become an ellipsis; the line itself is cut at {@link #MAX_LINE}.
   */
  static String shorten(String line, String[] args) {
    String l = line;
    for (String a : args) {
      String shown = dev.canirundocker.text.Text.oneLine(a);
      if (a.length() <= LONG_ARG) {
        continue;
      }
      // an "--opt=value" argument is echoed by its value
      String v =
          shown.startsWith("--") && shown.contains("=")
              ? shown.substring(shown.indexOf('=') + 1)
              : shown;
      int i = l.indexOf(v);
      if (i < 0 || v.length() <= LONG_ARG) {
        continue;
      }
      String cut = v.substring(0, SHOWN) + "… (" + v.length() + " characters)";
      l = l.substring(0, i) + cut + l.substring(i + v.length()).replace(v, "…");
    }
    if (l.length() > MAX_LINE) {
      l = l.substring(0, MAX_LINE) + "… (" + l.length() + " characters)";
    }
    return l;
  }

  /** Whether text output may use color and symbols. */
  boolean color() {
    return terminal
        && !json
        && !noColor
        && (env.get("NO_COLOR") == null || env.get("NO_COLOR").isEmpty());
  }

  /**
   * Whether text output may use non-ASCII symbols: only where it may use color (a terminal, no
   * --no-color, no NO_COLOR) and the locale is UTF-8 (under LC_ALL=C it is ASCII).
   */
  boolean unicode() {
    return color() && Render.utf8Locale(env);
  }

  /** The platforms to exec-probe for this command, or null for all of them. */
  java.util.List<dev.canirundocker.platform.Platform> probeFor;

  /**
   * The Linux host facts this command reads, or null for all of them: a command leaves out the
   * facts neither its checks nor its output use (the profile names them as not probed).
   */
  java.util.Set<dev.canirundocker.host.HostFact> probeFacts;

  ProbeOptions probeOptions() {
    ProbeOptions o =
        ProbeOptions.defaults()
            .withEnv(env)
            .withExecProbes(!noExecProbe)
            .withProbePlatforms(probeFor)
            .withFacts(probeFacts);
    return root == null ? o : o.withRoot(root);
  }

  /**
   * The host's own architecture and its compatibility mode (386 on amd64, arm on arm64): what the
   * preflight needs to know the kernel runs. Foreign architectures cost an emulator start each.
   */
  static java.util.List<dev.canirundocker.platform.Platform> nativeProbes() {
    dev.canirundocker.platform.Platform self;
    try {
      self = dev.canirundocker.platform.Platform.of("linux", System.getProperty("os.arch"), "");
    } catch (RuntimeException e) {
      return null;
    }
    java.util.List<dev.canirundocker.platform.Platform> l =
        new java.util.ArrayList<>(java.util.List.of(self));
    dev.canirundocker.platform.CompatibilityMode.ofHost(self.architecture())
        .ifPresent(m -> l.add(m.probePlatform()));
    return l;
  }

  private HostProfile hostCache;

  /** The architectures the live probe exec-probed so far; null: all of them (or none are run). */
  private java.util.Set<String> probedArchs;

  /** Guards {@link #probedArchs}. */
  private final Object probedLock = new Object();

  /**
   * Whether this command may exec-probe only what its targets need: a live host (no
   * --host-profile), exec probes on, and no subset chosen yet. The probe then starts with the
   * host's own architectures ({@link #nativeProbes}) and {@link #probed} adds the foreign ones the
   * targets turn out to need, once the daemon said which.
   */
  boolean probesOnDemand() {
    return hostProfile == null
        && hostProfiles.size() <= 1
        && !noExecProbe
        && probeFor == null
        && hostCache == null
        && nativeProbes() != null;
  }

  /**
   * The host profile with an exec probe for every platform of {@code needed} that has one: where
   * the first probe ran a subset ({@link #probeFor}), the missing architectures are probed now (one
   * more call of the probe seam, its exec probes only kept) and merged in the order a full probe
   * lists them, so a verdict reads the same facts as after a probe of every architecture.
   */
  HostProfile probed(java.util.Collection<dev.canirundocker.platform.Platform> needed) {
    java.util.List<dev.canirundocker.platform.Platform> missing = new java.util.ArrayList<>();
    // not this object's lock: host() holds that while the first probe runs
    synchronized (probedLock) {
      if (probedArchs == null && probeFor != null && hostProfile == null && !noExecProbe) {
        probedArchs = new java.util.HashSet<>();
        probeFor.forEach(p -> probedArchs.add(p.architecture()));
      }
      if (probedArchs == null) {
        return host();
      }
      for (dev.canirundocker.platform.Platform p : needed) {
        if (p != null
            && dev.canirundocker.host.exec.ProbeBinaries.supports(p)
            && probedArchs.add(p.architecture())) {
          missing.add(p);
        }
      }
    }
    if (missing.isEmpty()) {
      return host();
    }
    // outside the lock: these start while the first probe (another thread's host()) still runs
    long t0 = System.nanoTime();
    java.util.List<dev.canirundocker.host.ExecProbeResult> more =
        probes.apply(probeOptions().withProbePlatforms(missing)).probe().execProbes();
    log().debug("exec-probed {} more in {} ms", missing, (System.nanoTime() - t0) / 1_000_000);
    synchronized (this) {
      java.util.List<dev.canirundocker.host.ExecProbeResult> all =
          new java.util.ArrayList<>(host().execProbes());
      all.addAll(more);
      java.util.List<String> order = new java.util.ArrayList<>();
      for (dev.canirundocker.platform.Platform p :
          dev.canirundocker.host.exec.ProbeBinaries.supportedPlatforms()) {
        order.add(p.architecture());
      }
      all.sort(
          java.util.Comparator.comparingInt(
              r -> {
                int i = order.indexOf(r.platform().architecture());
                return i < 0 ? Integer.MAX_VALUE : i;
              }));
      hostCache = hostCache.withExecProbes(all);
      return hostCache;
    }
  }

  /**
   * The host profile: a saved one with --host-profile, else the live host. Probed once per run,
   * whichever thread asks first.
   */
  synchronized HostProfile host() {
    if (hostCache == null) {
      long t0 = System.nanoTime();
      if (hostProfiles.size() > 1) {
        throw new CliException(
            "--host-profile: given "
                + hostProfiles.size()
                + " times; only check "
                + "judges several hosts (a matrix), other commands take one profile");
      }
      if (hostProfile != null) {
        hostCache = readProfile(hostProfile);
        checkAge(hostCache, hostProfile, maxAge, java.time.Instant.now());
      } else {
        hostCache = probes.apply(probeOptions()).probe();
        log().debug("probed the live host in {} ms", (System.nanoTime() - t0) / 1_000_000);
      }
    }
    return hostCache;
  }

  /**
   * This tool's logger, made when first used: slf4j-simple reads its configuration when the first
   * logger is made, and {@link #logging} sets it from -v before that.
   */
  static org.slf4j.Logger log() {
    return org.slf4j.LoggerFactory.getLogger("dev.canirundocker.cli");
  }

  /**
   * How far ahead of this machine's clock a profile's collectedAt may be and still count as
   * collected now: the 5 minutes of clock skew Kerberos allows by default (krb5.conf {@code
   * clockskew}), for hosts whose clocks are synchronised but not to the second.
   */
  static final java.time.Duration FUTURE_SKEW = java.time.Duration.ofMinutes(5);

  /**
   * Refuses a saved profile older than {@code maxAge}, or collected in the future (beyond {@link
   * #FUTURE_SKEW}); none: anything goes.
   */
  static void checkAge(HostProfile h, Path file, java.time.Duration maxAge, java.time.Instant now) {
    if (maxAge == null) {
      return;
    }
    if (h.collectedAt() == null) {
      throw new CliException(
          "--host-profile "
              + file
              + ": does not say when it was collected (no "
              + "collectedAt), so --max-age "
              + MaxAge.format(maxAge)
              + " cannot be checked; save it "
              + "again with 'can-i-run-docker host --json'");
    }
    java.time.Duration age = java.time.Duration.between(h.collectedAt(), now);
    if (age.compareTo(FUTURE_SKEW.negated()) < 0) {
      // a profile from the future has no age: passing it would let any stale profile through by
      // a wrong clock (or an edited file)
      throw new CliException(
          "--host-profile "
              + file
              + ": collected at "
              + h.collectedAt()
              + ", which is in the future (this machine's clock is "
              + now.truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
              + "), so --max-age "
              + MaxAge.format(maxAge)
              + " cannot be checked; check both clocks and save it again on that host with "
              + "'can-i-run-docker host --json'");
    }
    if (age.compareTo(maxAge) > 0) {
      throw new CliException(
          "--host-profile "
              + file
              + ": collected at "
              + h.collectedAt()
              + ", "
              + MaxAge.format(age)
              + " ago, older than --max-age "
              + MaxAge.format(maxAge)
              + "; save it again on that host with 'can-i-run-docker host --json'");
    }
  }

  /** Whose host the answers are about, for text: "this host", or the profile's host and date. */
  String subject() {
    if (hostProfile == null) {
      return "this host";
    }
    HostProfile h = host();
    String who =
        h.hostname() == null
            ? "the host of " + Render.clean(hostProfile.toString())
            : Render.clean(h.hostname());
    return who
        + (h.collectedAt() == null
            ? " (saved profile, collection time unknown)"
            : " (saved profile, collected " + h.collectedAt() + ")");
  }

  /** The largest host profile read; a real one is a few KiB. */
  static final int MAX_PROFILE_BYTES = 16 << 20;

  static HostProfile readProfile(Path file) {
    String what = "--host-profile " + file + ": ";
    byte[] raw;
    try {
      long t0 = System.nanoTime();
      raw =
          dev.canirundocker.io.BoundedFiles.read(
              file, MAX_PROFILE_BYTES, dev.canirundocker.io.BoundedFiles.DEFAULT_WAIT);
      log()
          .debug(
              "read host profile {}: {} bytes in {} ms",
              file,
              raw.length,
              (System.nanoTime() - t0) / 1_000_000);
    } catch (dev.canirundocker.io.BoundedReadException e) {
      switch (e.reason()) {
        case NOT_A_FILE:
          throw new CliException(
              what
                  + "is "
                  + dev.canirundocker.io.BoundedFiles.describe(file)
                  + ", not a host profile",
              e);
        case TOO_LARGE:
          throw new CliException(what + e.getMessage() + ", not a host profile", e);
        default:
          throw new CliException(what + e.getMessage(), e);
      }
    }
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
              .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)
              .decode(java.nio.ByteBuffer.wrap(raw))
              .toString();
    } catch (java.nio.charset.CharacterCodingException e) {
      // the JDK's message ("Input length = 1") says nothing a user can act on
      throw new CliException(what + "not UTF-8 text, not a host profile", e);
    }
    try {
      return HostProfile.parse(text);
    } catch (InvalidHostProfileException e) {
      throw new CliException(what + e.getMessage(), e);
    }
  }

  /**
   * The archive limits: the defaults, with --timeout (when given, already checked by {@link
   * #daemonOptions()}) as the wait on a FIFO given to --archive.
   */
  dev.canirundocker.image.ArchiveLimits archiveLimits() {
    dev.canirundocker.image.ArchiveLimits l = dev.canirundocker.image.ArchiveLimits.DEFAULTS;
    return timeoutSeconds == null
        ? l
        : l.withPipeWait(java.time.Duration.ofMillis(Math.round(timeoutSeconds * 1000)));
  }

  /**
   * The daemon client options: the defaults, or --timeout for connect and answers. A --timeout out
   * of range and a --docker-host that is no endpoint (a port out of range, an unknown scheme, a bad
   * pipe path or ssh destination) are usage errors naming the option, before anything runs; only
   * parsed here, nothing is dialled. A bad DOCKER_HOST or context stays a daemon finding.
   */
  dev.canirundocker.daemon.DaemonClientOptions daemonOptions() {
    if (dockerHost != null && !dockerHost.isBlank()) {
      try {
        dev.canirundocker.daemon.DaemonEndpoints.forCurrentProcess().resolve(dockerHost);
      } catch (dev.canirundocker.daemon.DaemonEndpointException e) {
        throw new picocli.CommandLine.ParameterException(
            new CommandLine(this), "--docker-host: " + e.getMessage());
      }
    }
    dev.canirundocker.daemon.DaemonClientOptions o =
        dev.canirundocker.daemon.DaemonClientOptions.defaults();
    if (timeoutSeconds == null) {
      return o;
    }
    // below a millisecond nothing can answer, and Duration.ofMillis(round(...)) would make it 0,
    // which socket APIs read as "wait forever"
    if (!(timeoutSeconds >= 0.001 && timeoutSeconds <= 3600)) {
      String got =
          timeoutSeconds.isNaN() || timeoutSeconds.isInfinite()
              ? timeoutSeconds.toString()
              : new java.math.BigDecimal(timeoutSeconds.toString())
                  .stripTrailingZeros()
                  .toPlainString();
      throw new picocli.CommandLine.ParameterException(
          new CommandLine(this), "--timeout: expected seconds between 0.001 and 3600, got " + got);
    }
    return o.withTimeout(java.time.Duration.ofMillis(Math.round(timeoutSeconds * 1000)));
  }

  /** The daemon client for the endpoint the docker CLI would use (or --docker-host). */
  dev.canirundocker.daemon.DaemonClient daemonClient() {
    try {
      return dev.canirundocker.daemon.HttpDaemonClient.create(
          dev.canirundocker.daemon.DaemonEndpoints.forCurrentProcess().resolve(dockerHost),
          daemonOptions());
    } catch (dev.canirundocker.daemon.DaemonEndpointException e) {
      throw new CliException(e.getMessage(), e);
    }
  }

  /**
   * Prints the report unless quiet; everything is rendered before anything is printed. Text passes
   * a last terminal-safety check (JSON stays exact).
   */
  void emit(String report) {
    if (!quiet) {
      out.print(json ? report : Render.terminalSafe(report, color()));
      out.flush();
    }
  }

  @Override
  public Integer call() {
    return new Preflight(this).run();
  }
}
