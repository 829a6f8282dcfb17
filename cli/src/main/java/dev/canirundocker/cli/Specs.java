package dev.canirundocker.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.IGetter;
import picocli.CommandLine.Model.ISetter;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.UsageMessageSpec;
import picocli.CommandLine.ScopeType;

/**
 * The command model, the one place each command's options and help text are defined: the run, its
 * help, the man pages ({@link DocGen}) and the completion script all read these specs.
 *
 * <p>They are built with picocli's programmatic API (picocli's manual, "Programmatic API") rather
 * than its annotations: reading annotations costs a short run its largest share of command-line
 * time, reflection over every field and a generated proxy class per annotation type, which no
 * class-data archive keeps (issue 19 measured the model at 111-151 ms of a 0.5 s preflight). A
 * binding ({@link Binding}) hands each parsed value to its command by name, so nothing is
 * reflective. The option order is the annotated model's (a command's own options, -h and -V, then
 * the inherited ones), which CommandModelTest pins with golden help, man pages and completion.
 */
final class Specs {
  private Specs() {}

  /** A command that takes its parsed values by option name (the option's last, longest name). */
  interface Bound {
    void set(String key, @Nullable Object value);
  }

  /**
   * The value of an option that starts at a non-null initial value: picocli hands the setter that
   * value (on every parse) or what was given, never null.
   */
  @SuppressWarnings("unchecked")
  static <T> T given(@Nullable Object value, String key) {
    return (T) java.util.Objects.requireNonNull(value, () -> key + ": null, but it has a default");
  }

  /** Where picocli reads and writes one option's value: held here and handed to its command. */
  static final class Binding implements IGetter, ISetter {
    private final Bound command;
    private final String key;
    private @Nullable Object value;

