package dev.canirundocker.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.codegen.docgen.manpage.ManPageGenerator;

/**
 * The command model users meet, pinned whole: every command's --help, the AsciiDoc man page of each
 * command and the bash completion script, against golden files. The golden files were written from
 * the annotated model before the commands became programmatic specs ({@link Specs}), so this test
 * is the proof that the programmatic model is the same; a change of an option's text shows here
 * first (rewrite the files with {@code -Dcird.golden.write=true} and read the diff). One change was
 * meant: the subcommands have the version provider too ({@code check -V} printed an empty line), so
 * their man pages name the version as the main page does.
 */
class CommandModelTest {
  static final Path GOLDEN = Path.of("src/test/resources/golden/commands");

  static void golden(String name, String output) throws IOException {
    // the version changes with every release; the files do not
    String actual = output.replace(BuildVersion.VERSION, "@VERSION@");
    Path f = GOLDEN.resolve(name);
    if (Boolean.getBoolean("cird.golden.write")) {
      Files.createDirectories(GOLDEN);
      Files.writeString(f, actual, StandardCharsets.UTF_8);
    }
    assertEquals(Files.readString(f, StandardCharsets.UTF_8), actual, name);
  }

  @Test
  void helpOfEveryCommandIsTheGoldenOne() throws IOException {
    for (String c : List.of("", "check", "host", "kernel", "generate-completion")) {
      MainTest.Run r = c.isEmpty() ? UsabilityTest.run("--help") : UsabilityTest.run(c, "-h");
      assertEquals(0, r.code(), r.err());
      golden("help" + (c.isEmpty() ? "" : "-" + c) + ".txt", r.out());
    }
  }

  @Test
  void manPagesAreTheGoldenOnes() throws IOException {
    List<CommandSpec> specs = new ArrayList<>();
    specs.add(DocGen.tree().getCommandSpec());
    for (CommandLine sub : DocGen.tree().getSubcommands().values()) {
      specs.add(sub.getCommandSpec());
    }
    for (CommandSpec s : specs) {
      StringWriter w = new StringWriter();
      try (PrintWriter pw = new PrintWriter(w)) {
        ManPageGenerator.writeSingleManPage(pw, s);
      }
      golden("man-" + s.qualifiedName("-") + ".adoc", w.toString());
    }
  }

  @Test
  void completionScriptIsTheGoldenOne() throws IOException {
    golden("completion.bash", AutoComplete.bash("can-i-run-docker", DocGen.tree()));
  }

  @Test
  void versionIsTheBuildVersion() {
    MainTest.Run r = UsabilityTest.run("-V");
    assertEquals(
        "can-i-run-docker "
            + BuildVersion.VERSION
            + "\nJava "
            + System.getProperty("java.version")
            + " ("
            + System.getProperty("java.vm.name")
            + ")\n",
        r.out());
  }
}
