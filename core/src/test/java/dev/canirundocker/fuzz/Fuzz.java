package dev.canirundocker.fuzz;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A small, deterministic mutation fuzzer on plain JUnit 5: seeds from {@code
 * src/test/resources/fuzz} are mutated (bit flips, interesting bytes, truncation, insertion,
 * deletion, dictionary tokens, chunk copies; for tars, header checksums are then repaired half the
 * time so the mutation reaches past the checksum check) and each input is handed to a target, which
 * must return or throw the one documented exception with a one-line message, within a timeout,
 * without running out of memory.
 *
 * <p>System properties: {@code cird.fuzz.iterations} (inputs per target; default a brief run sized
 * for {@code mvn verify}), {@code cird.fuzz.seed} (the random seed; a failure names it), {@code
 * cird.fuzz.timeoutSeconds} (per input, default 20: a hang detector, not a timing assertion). A
 * failing input is saved under {@code target/fuzz-failures/}.
 */
final class Fuzz {
  static final long SEED = Long.getLong("cird.fuzz.seed", 0xC1D_F022L);
  static final long TIMEOUT_S = Long.getLong("cird.fuzz.timeoutSeconds", 20);

  /** Where a test's input goes. */
  interface Target {
    void accept(byte[] input) throws Exception;
  }

  private Fuzz() {}

  /** The number of inputs a target gets: {@code cird.fuzz.iterations}, else {@code brief}. */
  static int iterations(int brief) {
    Integer v = Integer.getInteger("cird.fuzz.iterations");
    return v == null ? brief : v;
  }

