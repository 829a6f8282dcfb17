package dev.canirundocker.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** A run builds only the command it invokes; the whole tree (AllCommands) stays the same list. */
class CommandTreeTest {
  @Test
  void allCommandsListsMainsCommandsInOrder() {
    CommandLine all = new CommandLine(new AllCommands());
    assertEquals(List.of(Main.COMMANDS), new ArrayList<>(all.getSubcommands().keySet()));
    for (String name : Main.COMMANDS) {
      assertEquals(
          all.getSubcommands().get(name).getCommand().getClass(),
          Main.command(name).getClass(),
          name);
    }
  }

  @Test
  void findsTheInvokedCommand() {
    CommandLine.Model.CommandSpec main = new CommandLine(new Main()).getCommandSpec();
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
