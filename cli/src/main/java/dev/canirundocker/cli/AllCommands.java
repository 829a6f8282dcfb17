package dev.canirundocker.cli;

import dev.canirundocker.host.HostProbe;
import dev.canirundocker.host.ProbeOptions;
import java.io.PrintStream;
import java.util.Map;
import java.util.function.Function;
import picocli.AutoComplete;
import picocli.CommandLine.Command;

/**
 * The whole command tree: Main with every command. Picocli merges a subclass's {@code @Command}
 * with its superclass's, so this adds only the command list. A run builds it only where it needs
 * every command (help, completion, an unknown word; {@link Main#invoked}); otherwise it builds Main
 * with the one command invoked. The man pages and the completion script are generated from this
 * class (cli/pom.xml), so they document the same tree.
 */
@Command(
    subcommands = {
      CheckCommand.class,
      HostCommand.class,
      KernelCommand.class,
      AutoComplete.GenerateCompletion.class
    })
final class AllCommands extends Main {
  AllCommands(
      PrintStream out,
      PrintStream err,
      Map<String, String> env,
      Function<ProbeOptions, HostProbe> probes,
      boolean terminal) {
    super(out, err, env, probes, terminal);
  }

  /** For picocli's build-time tools (man pages, completion), which instantiate it themselves. */
  AllCommands() {
    super();
  }
}
