package dev.canirundocker.daemon;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;

/** The HTTP response parser, for the fuzz targets in another package. */
public final class HttpResponses {
  private HttpResponses() {}

  /**
   * Parses a response (interim 1xx responses, head, body framing) and reads its body to the end, at
   * most 1 MiB; a second response after it too, as on a kept-alive connection.
   *
   * @throws IOException the parser's documented failures: a malformed response, or an early end
   */
  public static void parseTwice(byte[] raw) throws IOException {
    InputStream in = new java.io.BufferedInputStream(new ByteArrayInputStream(raw));
    for (int i = 0; i < 2; i++) {
      DaemonHttp.Response r = DaemonHttp.readResponse(in, true);
      DaemonHttp.readAll(r.body(), 1 << 20);
      if (!DaemonHttp.finished(r.body())) {
        return;
      }
    }
  }
}