    Binding(Bound command, String key, @Nullable Object initial) {
      this.command = command;
      this.key = key;
      this.value = initial;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> @Nullable T get() {
      return (T) value;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> @Nullable T set(T v) {
      T old = (T) value;
      value = v;
      command.set(key, v);
      return old;
    }
  }

  /** The spec of {@code command}, named, to be filled in: no annotations are read. */
  static CommandSpec command(Object command, String name) {
    return CommandSpec.wrapWithoutInspection(command).name(name);
  }

  /** An option bound to {@code command} under its last name, starting at {@code initial}. */
  static OptionSpec.Builder option(
      Bound command, Class<?> type, @Nullable Object initial, String... names) {
    Binding b = new Binding(command, names[names.length - 1], initial);
    return OptionSpec.builder(names)
        .type(type)
        .getter(b)
        .setter(b)
        .initialValue(initial)
        .hasInitialValue(true);
  }

  /** A repeatable option: a list of {@code element}. */
  static OptionSpec.Builder list(
      Bound command, Class<?> element, @Nullable List<?> initial, String... names) {
    return option(command, List.class, initial, names).auxiliaryTypes(element);
  }

  /**
   * The command's usage layout, shared by all commands: options in the order defined, help as wide
   * as the terminal, the description and each section after a blank line.
   */
  static UsageMessageSpec usage(CommandSpec s, String header, String... description) {
    return s.usageMessage()
        .sortOptions(false)
        .autoWidth(true)
        .header(header)
        .descriptionHeading("%n")
        .description(description)
        .exitCodeListHeading(ExitCodes.HEADING)
        .footerHeading("%nExamples:%n");
  }

  /**
   * -h and -V, as picocli's mixinStandardHelpOptions defines them (its texts), as options of their
   * own: the mixin is an annotated class picocli would read by reflection at every start. Every
   * command prints the version (the annotated subcommands printed an empty line).
   */
  static void standardHelp(CommandSpec s) {
    s.versionProvider(new VersionProvider());
    s.addOption(
        OptionSpec.builder("-h", "--help")
            .usageHelp(true)
            .type(boolean.class)
            .description("Show this help message and exit.")
            .build());
    s.addOption(
        OptionSpec.builder("-V", "--version")
            .versionHelp(true)
            .type(boolean.class)
            .description("Print version information and exit.")
            .build());
  }

  /** The exit code table as help prints it. */
  static java.util.Map<String, String> exitCodes(String... rows) {
    return UsageMessageSpec.keyValuesMap(rows);
  }

  /** The verdicts' exit code table: the preflight's and check's. */
  static java.util.Map<String, String> verdictExitCodes() {
    return exitCodes(
        ExitCodes.HELP_NATIVE,
        ExitCodes.HELP_ERROR,
        ExitCodes.HELP_USAGE,
        ExitCodes.HELP_EMULATED,
        ExitCodes.HELP_NEEDS_VM,
        ExitCodes.HELP_UNSUPPORTED);
  }

  /** The preflight (no command): every option here applies to every command. */
  static CommandSpec main(Main m) {
    CommandSpec s = command(m, "can-i-run-docker");
    usage(
            s,
            "Can this machine run Docker natively, and can it run this image?",
            "Without a command: the preflight. Checks the host (OS, kernel, CPU, virtualization), the "
                + "engine's kernel requirements and the Docker daemon, and prints a verdict with the "
                + "findings behind it and what to do next.",
            "",
            "Every answer is one of NATIVE, EMULATED, NEEDS_VM or UNSUPPORTED, and the exit code says "
                + "which (table below), so scripts need not parse the output. --json prints the same "
                + "answer as JSON (schema version 1) and nothing else on stdout.")
        .optionListHeading("%nOptions (they apply to every command):%n")
        .commandListHeading("%nCommands:%n")
        .exitCodeList(verdictExitCodes())
        .footer(
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
                + "or `can-i-run-docker COMMAND --help`.");
    s.addOption(
        inherited(option(m, boolean.class, false, "--json"))
            .description(
                "Print the answer as JSON (schema version 1) on stdout and nothing else; "
                    + "diagnostics stay on stderr.")
            .build());
    s.addOption(
        inherited(option(m, String.class, null, "--docker-host"))
            .paramLabel("URI")
            .description(
                "Docker daemon endpoint (unix:///path, tcp://host:port); default as the docker CLI "
                    + "finds it.")
            .build());
    s.addOption(
        inherited(option(m, Double.class, null, "--timeout"))
            .paramLabel("SECONDS")
            .description(
                "How long to wait for the Docker daemon to connect and to answer a request "
                    + "(default: 3 s to connect, 10 s for an answer); an image export may take 60 "
                    + "times as long in all (default 10 minutes). Also the wait for each read of a "
                    + "FIFO given to --archive (default 30 s).")
            .build());
    s.addOption(
        inherited(option(m, boolean.class, false, "--no-color"))
            .description("No colors or symbols (NO_COLOR is honoured too).")
            .build());
    s.addOption(
        inherited(option(m, boolean.class, false, "-q", "--quiet"))
            .description(
                "Print nothing on stdout, only set the exit code (a reason for exit code 1 or 2 "
                    + "still goes to stderr).")
            .build());
    s.addOption(
        inherited(option(m, boolean[].class, new boolean[0], "-v", "--verbose"))
            .auxiliaryTypes(boolean.class)
            .arity("0")
            .description(
                "Log to stderr what is probed and asked: files read, exec probes run, daemon "
                    + "requests with their timings; stack traces on errors. -vv logs more (every "
                    + "library).")
            .build());
    s.addOption(
        inherited(option(m, boolean.class, false, "--debug"))
            .description("The same as -vv.")
            .build());
    s.addOption(
        inherited(option(m, Duration.class, null, "--max-age"))
            .paramLabel("DURATION")
            .converters(new MaxAge())
            .description(
                "With --host-profile: refuse a profile collected longer ago than this "
                    + "(90s, 30m, 12h, 7d, or ISO-8601 such as P7D), and one that does not say when.")
            .build());
    s.addOption(
        inherited(option(m, boolean.class, false, "--no-exec-probe"))
            .description(
                "Do not execute the tiny per-architecture probe binaries; infer from configuration.")
            .build());
    s.addOption(
        inherited(list(m, Path.class, null, "--host-profile"))
            .paramLabel("FILE|DIR")
            .description(
                "Judge a saved host profile (from `host --json`) instead of this machine: what-if "
                    + "checks, CI. With check: repeat it, or name a directory of profiles, to judge "
                    + "every target on every host (a matrix).")
            .build());
    standardHelp(s);
    return s;
  }

  private static OptionSpec.Builder inherited(OptionSpec.Builder b) {
    return b.scopeType(ScopeType.INHERIT);
  }

  /** {@code host}: the host profile. */
  static CommandSpec host(HostCommand h) {
    CommandSpec s = command(h, "host");
    usage(
            s,
            "Print what this host is, as the checks see it.",
            "OS, kernel, CPU (with its x86-64 level), memory, virtualization, cgroups, security "
                + "modules, binfmt_misc handlers, what the exec probes ran, and every fact that "
                + "could not be read, with why. Save it with --json and judge it later, or on "
                + "another machine, with --host-profile FILE: the saved profile gives the same "
                + "answers as the live host.")
        .optionListHeading("%nOptions:%n")
        .exitCodeList(
            exitCodes(" 0:the profile was printed", ExitCodes.HELP_ERROR, ExitCodes.HELP_USAGE))
        .footer(
            "  can-i-run-docker host",
            "  can-i-run-docker host --json > host.json",
            "  can-i-run-docker host --format nfd       node labels for node-feature-discovery",
            "  can-i-run-docker host --json | jq '.cpu.amd64Level, .linux.cgroups.mode'",
            "  can-i-run-docker check --host-profile host.json --platform linux/arm64");
    s.addOption(
        option(h, String.class, null, "--format")
            .paramLabel("FORMAT")
            .description(
                "text (default), json (the same as --json), or nfd: a node-feature-discovery "
                    + "feature file (labels: the x86-64 level, 32-bit support, how each platform "
                    + "runs) for /etc/kubernetes/node-feature-discovery/features.d/ (kubernetes/ in "
                    + "the distribution).")
            .build());
    s.addOption(
        option(h, Path.class, null, "--root")
            .paramLabel("DIR")
            .description(
                "Read /proc, /sys, /etc and /boot under DIR: a node's, mounted into a container "
                    + "(the kubernetes/ DaemonSet mounts them read-only under /host).")
            .build());
    standardHelp(s);
    return s;
  }

  /** {@code kernel}: the kernel config check. */
  static CommandSpec kernel(KernelCommand k) {
    CommandSpec s = command(k, "kernel");
    usage(
            s,
            "Check a kernel configuration for the Docker engine.",
            "Item by item as moby's contrib/check-config.sh does it (required, optional, per "
                + "network and storage driver), with its version gates and the cgroup v1/v2 "
                + "split. Without --config: the running kernel's config (/proc/config.gz, "
                + "/boot/config-RELEASE, ...); with --host-profile: the config saved in the "
                + "profile.",
            "",
            "UNSUPPORTED means a required option is missing or no storage driver is usable; a "
                + "missing optional option is a finding, not a failure.")
        .optionListHeading("%nOptions:%n")
        .exitCodeList(
            exitCodes(
                " 0:NATIVE: every required option is there",
                ExitCodes.HELP_ERROR,
                ExitCodes.HELP_USAGE,
                " 5:UNSUPPORTED: a required option is missing, or no storage driver is usable"))
        .footer(
            "  can-i-run-docker kernel",
            "  can-i-run-docker kernel --config /boot/config-6.1.0-18-amd64 --json",
            "  can-i-run-docker kernel --json |",
            "    jq -r '.items[] | select(.state == \"missing\") | .name'");
    s.addOption(
        option(k, Path.class, null, "--config")
            .paramLabel("FILE")
            .description(
                "A kernel config (plain or gzip) of a kernel that need not be running; its "
                    + "version comes from the file's header.")
            .build());
    standardHelp(s);
    return s;
  }
}
