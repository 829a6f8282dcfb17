package dev.canirundocker.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * {@link Digest} against go-digest digest_test.go TestParseDigest (every row) and the OCI
 * image-spec descriptor.md examples. Where go-digest refuses an algorithm it has not registered
 * ({@code ErrDigestUnsupported}), the image-spec says implementations SHOULD let a digest that fits
 * the grammar pass: those rows parse here, as an unknown algorithm.
 */
class DigestTest {
  static final String SHA384 =
      "d3fc7881460b7e22e3d172954463dddd7866d17597e7248453c48b3e9d26d9596bf9c4a9cf8072c9d5bad76e19af801d";
  static final String FORMAT = "invalid checksum digest format";
  static final String LENGTH = "invalid checksum digest length";

  /** input, algorithm (or the error), encoded, known algorithm. */
  static final String[][] PARSE = {
    {
      "sha256:e58fcf7418d4390dec8e8fb69d88c06ec07039d651fedd3aa72af9972e7d046b",
      "sha256",
      "e58fcf7418d4390dec8e8fb69d88c06ec07039d651fedd3aa72af9972e7d046b",
      "known"
    },
    {"sha384:" + SHA384, "sha384", SHA384, "known"},
    {"", FORMAT},
    {"     ", FORMAT},
    {"sha256:", FORMAT},
    {"sha256:" + " ".repeat(64), FORMAT},
    {":", FORMAT},
    {"d41d8cd98f00b204e9800998ecf8427e", FORMAT},
    {"sha256:d41d8cd98f00b204e9800m98ecf8427e", LENGTH},
    {"sha256:abcdef0123456789", LENGTH},
    {"sha512:abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789", LENGTH},
    // go-digest: unsupported; the grammar admits it
    {"foo:d41d8cd98f00b204e9800998ecf8427e", "foo", "d41d8cd98f00b204e9800998ecf8427e", "unknown"},
    {"sha384__foo+bar:" + SHA384, FORMAT},
    {"sha384.foo+bar:" + SHA384, "sha384.foo+bar", SHA384, "unknown"},
    {"sha384_foo+bar:" + SHA384, "sha384_foo+bar", SHA384, "unknown"},
    {
      "sha256+b64:LCa0a2j_xo_5m0U8HTBBNBNCLXBkg7-g-YpeiGJm564",
      "sha256+b64",
      "LCa0a2j_xo_5m0U8HTBBNBNCLXBkg7-g-YpeiGJm564",
      "unknown"
    },
    {"sha256:E58FCF7418D4390DEC8E8FB69D88C06EC07039D651FEDD3AA72AF9972E7D046B", FORMAT},
    // image-spec descriptor.md: the registered algorithms and their lengths
    {"sha512:" + "4".repeat(128), "sha512", "4".repeat(128), "known"},
    {
      "blake3:6c3c624b58dbbcd3c0dd82b4c53f04194d1247c6eebdaab7c610cf7d66709b3b",
      "blake3",
      "6c3c624b58dbbcd3c0dd82b4c53f04194d1247c6eebdaab7c610cf7d66709b3b",
      "known"
    },
    {"blake3:" + "a".repeat(128), LENGTH},
    {
      "multihash+base58:QmRZxt2b1FVZPNqd8hsiykDL3TdBDeTSPX9Kv46HmX4Gx8",
      "multihash+base58",
      "QmRZxt2b1FVZPNqd8hsiykDL3TdBDeTSPX9Kv46HmX4Gx8",
      "unknown"
    },
    {"SHA256:" + "a".repeat(64), FORMAT},
    {"sha256:../../etc/passwd", FORMAT},
  };

  @Test
  void parse() {
    for (String[] r : PARSE) {
      if (r.length == 2) {
        InvalidDigestException e =
            assertThrows(InvalidDigestException.class, () -> Digest.parse(r[0]), r[0]);
        assertEquals(r[1], e.reason(), r[0]);
        assertEquals(r[0], e.getInvalidDigest());
        assertEquals("invalid digest '" + r[0] + "': " + r[1], e.getMessage());
        assertFalse(Digest.isValid(r[0]), r[0]);
        continue;
      }
      Digest d = Digest.parse(r[0]);
      assertEquals(r[1], d.algorithm(), r[0]);
      assertEquals(r[2], d.encoded(), r[0]);
      assertEquals(r[3].equals("known"), d.isKnownAlgorithm(), r[0]);
      assertEquals(r[0], d.toString());
      assertEquals(d, Digest.of(r[1], r[2]));
      assertTrue(Digest.isValid(r[0]));
    }
  }

  @Test
  void blobPathIsTheLayoutsPlace() {
    String hex = "5b0bcabd1ed22e9fb1310cf6c2dec7cdef19f0ad69efa1f392e94a4333501270";
    assertEquals("blobs/sha256/" + hex, Digest.parse("sha256:" + hex).blobPath());
    assertEquals(Digest.parse("sha256:" + hex), Digest.sha256(hex.toUpperCase()));
  }
}
