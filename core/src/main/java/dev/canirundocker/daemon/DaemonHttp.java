package dev.canirundocker.daemon;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The small HTTP/1.1 client the daemon calls need (RFC 9112): GETs on persistent connections for
 * small answers (a sweep over a thousand images is a thousand requests) and {@code Connection:
 * close} for streams, a bounded status line and header block, and a body framed by Content-Length,
 * chunked transfer coding, or the end of the connection.
 *
 * <p>Why not docker-java's transport: loading it costs hundreds of milliseconds of class loading at
 * start-up, more than the whole preflight may take.
 */
final class DaemonHttp {
  static final int MAX_LINE = 8 * 1024;
  static final int MAX_HEAD = 64 * 1024;
  static final int MAX_HEADERS = 100;

  /** Interim (1xx) responses skipped before the final one, at most. */
  static final int MAX_INTERIM = 16;

  /**
   * The largest chunk accepted, 1 GiB: moby writes a stream in chunks of at most its copy buffer
   * (32 KiB), so a larger size is a broken or hostile peer, and bounding it keeps arithmetic on
   * sizes far from overflow. The body as a whole is bounded by the caller.
   */
  static final long MAX_CHUNK = 1L << 30;

  /** The largest Content-Length body {@link #readAll} allocates up front. */
  private static final long PRESIZED = 1L << 20;

  private DaemonHttp() {}

