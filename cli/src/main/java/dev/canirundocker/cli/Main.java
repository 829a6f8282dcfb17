package dev.canirundocker.cli;

import dev.canirundocker.host.HostProbe;
import dev.canirundocker.host.HostProfile;
import dev.canirundocker.host.InvalidHostProfileException;
import dev.canirundocker.host.LiveHostProbe;
import dev.canirundocker.host.ProbeOptions;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
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
 * The {@code can-i-run-docker} command line. {@link #run} returns the exit code; only
 * {@link #main} exits.
 */
@Command(name = "can-i-run-docker",
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
            + "answer as JSON (schema version 1) and nothing else on stdout."},
    optionListHeading = "%nOptions (they apply to every command):%n",
    commandListHeading = "%nCommands:%n",
    exitCodeListHeading = ExitCodes.HEADING,
    exitCodeList = {ExitCodes.HELP_NATIVE, ExitCodes.HELP_ERROR, ExitCodes.HELP_USAGE,
        ExitCodes.HELP_EMULATED, ExitCodes.HELP_NEEDS_VM, ExitCodes.HELP_UNSUPPORTED},
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
            + "or `can-i-run-docker COMMAND --help`."},
    subcommands = {CheckCommand.class, HostCommand.class, KernelCommand.class,
        AutoComplete.GenerateCompletion.class})
public final class Main implements Callable<Integer> {

  @Option(names = "--json", scope = ScopeType.INHERIT,
      description = "Print the answer as JSON (schema version 1) on stdout and nothing else; "
          + "diagnostics stay on stderr.")
  boolean json;

  @Option(names = "--host-profile", paramLabel = "FILE", scope = ScopeType.INHERIT,
      description = "Judge a saved host profile (from `host --json`) instead of this machine: what-if "
          + "checks, fleets, CI.")
  Path hostProfile;

  @Option(names = "--docker-host", paramLabel = "URI", scope = ScopeType.INHERIT,
      description = "Docker daemon endpoint (unix:///path, tcp://host:port); default as the docker CLI finds it.")
  String dockerHost;

  @Option(names = "--timeout", paramLabel = "SECONDS", scope = ScopeType.INHERIT,
      description = "How long to wait for the Docker daemon to connect and to answer a request "
          + "(default: 3 s to connect, 10 s for an answer).")
  Double timeoutSeconds;

  @Option(names = "--no-color", scope = ScopeType.INHERIT,
      description = "No colors or symbols (NO_COLOR is honoured too).")
  boolean noColor;

  @Option(names = {"-q", "--quiet"}, scope = ScopeType.INHERIT,
      description = "Print nothing on stdout, only set the exit code (a reason for exit code 1 or 2 "
          + "still goes to stderr).")
  boolean quiet;

  @Option(names = {"-v", "--verbose"}, scope = ScopeType.INHERIT,
      description = "Log what is probed to stderr; stack traces on errors.")
  boolean verbose;

  @Option(names = "--no-exec-probe", scope = ScopeType.INHERIT,
      description = "Do not execute the tiny per-architecture probe binaries; infer from configuration.")
  boolean noExecProbe;

  final PrintStream out;
  final PrintStream err;
  final Map<String, String> env;
  final Function<ProbeOptions, HostProbe> probes;
  final boolean terminal;

  Main(PrintStream out, PrintStream err, Map<String, String> env,
      Function<ProbeOptions, HostProbe> probes, boolean terminal) {
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
    System.exit(run(System.out, System.err, args));
  }

  /** Runs the CLI against the live host; returns the exit code. */
  public static int run(PrintStream out, PrintStream err, String... args) {
    return run(out, err, System.getenv(), LiveHostProbe::new, System.console() != null, args);
  }

