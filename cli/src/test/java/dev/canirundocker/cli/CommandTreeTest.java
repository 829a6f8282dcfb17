package dev.canirundocker.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.canirundocker.host.LiveHostProbe;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** A run builds only the command it invokes; the whole tree (Commands.all) lists every command. */
class CommandTreeTest {
  static Main main() {
    return new Main(System.out, System.err, java.util.Map.of(), LiveHostProbe::new, false);
  }

  @Test
  void allCommandsListsMainsCommandsInOrder() {
    CommandLine all = Commands.all(main());
    assertEquals(List.of(Main.COMMANDS), new ArrayList<>(all.getSubcommands().keySet()));
    for (String name : Main.COMMANDS) {
      assertEquals(
          all.getSubcommands().get(name).getCommand().getClass(),
          Commands.command(name, main()).getCommand().getClass(),
          name);
    }
  }

  @Test
  void aRunBuildsOnlyTheInvokedCommand() {
    assertEquals(
        List.of(),
        new ArrayList<>(
            Commands.forRun(main(), new String[] {"--json"}).getSubcommands().keySet()));
    assertEquals(
        List.of("check"),
        new ArrayList<>(
            Commands.forRun(main(), new String[] {"-q", "check", "--all"})
                .getSubcommands()
                .keySet()));
  }

  @Test
  void findsTheInvokedCommand() {
    CommandLine.Model.CommandSpec main = Specs.main(main());
    String[][] cases = {
      {null},
      {null, "-V"},
      {null, "--json", "-q"},
      {null, "--host-profile", "check"},
      {"host", "--host-profile=check", "host", "--json"},
      {"check", "--timeout", "5", "check", "--all"},
      {"kernel", "kernel", "--help"},
      {"check", "-vq", "check", "alpine"},
      {"*", "--help"},
      {"*", "-h", "check"},
      {"*", "chek"},
      {"*", "generate-completion"},
      {"*", "--", "check"}
    };
    for (String[] c : cases) {
      String[] args = java.util.Arrays.copyOfRange(c, 1, c.length);
      assertEquals(c[0], Main.invoked(main, args), String.join(" ", args));
    }
  }
}
