package dev.canirundocker.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.canirundocker.host.HostProfile;
import dev.canirundocker.host.InvalidHostProfileException;
import dev.canirundocker.host.linux.Binfmt;
import dev.canirundocker.host.linux.LinuxReadException;
import dev.canirundocker.image.ImageArchive;
import dev.canirundocker.image.ImageArchiveException;
import dev.canirundocker.platform.InvalidPlatformException;
import dev.canirundocker.platform.Platform;
import dev.canirundocker.testing.TestTar;
import dev.canirundocker.text.Text;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Regressions found by the fuzzer (ParserFuzzTest): messages quoted hostile input verbatim, so a
 * newline in a tar entry name, a platform string or a JSON value broke the one-line contract, and
 * an escape sequence would have reached the user's terminal.
 */
class OneLineMessagesTest {
  @Test
  void escapesControlCharactersAndKeepsTheRest() {
    assertEquals(
        "a\\nb\\r\\tc \\x1b[2J \\x00 \\x7f \\x9b ok é 日本 \\u202e \\u2028",
        Text.oneLine("a\nb\r\tc \u001b[2J \u0000 \u007f \u009b ok é 日本 \u202e \u2028"));
    String plain = "archive x.tar: empty file";
    assertEquals(plain, Text.oneLine(plain));
    assertNull(Text.oneLine(null));
  }

  @Test
  void tarEntryNameWithANewlineAndAnEscapeSequence() {
    byte[] tar =
        new TestTar()
            .file("/sh\n\u001b]0;owned\u0007/x", "x".getBytes(StandardCharsets.UTF_8))
            .finish()
            .bytes();
    ImageArchiveException e =
        assertThrows(
            ImageArchiveException.class,
            () -> ImageArchive.readStream(new ByteArrayInputStream(tar), "s"));
    assertEquals(
        "archive s: entry '/sh\\n\\x1b]0;owned\\x07/x' has an absolute name", e.getMessage());
  }

  @Test
  void platformWithANewline() {
    InvalidPlatformException e =
        assertThrows(InvalidPlatformException.class, () -> Platform.parse("lin\nx/pprm64"));
    assertEquals(
        "invalid platform 'lin\\nx/pprm64': 'lin\\nx' has characters a platform cannot have",
        e.getMessage());
  }

  @Test
  void hostProfileValueWithANewline() {
    InvalidHostProfileException e =
        assertThrows(
            InvalidHostProfileException.class,
            () ->
                HostProfile.parse(
                    "{\"schemaVersion\":1,\"platform\":\"linux/amd64\","
                        + "\"execProbes\":[{\"platform\":\"linux/arm64\",\"outcome\":\"r\\n\"}]}"));
    assertEquals("unknown exec probe outcome 'r\\n'", e.getMessage());
  }

  @Test
  void binfmtLineWithAnEscapeSequence() {
    LinuxReadException e =
        assertThrows(
            LinuxReadException.class,
            () -> Binfmt.parseBinfmtEntry("q\u001b[31m", List.of("maybe")));
    assertEquals(
        "binfmt_misc entry 'q\\x1b[31m' line 1: expected 'enabled' or 'disabled', got 'maybe'",
        e.getMessage());
  }
}