  static int run(PrintStream out, PrintStream err, Map<String, String> env,
      Function<ProbeOptions, HostProbe> probes, boolean terminal, String... args) {
    Main main = new Main(out, err, env, probes, terminal);
    CommandLine cl = new CommandLine(main);
    cl.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
    cl.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
    cl.setExecutionExceptionHandler((ex, cmd, parsed) -> main.fail(ex));
    cl.setParameterExceptionHandler((ex, a) -> {
      err.println("can-i-run-docker: " + dev.canirundocker.text.Text.oneLine(ex.getMessage()));
      err.println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help' for more.");
      return ExitCodes.USAGE;
    });
    cl.setExecutionStrategy(parsed -> {
      if (main.quiet) {
        // --quiet means nothing on stdout, for every command: picocli's generate-completion
        // writes to its own CommandLine's writer, so that one is muted here
        CommandLine completion = cl.getSubcommands().get("generate-completion");
        completion.setOut(new PrintWriter(java.io.Writer.nullWriter()));
      }
      return new CommandLine.RunLast().execute(parsed);
    });
    return cl.execute(args);
  }

  int fail(Exception ex) {
    if (verbose) {
      StringWriter sw = new StringWriter();
      ex.printStackTrace(new PrintWriter(sw));
      err.print(sw);
    }
    String msg = ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage();
    // the first line, with control characters escaped: messages quote files, archives and daemon
    // answers, which must not reach the terminal as escape sequences
    err.println("can-i-run-docker: " + dev.canirundocker.text.Text.oneLine(
        msg.lines().findFirst().orElse(msg)));
    return ExitCodes.ERROR;
  }

  /** Whether text output may use color and symbols. */
  boolean color() {
    return terminal && !json && !noColor && (env.get("NO_COLOR") == null || env.get("NO_COLOR").isEmpty());
  }

  /** The platforms to exec-probe for this command, or null for all of them. */
  java.util.List<dev.canirundocker.platform.Platform> probeFor;

  ProbeOptions probeOptions() {
    return ProbeOptions.defaults().withEnv(env).withExecProbes(!noExecProbe).withProbePlatforms(probeFor);
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
    java.util.List<dev.canirundocker.platform.Platform> l = new java.util.ArrayList<>(java.util.List.of(self));
    dev.canirundocker.platform.CompatibilityMode.ofHost(self.architecture())
        .ifPresent(m -> l.add(m.probePlatform()));
    return l;
  }

  private HostProfile hostCache;

  /**
   * The host profile: a saved one with --host-profile, else the live host. Probed once per run,
   * whichever thread asks first.
   */
  synchronized HostProfile host() {
    if (hostCache == null) {
      hostCache = hostProfile != null ? readProfile(hostProfile) : probes.apply(probeOptions()).probe();
    }
    return hostCache;
  }

  static HostProfile readProfile(Path file) {
    String text;
    try {
      if (Files.isDirectory(file)) {
        throw new CliException("--host-profile " + file + ": is a directory, not a host profile");
      }
      if (Files.size(file) > 16L * 1024 * 1024) {
        throw new CliException("--host-profile " + file + ": larger than 16 MiB, not a host profile");
      }
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new CliException("--host-profile " + file + ": no such file");
    } catch (java.nio.charset.CharacterCodingException e) {
      // the JDK's message ("Input length = 1") says nothing a user can act on
      throw new CliException("--host-profile " + file + ": not UTF-8 text, not a host profile", e);
    } catch (IOException | java.io.UncheckedIOException e) {
      throw new CliException("--host-profile " + file + ": " + e.getMessage(), e);
    }
    try {
      return HostProfile.parse(text);
    } catch (InvalidHostProfileException e) {
      throw new CliException("--host-profile " + file + ": " + e.getMessage(), e);
    }
  }

  /** The daemon client options: the defaults, or --timeout for connect and answers. */
  dev.canirundocker.daemon.DaemonClientOptions daemonOptions() {
    dev.canirundocker.daemon.DaemonClientOptions o = dev.canirundocker.daemon.DaemonClientOptions.defaults();
    if (timeoutSeconds == null) {
      return o;
    }
    if (!(timeoutSeconds > 0 && timeoutSeconds <= 3600)) {
      throw new picocli.CommandLine.ParameterException(new CommandLine(this),
          "--timeout: expected seconds between 0 and 3600, got " + timeoutSeconds);
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

  /** Prints the report unless quiet; everything is rendered before anything is printed. */
  void emit(String report) {
    if (!quiet) {
      out.print(report);
      out.flush();
    }
  }

  @Override
  public Integer call() {
    return new Preflight(this).run();
  }
}