  /** A response head plus its decoded body stream. Header names are lower case. */
  record Response(int status, Map<String, String> headers, InputStream body, boolean reusable) {
    @Nullable String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }
  }

  /** Thrown for bytes that are not a well-formed HTTP response; mapped to a protocol exception. */
  static class MalformedResponse extends IOException {
    private static final long serialVersionUID = 1L;

    MalformedResponse(String message) {
      super(message);
    }
  }

  /**
   * The connection closed before any byte of an answer: on a kept-alive connection, the daemon
   * closing it between answers rather than a broken answer.
   */
  static final class NoAnswer extends MalformedResponse {
    private static final long serialVersionUID = 1L;

    NoAnswer() {
      super("the connection closed without an answer");
    }
  }

  /**
   * Writes {@code GET target} and reads the response head.
   *
   * @param keepAlive ask to keep the connection for another request; the response says whether it
   *     may be ({@link Response#reusable()}, once its body is read to the end: {@link #finished})
   */
  static Response get(DaemonConnection c, String hostHeader, String target, boolean keepAlive)
      throws IOException {
    StringBuilder req = new StringBuilder();
    request(req, hostHeader, target, keepAlive);
    c.out().write(req.toString().getBytes(StandardCharsets.US_ASCII));
    c.out().flush();
    return readResponse(c.buffered(), keepAlive);
  }

  /** Appends the request head of {@code GET target} to {@code req}. */
  static void request(StringBuilder req, String hostHeader, String target, boolean keepAlive) {
    req.append("GET ")
        .append(target)
        .append(" HTTP/1.1\r\nHost: ")
        .append(hostHeader)
        .append("\r\nUser-Agent: can-i-run-docker\r\nAccept: application/json, */*\r\n")
        .append(keepAlive ? "\r\n" : "Connection: close\r\n\r\n");
  }

  /**
   * Reads a response head from {@code in}: pure apart from the stream, so that fuzzing and tests
   * reach it without a connection. Interim 1xx responses (100 Continue, 102, 103 Early Hints) are
   * read and dropped: RFC 9110 section 15.2 says a client must parse them even when it did not ask
   * for one; at most {@link #MAX_INTERIM} of them, within the one {@link #MAX_HEAD} budget. A 101
   * (Switching Protocols) answers an upgrade this client never asks for: a protocol error.
   */
  static Response readResponse(InputStream in, boolean keepAlive) throws IOException {
    int[] headBytes = {0};
    for (int interim = 0; ; interim++) {
      Response r = readHead(in, headBytes, keepAlive);
      if (r.status() >= 200 || r.status() < 100) {
        return r;
      }
      if (r.status() == 101) {
        throw new MalformedResponse("unexpected 101 Switching Protocols");
      }
      if (interim >= MAX_INTERIM) {
        throw new MalformedResponse("more than " + MAX_INTERIM + " interim 1xx responses");
      }
    }
  }

  private static Response readHead(InputStream in, int[] headBytes, boolean keepAlive)
      throws IOException {
    String statusLine = readLine(in, headBytes, headBytes[0] == 0);
    if (statusLine == null) {
      if (headBytes[0] == 0) {
        throw new NoAnswer();
      }
      throw new MalformedResponse("the connection closed after an interim response");
    }
    int status = parseStatus(statusLine);
    Map<String, String> headers = new LinkedHashMap<>();
    while (true) {
      String line = readLine(in, headBytes, false);
      if (line == null) {
        throw new MalformedResponse("the connection closed inside the response headers");
      }
      if (line.isEmpty()) {
        break;
      }
      int colon = line.indexOf(':');
      if (colon <= 0) {
        throw new MalformedResponse("malformed header line '" + printable(line) + "'");
      }
      if (headers.size() >= MAX_HEADERS) {
        throw new MalformedResponse("more than " + MAX_HEADERS + " headers");
      }
      String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
      String value = line.substring(colon + 1).trim();
      headers.merge(name, value, (a, b) -> a + ", " + b);
    }
    if (status < 200 && status >= 100) {
      // an interim response has no body (RFC 9110 section 15.2)
      return new Response(status, Map.copyOf(headers), new FixedBody(in, 0), false);
    }
    InputStream body;
    String te = headers.get("transfer-encoding");
    String cl = headers.get("content-length");
    if (te != null && te.toLowerCase(Locale.ROOT).contains("chunked")) {
      body = new ChunkedBody(in);
    } else if (cl != null) {
      // RFC 9110 section 8.6: Content-Length = 1*DIGIT; Long.parseLong would also take "+5"
      String digits = cl.trim();
      if (digits.length() > 18 || !asciiDigits(digits, 10)) {
        throw new MalformedResponse("invalid Content-Length '" + printable(cl) + "'");
      }
      long len = Long.parseLong(digits);
      body = new FixedBody(in, len);
    } else if (status == 204 || status == 304) {
      body = new FixedBody(in, 0);
    } else {
      body = in; // until the connection closes (Connection: close)
    }
    String conn = headers.get("connection");
    boolean reusable =
        keepAlive
            && body != in
            && !statusLine.startsWith("HTTP/1.0")
            && (conn == null || !conn.toLowerCase(Locale.ROOT).contains("close"));
    return new Response(status, Map.copyOf(headers), body, reusable);
  }

  /** Whether a body was read to its end, leaving the connection at the next response. */
  static boolean finished(InputStream body) {
    if (body instanceof FixedBody) {
      return ((FixedBody) body).left == 0;
    }
    if (body instanceof ChunkedBody) {
      return ((ChunkedBody) body).done;
    }
    return false;
  }

  static int parseStatus(String line) throws MalformedResponse {
    // "HTTP/1.1 200 OK"; the reason phrase may be empty
    if (!line.startsWith("HTTP/1.") || line.length() < 12 || line.charAt(8) != ' ') {
      throw new MalformedResponse("not an HTTP response: it starts with '" + printable(line) + "'");
    }
    String code = line.substring(9, 12);
    if (!asciiDigits(code, 10) || (line.length() > 12 && line.charAt(12) != ' ')) {
      throw new MalformedResponse("malformed HTTP status line '" + printable(line) + "'");
    }
    return Integer.parseInt(code);
  }

  /** Reads a CRLF- (or LF-) terminated line, bounded; null at end of stream before any byte. */
  static @Nullable String readLine(InputStream in, int[] total, boolean first) throws IOException {
    LineBytes b = new LineBytes();
    while (true) {
      int c = in.read();
      if (c < 0) {
        if (b.size() == 0) {
          return null;
        }
        if (first) {
          // a peer that writes garbage and closes: show what it wrote
          throw new MalformedResponse(
              "not an HTTP response: it starts with '" + printable(b.text()) + "'");
        }
        throw new EOFException("the connection closed inside a line");
      }
      if (++total[0] > MAX_HEAD) {
        throw new MalformedResponse("response head longer than " + MAX_HEAD + " bytes");
      }
      if (c == '\n') {
        String s = b.text();
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
      }
      if (first && b.size() == 0 && c != 'H') {
        // not HTTP: fail now rather than waiting for a newline that may never come
        // (up to a newline, 40 bytes, the end of the stream, or a pause), to show what came
        b.write(c);
        try {
          while (b.size() < 41) {
            int d = in.read();
            if (d < 0 || d == '\n') {
              break;
            }
            b.write(d);
          }
        } catch (java.net.SocketTimeoutException e) {
          // a pause after garbage: what we have is enough to say it is not HTTP
        }
        String shown = b.text();
        shown = shown.endsWith("\r") ? shown.substring(0, shown.length() - 1) : shown;
        throw new MalformedResponse(
            "not an HTTP response: it starts with '" + printable(shown) + "'");
      }
      b.write(c);
      if (b.size() > MAX_LINE) {
        throw new MalformedResponse("response line longer than " + MAX_LINE + " bytes");
      }
    }
  }

  /**
   * A line's bytes as {@link ByteArrayOutputStream} keeps them, without its lock: every byte of
   * every response head passes here. Bounded by the caller ({@link #MAX_LINE}).
   */
  private static final class LineBytes {
    private byte[] bytes = new byte[128];
    private int n;

    void write(int c) {
      if (n == bytes.length) {
        bytes = java.util.Arrays.copyOf(bytes, n * 2);
      }
      bytes[n++] = (byte) c;
    }

    int size() {
      return n;
    }

    /** The bytes as ISO-8859-1 text (one char per byte, as a head is read). */
    String text() {
      return new String(bytes, 0, n, StandardCharsets.ISO_8859_1);
    }
  }

  /**
   * Whether {@code s} is one or more ASCII digits of {@code radix} (10: {@code [0-9]}, 16: {@code
   * [0-9a-fA-F]}). A loop, not {@link String#matches}: that compiles its pattern on every call, and
   * every response's length (and every chunk's) passes here.
   */
  static boolean asciiDigits(String s, int radix) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= 0x80 || Character.digit(c, radix) < 0) {
        return false;
      }
    }
    return true;
  }

  /** At most 40 characters, control and non-ASCII characters escaped. */
  static String printable(String s) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < s.length() && b.length() < 40; i++) {
      char c = s.charAt(i);
      if (c >= 0x20 && c < 0x7f) {
        b.append(c);
      } else {
        b.append(String.format(java.util.Locale.ROOT, "\\x%02x", (int) c & 0xff));
      }
    }
    if (b.length() >= 40 && s.length() > 40) {
      b.append("...");
    }
    return b.toString();
  }

  /** Reads a whole body, failing past {@code max} bytes. */
  static byte[] readAll(InputStream body, long max) throws IOException {
    if (body instanceof FixedBody f && f.left <= max && f.left <= PRESIZED) {
      // a small length said up front and within the limit: read into an array of that size, not
      // through a 16 KiB buffer and a growing copy per answer (a sweep reads a thousand small
      // ones); a larger one grows as it comes, so a length the daemon claims costs nothing unsent
      byte[] all = new byte[(int) f.left];
      int at = 0;
      while (at < all.length) {
        at += f.read(all, at, all.length - at); // FixedBody throws at an early end, never -1 here
      }
      return all;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[16 * 1024];
    while (true) {
      int n = body.read(buf);
      if (n < 0) {
        return out.toByteArray();
      }
      if (out.size() + (long) n > max) {
        throw new MalformedResponse("response body larger than " + max + " bytes");
      }
      out.write(buf, 0, n);
    }
  }

  /** A Content-Length body; an early end of stream is an error, not a short body. */
  static final class FixedBody extends dev.canirundocker.io.BlockInputStream {
    private final InputStream in;
    private final long length;
    private long left;

    FixedBody(InputStream in, long length) {
      this.in = in;
      this.length = length;
      this.left = length;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (left == 0) {
        return -1;
      }
      if (len == 0) {
        return 0;
      }
      int n = in.read(b, off, (int) Math.min(len, left));
      if (n < 0) {
        throw new EOFException(
            "the connection closed after " + (length - left) + " of " + length + " body bytes");
      }
      left -= n;
      return n;
    }
  }

  /** Chunked transfer coding (RFC 9112 section 7.1); trailers are read and dropped. */
  static final class ChunkedBody extends dev.canirundocker.io.BlockInputStream {
    private final InputStream in;
    private long chunkLeft;
    private boolean done;
    private final int[] lineBytes = {0};

    ChunkedBody(InputStream in) {
      this.in = in;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (done) {
        return -1;
      }
      if (len == 0) {
        return 0;
      }
      if (chunkLeft == 0) {
        lineBytes[0] = 0;
        String line = readLine(in, lineBytes, false);
        if (line == null) {
          throw new EOFException("the connection closed inside a chunked body");
        }
        int semi = line.indexOf(';');
        String hex = (semi >= 0 ? line.substring(0, semi) : line).trim();
        // RFC 9112 section 7.1: chunk-size = 1*HEXDIG; Long.parseLong would take "-5" and "+5".
        // Leading zeros are allowed; the value must fit the largest chunk taken, MAX_CHUNK.
        int zeros = 0;
        while (zeros < hex.length() - 1 && hex.charAt(zeros) == '0') {
          zeros++;
        }
        String digits = hex.substring(zeros);
        boolean isHex = asciiDigits(hex, 16);
        if (!isHex || digits.length() > 15 || Long.parseLong(digits, 16) > MAX_CHUNK) {
          throw new MalformedResponse(
              "invalid chunk size '"
                  + printable(line)
                  + "'"
                  + (isHex ? " (larger than " + MAX_CHUNK + " bytes)" : ""));
        }
        chunkLeft = Long.parseLong(digits, 16);
        if (chunkLeft == 0) {
          while (true) { // trailers up to the empty line
            lineBytes[0] = 0;
            String t = readLine(in, lineBytes, false);
            if (t == null || t.isEmpty()) {
              break;
            }
          }
          done = true;
          return -1;
        }
      }
      int n = in.read(b, off, (int) Math.min(len, chunkLeft));
      if (n < 0) {
        throw new EOFException("the connection closed inside a chunk");
      }
      chunkLeft -= n;
      if (chunkLeft == 0) {
        int cr = in.read();
        int lf = cr == '\r' ? in.read() : cr;
        if (lf != '\n') {
          throw new MalformedResponse("chunk not followed by CRLF");
        }
      }
      return n;
    }
  }
}
