package dev.canirundocker.elf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ShebangTest {

  private static Optional<Shebang> parse(String s) {
    return Shebang.parse(s.getBytes(StandardCharsets.ISO_8859_1));
  }

  private static String fail(String s) {
    return assertThrows(InvalidShebangException.class, () -> parse(s)).getMessage();
  }

  @Test
  void interpreterAndOneUnsplitArgument() {
    assertEquals(Optional.of(new Shebang("/bin/sh", null)), parse("#!/bin/sh\necho hi\n"));
    assertEquals(
        Optional.of(new Shebang("/usr/bin/env", "python3 -u")),
        parse("#! \t/usr/bin/env  python3 -u \t\nprint()\n"));
    assertEquals(Optional.of(new Shebang("/bin/bash", "-e")), parse("#!/bin/bash\t-e"));
    assertEquals("#!/usr/bin/env python3 -u", new Shebang("/usr/bin/env", "python3 -u").toString());
  }

  @Test
  void carriageReturnIsPartOfTheName() {
    // a CRLF script: the kernel looks for "/bin/sh\r" (fs/binfmt_script.c splits on space/tab only)
    assertEquals(Optional.of(new Shebang("/bin/sh\r", null)), parse("#!/bin/sh\r\necho hi\r\n"));
  }

  @Test
  void notAScript() {
    assertEquals(Optional.empty(), parse("\u007fELF"));
    assertEquals(Optional.empty(), parse("#"));
    assertEquals(Optional.empty(), parse("# !/bin/sh\n"));
    assertEquals(Optional.empty(), Shebang.parse(new byte[0]));
    assertEquals(Optional.empty(), Shebang.parse(null));
  }

  @Test
  void refusedByTheKernel() {
    assertEquals("invalid #! line: no interpreter named", fail("#!   \nexit 0\n"));
    assertEquals("invalid #! line: no interpreter named", fail("#!"));
    assertEquals(
        "invalid #! line: only spaces in the first 256 bytes", fail("#!" + " ".repeat(300)));
    assertEquals(
        "invalid #! line: interpreter path longer than the kernel's 256-byte buffer",
        fail("#!/" + "a".repeat(300)));
  }

  @Test
  void argumentIsCutAtTheBufferButTheNameIsNot() {
    String arg = "x".repeat(400);
    Shebang s = parse("#!/bin/sh " + arg).orElseThrow();
    assertEquals("/bin/sh", s.interpreter());
    assertEquals("x".repeat(255 - "#!/bin/sh ".length()), s.argument());
  }

  @Test
  void nulEndsTheLine() {
    assertEquals(Optional.of(new Shebang("/bin/sh", null)), parse("#!/bin/sh\u0000 -x\n"));
  }
}