  static byte[] resource(String name) {
    try (InputStream in = Fuzz.class.getResourceAsStream("/fuzz/" + name)) {
      if (in == null) {
        throw new IllegalStateException("no seed /fuzz/" + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static List<byte[]> tokens(String... s) {
    List<byte[]> l = new ArrayList<>();
    for (String t : s) {
      l.add(t.getBytes(StandardCharsets.ISO_8859_1));
    }
    return l;
  }

  /** A fuzz campaign over one target. */
  static final class Campaign {
    final String name;
    final List<byte[]> seeds = new ArrayList<>();
    final List<byte[]> dict = new ArrayList<>();
    final List<Class<? extends Throwable>> allowed = new ArrayList<>();
    boolean tar;
    int brief = 1000;

    Campaign(String name) {
      this.name = name;
    }

    Campaign seed(byte[]... s) {
      seeds.addAll(List.of(s));
      return this;
    }

    Campaign dict(List<byte[]> d) {
      dict.addAll(d);
      return this;
    }

    Campaign allow(Class<? extends Throwable> c) {
      allowed.add(c);
      return this;
    }

    /** Repair tar header checksums after mutating. */
    Campaign tar() {
      tar = true;
      return this;
    }

    Campaign brief(int n) {
      brief = n;
      return this;
    }

    /** Runs the campaign; returns the number of inputs executed. */
    long run(Target target) {
      int n = iterations(brief);
      Random r = new Random(SEED ^ name.hashCode());
      ExecutorService ex =
          Executors.newSingleThreadExecutor(
              t -> {
                Thread th = new Thread(t, "fuzz-" + name);
                th.setDaemon(true);
                return th;
              });
      long done = 0;
      try {
        for (int i = 0; i < n; i++) {
          byte[] input = i < seeds.size() ? seeds.get(i) : mutate(r);
          Future<?> f =
              ex.submit(
                  () -> {
                    target.accept(input);
                    return null;
                  });
          Throwable problem = null;
          try {
            f.get(TIMEOUT_S, TimeUnit.SECONDS);
          } catch (TimeoutException e) {
            f.cancel(true);
            report(i, input, "did not finish within " + TIMEOUT_S + " s (a hang?)", null);
          } catch (ExecutionException e) {
            problem = e.getCause();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
          }
          if (problem != null) {
            check(i, input, problem);
          }
          done++;
        }
      } finally {
        ex.shutdownNow();
      }
      System.out.printf(
          "fuzz %s: %d inputs (%d seeds), seed %#x, no failures%n",
          name, done, Math.min(seeds.size(), n), SEED);
      return done;
    }

    private void check(int i, byte[] input, Throwable t) {
      for (Class<? extends Throwable> c : allowed) {
        if (c.isInstance(t)) {
          String m = t.getMessage();
          if (m == null || m.isBlank() || m.contains("\n")) {
            report(i, input, "threw " + c.getSimpleName() + " without a one-line message: " + m, t);
          }
          return;
        }
      }
      report(i, input, "threw " + t, t);
    }

    private void report(int i, byte[] input, String what, Throwable t) {
      Path dir = Path.of("target", "fuzz-failures");
      Path file = dir.resolve(name.replaceAll("[^A-Za-z0-9.-]", "_") + "-" + i + ".bin");
      try {
        Files.createDirectories(dir);
        Files.write(file, input);
      } catch (IOException e) {
        file = null;
      }
      StringWriter sw = new StringWriter();
      if (t != null) {
        t.printStackTrace(new PrintWriter(sw));
      }
      fail(
          "fuzz "
              + name
              + ": input "
              + i
              + " (seed "
              + String.format("%#x", SEED)
              + ", saved as "
              + file
              + ") "
              + what
              + "\n"
              + sw);
    }

    private static final byte[] INTERESTING = {
      0,
      (byte) 0xff,
      0x7f,
      (byte) 0x80,
      '0',
      '7',
      '9',
      ' ',
      '/',
      '.',
      '\n',
      '"',
      '\\',
      1,
      (byte) 0xfe,
      '-'
    };

    byte[] mutate(Random r) {
      byte[] b = seeds.get(r.nextInt(seeds.size())).clone();
      int k = 1 + r.nextInt(r.nextInt(4) == 0 ? 16 : 3);
      for (int j = 0; j < k; j++) {
        b = mutateOnce(r, b);
      }
      if (tar && r.nextInt(4) != 0) {
        fixTarChecksums(b);
      }
      return b;
    }

    private byte[] mutateOnce(Random r, byte[] b) {
      int len = b.length;
      switch (r.nextInt(9)) {
        case 0:
          if (len > 0) {
            b[r.nextInt(len)] ^= (byte) (1 << r.nextInt(8));
          }
          return b;
        case 1:
          if (len > 0) {
            b[r.nextInt(len)] = INTERESTING[r.nextInt(INTERESTING.length)];
          }
          return b;
        case 2:
          return java.util.Arrays.copyOf(b, len == 0 ? 0 : r.nextInt(len));
        case 3:
          {
            byte[] ins = new byte[1 + r.nextInt(16)];
            r.nextBytes(ins);
            return insert(b, r.nextInt(len + 1), ins);
          }
        case 4:
          {
            if (len == 0) {
              return b;
            }
            int at = r.nextInt(len);
            int n = Math.min(len - at, 1 + r.nextInt(64));
            byte[] o = new byte[len - n];
            System.arraycopy(b, 0, o, 0, at);
            System.arraycopy(b, at + n, o, at, len - at - n);
            return o;
          }
        case 5:
          return dict.isEmpty()
              ? b
              : insert(b, r.nextInt(len + 1), dict.get(r.nextInt(dict.size())));
        case 6:
          {
            if (dict.isEmpty() || len == 0) {
              return b;
            }
            byte[] t = dict.get(r.nextInt(dict.size()));
            int at = r.nextInt(len);
            System.arraycopy(t, 0, b, at, Math.min(t.length, len - at));
            return b;
          }
        case 7:
          {
            if (len == 0) {
              return b;
            }
            int from = r.nextInt(len);
            int n = Math.min(len - from, 1 + r.nextInt(512));
            byte[] chunk = java.util.Arrays.copyOfRange(b, from, from + n);
            return insert(b, r.nextInt(len + 1), chunk);
          }
        default:
          {
            // splice: the head of this input with the tail of another seed
            byte[] other = seeds.get(r.nextInt(seeds.size()));
            int a = len == 0 ? 0 : r.nextInt(len);
            int c = other.length == 0 ? 0 : r.nextInt(other.length);
            byte[] o = new byte[a + other.length - c];
            System.arraycopy(b, 0, o, 0, a);
            System.arraycopy(other, c, o, a, other.length - c);
            return o;
          }
      }
    }

    private static byte[] insert(byte[] b, int at, byte[] ins) {
      byte[] o = new byte[b.length + ins.length];
      System.arraycopy(b, 0, o, 0, at);
      System.arraycopy(ins, 0, o, at, ins.length);
      System.arraycopy(b, at, o, at + ins.length, b.length - at);
      return o;
    }
  }

  /** Rewrites the checksum of every 512-byte block that carries the ustar magic. */
  static void fixTarChecksums(byte[] b) {
    for (int off = 0; off + 512 <= b.length; off += 512) {
      if (b[off + 257] != 'u' || b[off + 258] != 's' || b[off + 259] != 't') {
        continue;
      }
      long sum = 0;
      for (int i = 0; i < 512; i++) {
        sum += (i >= 148 && i < 156) ? ' ' : b[off + i] & 0xff;
      }
      String s = String.format("%06o", sum & 0777777);
      for (int i = 0; i < 6; i++) {
        b[off + 148 + i] = (byte) s.charAt(i);
      }
      b[off + 154] = 0;
      b[off + 155] = ' ';
    }
  }
}
