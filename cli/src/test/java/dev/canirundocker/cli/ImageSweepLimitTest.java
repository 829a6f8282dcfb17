package dev.canirundocker.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.canirundocker.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code check --all} judges at most {@code --max-images} distinct images (default 1000) and says
 * on stderr when the daemon listed more: a daemon that lists a huge number of images within the
 * body cap cannot hold the sweep for minutes.
 */
class ImageSweepLimitTest {
  @TempDir Path tmp;

  /** A daemon on a unix socket listing {@code n} amd64 images, counting the inspects. */
  private static ServerSocketChannel daemon(Path sock, int n, AtomicInteger inspects)
      throws IOException {
    ServerSocketChannel s = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    s.bind(UnixDomainSocketAddress.of(sock));
    List<Object> list = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      list.add(
          Map.of(
              "Id",
              id(i),
              "RepoTags",
              List.of("cird-test-daemon/sweep:" + i),
              "RepoDigests",
              List.of(),
              "Created",
              1L,
              "Size",
              1L));
    }
    String images = Json.compact(list);
    Thread t =
        new Thread(
            () -> {
              while (s.isOpen()) {
                try {
                  SocketChannel ch = s.accept();
                  Thread c = new Thread(() -> serve(ch, images, inspects));
                  c.setDaemon(true);
                  c.start();
                } catch (IOException e) {
                  return;
                }
              }
            });
    t.setDaemon(true);
    t.start();
    return s;
  }

  private static String id(int i) {
    return "sha256:" + String.format("%064x", i + 1);
  }

  private static void serve(SocketChannel ch, String images, AtomicInteger inspects) {
    try (ch) {
      while (true) {
        String head = head(ch);
        if (head.isEmpty()) {
          return;
        }
        String target = head.substring(4, head.indexOf(' ', 4));
        String body;
        String extra = "";
        if (target.equals("/_ping")) {
          body = "OK";
          extra = "Api-Version: 1.41\r\n";
        } else if (target.endsWith("/version")) {
          body =
              "{\"Version\":\"20.10.24\",\"ApiVersion\":\"1.41\",\"Os\":\"linux\",\"Arch\":\"amd64\"}";
        } else if (target.endsWith("/info")) {
          body = "{\"OSType\":\"linux\",\"Architecture\":\"x86_64\",\"Driver\":\"overlay2\"}";
        } else if (target.endsWith("/images/json")) {
          body = images;
        } else {
          inspects.incrementAndGet();
          String name =
              target.substring(target.indexOf("/images/") + 8, target.lastIndexOf("/json"));
          body =
              "{\"Id\":\""
                  + id(Integer.parseInt(name.substring(name.lastIndexOf(':') + 1)))
                  + "\",\"RepoTags\":[\""
                  + name
                  + "\"],\"Os\":\"linux\",\"Architecture\":\"amd64\","
                  + "\"Config\":{}}";
        }
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        String r =
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                + extra
                + "Content-Length: "
                + b.length
                + "\r\n\r\n"
                + body;
        ByteBuffer bb = ByteBuffer.wrap(r.getBytes(StandardCharsets.UTF_8));
        while (bb.hasRemaining()) {
          ch.write(bb);
        }
      }
    } catch (IOException | RuntimeException e) {
      // the client went away
    }
  }

  private static String head(SocketChannel ch) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteBuffer one = ByteBuffer.allocate(1);
    while (!out.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
      one.clear();
      if (ch.read(one) < 0) {
        return "";
      }
      out.write(one.get(0));
    }
    return out.toString(StandardCharsets.ISO_8859_1);
  }

  @Test
  void theSweepStopsAtTheLimitAndSaysSo() throws Exception {
    Path host =
        Files.writeString(
            tmp.resolve("host.json"),
            dev.canirundocker.testing.Hosts.linux().arch("amd64").build().toJsonString());
    Path sock = tmp.resolve("d.sock");
    AtomicInteger inspects = new AtomicInteger();
    try (ServerSocketChannel s = daemon(sock, 5, inspects)) {
      MainTest.Run r =
          HostileInputTest.run(
              "check",
              "--all",
              "--max-images",
              "2",
              "--json",
              "--host-profile",
              host.toString(),
              "--docker-host",
              "unix://" + sock);
      assertEquals(
          "can-i-run-docker: check --all: the daemon lists 5 images; judging the first 2"
              + " (--max-images to raise the limit)\n",
          r.err());
      assertEquals(2, inspects.get());
      Map<String, Object> doc = Json.parseObject(r.out());
      assertEquals(2, ((List<?>) doc.get("results")).size(), r.out());
      inspects.set(0);
      MainTest.Run all =
          HostileInputTest.run(
              "check",
              "--all",
              "--json",
              "--host-profile",
              host.toString(),
              "--docker-host",
              "unix://" + sock);
      assertEquals("", all.err());
      assertEquals(5, inspects.get());
    }
    MainTest.Run bad =
        HostileInputTest.run(
            "check", "--all", "--max-images", "0", "--host-profile", host.toString());
    assertEquals(2, bad.code());
    assertTrue(
        bad.err()
            .startsWith(
                "can-i-run-docker: check: --max-images: expected a positive"
                    + " number of images, got 0\n"),
        bad.err());
  }
}
