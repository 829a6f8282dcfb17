package dev.canirundocker.cli;

import dev.canirundocker.host.HostProbe;
import dev.canirundocker.host.HostProfile;
import dev.canirundocker.host.LiveHostProbe;
import dev.canirundocker.host.ProbeOptions;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;

/**
 * The {@code can-i-run-docker} command line: the options every command shares (their model and help
 * text are in {@link Specs}) and what a run does with them. {@link #run} returns the exit code;
 * only {@link #main} exits.
 */
public class Main implements Callable<Integer>, Specs.Bound {
  /** --json. */
  boolean json;

  /** Every --host-profile given, in order (check judges several: a matrix). */
  java.util.List<Path> hostProfiles = new java.util.ArrayList<>();

  /**
   * The one saved profile to judge instead of this machine, or null (none, or several: a matrix).
   */
  @Nullable Path hostProfile;

  /**
   * With --root: read /proc, /sys, /etc and /boot under this directory (a node's, mounted in a
   * container).
   */
  @Nullable Path root;

  /** --docker-host, or null: as the docker CLI finds it. */
  @Nullable String dockerHost;

  /** --timeout, in seconds, or null: the defaults. */
  @Nullable Double timeoutSeconds;

  /** --no-color. */
  boolean noColor;

  /** --quiet. */
  boolean quiet;

  /** One entry per -v. */
  boolean[] verbosity = new boolean[0];

  /** --debug (-vv). */
  boolean debug;

  /** --max-age, or null: any age. */
  java.time.@Nullable Duration maxAge;

  /** --no-exec-probe. */
  boolean noExecProbe;

  @Override
  @SuppressWarnings("unchecked")
  public void set(String key, @Nullable Object v) {
    switch (key) {
      case "--json" -> json = Specs.<Boolean>given(v, key);
      case "--docker-host" -> dockerHost = (String) v;
      case "--timeout" -> timeoutSeconds = (Double) v;
      case "--no-color" -> noColor = Specs.<Boolean>given(v, key);
      case "--quiet" -> quiet = Specs.<Boolean>given(v, key);
      case "--verbose" -> verbosity = Specs.given(v, key);
      case "--debug" -> debug = Specs.<Boolean>given(v, key);
      case "--max-age" -> maxAge = (java.time.Duration) v;
      case "--no-exec-probe" -> noExecProbe = Specs.<Boolean>given(v, key);
      case "--host-profile" -> {
        java.util.List<Path> paths = v == null ? java.util.List.of() : (java.util.List<Path>) v;
        hostProfiles = new java.util.ArrayList<>(paths);
        hostProfile = paths.size() == 1 ? paths.get(0) : null;
      }
      default -> throw new IllegalArgumentException(key);
    }
  }

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

  /** The commands, in the order help lists them. */
  static final String[] COMMANDS = {"check", "host", "kernel", "generate-completion"};

  /**
   * The command this run invokes, or null for the preflight (and -V), or "*" where every command is
   * needed: help and completion list them all, and an unknown word gets picocli's suggestions.
   * Building only the invoked command's model is most of a short run's command-line cost (picocli
   * reads each command's annotations through reflection, with an annotation proxy class per type).
   */
  static @Nullable String invoked(CommandLine.Model.CommandSpec spec, String[] args) {
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
    main.args = args.clone();
    return Commands.execute(main, Commands.forRun(main, args), args);
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

  /** The arguments of this run, for {@link Messages#shorten}. */
  String[] args = new String[0];

  /**
   * Prints one error line: the message's first line, with control characters escaped (messages
   * quote files, archives and daemon answers, which must not reach the terminal as escape
   * sequences) and long arguments cut.
   */
  void errorLine(String msg) {
    err.println(
        "can-i-run-docker: "
            + Messages.shorten(
                dev.canirundocker.text.Text.oneLine(msg.lines().findFirst().orElse(msg)), args));
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

  /** The root command line of this run: usage errors of the shared options name it. */
  // set by Commands.forRun right after construction, before picocli parses or runs anything
  @SuppressWarnings("NullAway.Init")
  CommandLine commandLine;

  /** The host this run judges. */
  final HostSource hosts = new HostSource(this);

  /** The host profile (saved or live), probed once: {@link HostSource#host}. */
  HostProfile host() {
    return hosts.host();
  }

  /**
   * Starts {@link #host()} on a thread of its own, so that what the command asks the daemon
   * meanwhile does not wait for the probe; a failure is thrown again by the next {@link #host()}.
   */
  void startHost() {
    // a failure stays in the unread future: the caller's own host() call probes again, reports it
    Parallel.async(this::host);
  }

  /** The host profile with exec probes of {@code needed} too: {@link HostSource#probed}. */
  HostProfile probed(java.util.Collection<dev.canirundocker.platform.Platform> needed) {
    return hosts.probed(needed);
  }

  /** Whether the exec probes may follow the targets: {@link HostSource#probesOnDemand}. */
  boolean probesOnDemand() {
    return hosts.probesOnDemand();
  }

  /** Whose host the answers are about: {@link HostSource#subject}. */
  String subject() {
    return hosts.subject();
  }

  /** The platforms to exec-probe for this command, or null for all of them. */
  java.util.@Nullable List<dev.canirundocker.platform.Platform> probeFor;

  /**
   * The Linux host facts this command reads, or null for all of them: a command leaves out the
   * facts neither its checks nor its output use (the profile names them as not probed).
   */
  java.util.@Nullable Set<dev.canirundocker.host.HostFact> probeFacts;

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
            commandLine, "--docker-host: " + e.getMessage());
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
          commandLine, "--timeout: expected seconds between 0.001 and 3600, got " + got);
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
      throw new CliException(dev.canirundocker.text.Text.message(e), e);
    }
  }

  /**
   * Prints the report unless quiet; everything is rendered before anything is printed. Text passes
   * a last terminal-safety check (JSON stays exact).
   */
  void emit(String report) {
    if (quiet) {
      return;
    }
    if (json) {
      // JSON is UTF-8 (RFC 8259 section 8.1) whatever the locale's charset, and written as bytes:
      // the PrintStream's encoder loop costs more than the writer of a 100 KiB document
      byte[] b = report.getBytes(java.nio.charset.StandardCharsets.UTF_8);
      out.write(b, 0, b.length);
    } else {
      out.print(Render.terminalSafe(report, color()));
    }
    out.flush();
  }

  @Override
  public Integer call() {
    return new Preflight(this).run();
  }
}
