package dev.canirundocker.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IExecutionStrategy;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * The command tree a run builds, and how it runs. A run builds the model of the command it invokes
 * only ({@link Main#invoked}); help, completion and an unknown word get the whole tree ({@link
 * #all}), which is also what the man pages and the completion script are generated from ({@link
 * DocGen}).
 */
final class Commands {
  private Commands() {}

  /** Picocli's property naming the built-in converters it leaves out (regular expressions). */
  static final String CONVERTER_EXCLUDES = "picocli.converters.excludes";

  /**
   * The built-in converters no option here uses: picocli registers the java.time and java.sql ones
   * by reflection in every CommandLine (java.sql is not even in the self-contained runtime: a
   * ClassNotFoundException each), loading about 80 classes; --max-age has its own converter.
   */
  static final String UNUSED_CONVERTERS = "java\\.(time|sql)\\..*";

  /** The command line for these arguments: the preflight's, with the invoked command, or all. */
  static CommandLine forRun(Main main, String[] args) {
    if (System.getProperty(CONVERTER_EXCLUDES) == null) {
      System.setProperty(CONVERTER_EXCLUDES, UNUSED_CONVERTERS);
    }
    CommandLine cl = new CommandLine(Specs.main(main));
    main.commandLine = cl;
    String invoked = Main.invoked(cl.getCommandSpec(), args);
    if ("*".equals(invoked)) {
      for (String name : Main.COMMANDS) {
        cl.addSubcommand(name, command(name, main));
      }
    } else if (invoked != null) {
      cl.addSubcommand(invoked, command(invoked, main));
    }
    return cl;
  }

  /** The whole tree: the preflight with every command, in the order help lists them. */
  static CommandLine all(Main main) {
    return forRun(main, new String[] {"--help"});
  }

  /** The command named {@code name} of {@link Main#COMMANDS}, for the run of {@code main}. */
  static CommandLine command(String name, Main main) {
    switch (name) {
      case "check":
        {
          CheckCommand c = new CheckCommand(main);
          CommandLine cl = new CommandLine(CheckSpec.check(c));
          c.spec = cl.getCommandSpec();
          return cl;
        }
      case "host":
        {
          HostCommand c = new HostCommand(main);
          CommandLine cl = new CommandLine(Specs.host(c));
          c.spec = cl.getCommandSpec();
          return cl;
        }
      case "kernel":
        return new CommandLine(Specs.kernel(new KernelCommand(main)));
      case "generate-completion":
        // picocli's own command, annotated: built only where every command is (help, completion)
        return new CommandLine(new AutoComplete.GenerateCompletion());
      default:
        throw new IllegalArgumentException(name);
    }
  }

  static int execute(Main main, CommandLine cl, String[] args) {
    cl.setOut(new PrintWriter(main.out, true, StandardCharsets.UTF_8));
    cl.setErr(new PrintWriter(main.err, true, StandardCharsets.UTF_8));
    Handlers h = new Handlers(main, cl, args);
    cl.setExecutionExceptionHandler(h);
    cl.setParameterExceptionHandler(h);
    cl.setExecutionStrategy(h);
    Phases.mark("model");
    return cl.execute(args);
  }

  /**
   * Picocli's hooks for this run: a named class, not lambdas, since a lambda implementing one of
   * picocli's interfaces (or capturing a picocli type) is left out of the class-data archive
   * (cli/pom.xml filters those class-list lines: picocli's pre-Java-6 class files), so each would
   * be spun at every start.
   */
  private static final class Handlers
      implements IExecutionStrategy,
          IExecutionExceptionHandler,
          IParameterExceptionHandler,
          java.util.function.IntSupplier {
    private final Main main;
    private final CommandLine cl;
    private final String[] args;

    /** The parse result being run ({@link #getAsInt}). */
    private @Nullable ParseResult parsed;

    Handlers(Main main, CommandLine cl, String[] args) {
      this.main = main;
      this.cl = cl;
      this.args = args;
    }

    @Override
    public int execute(ParseResult parsed) {
      Phases.mark("parse");
      if (main.quiet) {
        // --quiet means nothing on stdout, for every command: picocli's generate-completion
        // writes to its own CommandLine's writer, so that one is muted here
        CommandLine completion = cl.getSubcommands().get("generate-completion");
        if (completion != null) {
          completion.setOut(new PrintWriter(java.io.Writer.nullWriter()));
        }
      }
      this.parsed = parsed;
      // this object, not a lambda: one capturing a picocli type is left out of the archive
      return main.logging(this);
    }

    /** Runs the parsed command (under {@link Main#logging}). */
    @Override
    public int getAsInt() {
      return new CommandLine.RunLast()
          .execute(
              java.util.Objects.requireNonNull(parsed, "run by execute, after it sets parsed"));
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parsed) {
      return main.fail(ex);
    }

    @Override
    public int handleParseException(ParameterException ex, String[] a) {
      PrintStream err = main.err;
      err.println(
          "can-i-run-docker: "
              + Messages.shorten(
                  dev.canirundocker.text.Text.oneLine(dev.canirundocker.text.Text.message(ex)),
                  args));
      err.println(
          "Try '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help' for more.");
      return ExitCodes.USAGE;
    }
  }
}
