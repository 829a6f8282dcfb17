package dev.canirundocker.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The class lists added to the training runs' for the runtime's class-data archive name classes
 * that exist (and lambdas of classes that exist): a renamed or removed class would leave its line
 * to a dump-time warning, and the archive without the class it was meant to hold.
 */
class ClassListSupplementTest {
  @Test
  void everyListedClassExists() throws Exception {
    List<String> classes = new ArrayList<>();
    try (var files = Files.list(Path.of("src/main/jlink"))) {
      for (Path f : files.filter(p -> p.toString().endsWith(".classlist")).toList()) {
        for (String line : Files.readAllLines(f)) {
          if (line.startsWith("@lambda-proxy ")) {
            classes.add(line.split(" ")[1]); // the class whose call site makes the lambda
          } else if (!line.isBlank() && !line.startsWith("#") && !line.startsWith("@")) {
            classes.add(line.trim());
          }
        }
      }
    }
    assertFalse(classes.isEmpty());
    for (String c : classes) {
      // the class list's names use '/'; each must load without being initialized
      Class.forName(c.replace('/', '.'), false, ClassListSupplementTest.class.getClassLoader());
    }
  }
}
