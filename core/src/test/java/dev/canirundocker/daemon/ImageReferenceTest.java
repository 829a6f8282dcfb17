package dev.canirundocker.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.canirundocker.image.Digest;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * {@link ImageReference} against the tables of distribution/reference (reference_test.go
 * TestReferenceParse, TestDomainAndPath, TestParseNamed; normalize_test.go
 * TestValidateReferenceName, TestValidateRemoteName, TestParseRepositoryInfo,
 * TestParseReferenceWithTagAndDigest, TestInvalidReferenceComponents, TestParseAnyReference,
 * TestNormalizedSplitHostname, TestParseDockerRef), every row. Upstream errors are matched by their
 * text (reference.go {@code Err*}, go-digest digest.go {@code ErrDigest*}).
 */
class ImageReferenceTest {
  static final String F64 = "f".repeat(64);
  static final String EMPTY = "empty";
  static final String FORMAT = "invalid reference format";
  static final String UPPER = "repository name must be lowercase";
  static final String TOO_LONG = "repository name must not be more than 255 characters";
  static final String DIGEST_LENGTH = "invalid checksum digest length";
  static final String DIGEST_UNSUPPORTED = "unsupported digest algorithm";

  /** reference_test.go TestReferenceParse: input, error, repository, domain, tag, digest. */
  record Parse(
      String input, String err, String repository, String domain, String tag, String digest) {
    static Parse ok(String input, String repository, String domain, String tag, String digest) {
      return new Parse(input, null, repository, domain, tag, digest);
    }

    static Parse bad(String input, String err) {
      return new Parse(input, err, null, null, null, null);
    }
  }

  static final List<Parse> REFERENCE_PARSE =
      List.of(
          Parse.ok("test_com", "test_com", "", null, null),
          Parse.ok("test.com:tag", "test.com", "", "tag", null),
          Parse.ok("test.com:5000", "test.com", "", "5000", null),
          Parse.ok("test.com/repo:tag", "test.com/repo", "test.com", "tag", null),
          Parse.ok("test:5000/repo", "test:5000/repo", "test:5000", null, null),
          Parse.ok("test:5000/repo:tag", "test:5000/repo", "test:5000", "tag", null),
          Parse.ok(
              "test:5000/repo@sha256:" + F64, "test:5000/repo", "test:5000", null, "sha256:" + F64),
          Parse.ok(
              "test:5000/repo:tag@sha256:" + F64,
              "test:5000/repo",
              "test:5000",
              "tag",
              "sha256:" + F64),
          Parse.bad("", EMPTY),
          Parse.bad(":justtag", FORMAT),
          Parse.bad("@sha256:" + F64, FORMAT),
          Parse.bad("repo@sha256:" + "f".repeat(34), DIGEST_LENGTH),
          Parse.bad("validname@invaliddigest:" + F64, DIGEST_UNSUPPORTED),
          // upstream's test binary does not link crypto/sha512 and refuses this; the engine links
          // it (go-digest registers sha512 by default), so the engine takes the reference
          Parse.ok(
              "validname@sha512:" + "f".repeat(128),
              "validname",
              "",
              null,
              "sha512:" + "f".repeat(128)),
          Parse.bad("Uppercase:tag", UPPER),
          Parse.bad("test:5000/Uppercase/lowercase:tag", UPPER),
          Parse.ok("lowercase:Uppercase", "lowercase", "", "Uppercase", null),
          Parse.bad("domain/" + "a".repeat(256) + ":tag", TOO_LONG),
          Parse.ok(
              "a/".repeat(127) + "a:tag-puts-this-over-max",
              "a/".repeat(127) + "a",
              "a",
              "tag-puts-this-over-max",
              null),
          Parse.bad("aa/asdf$$^/aa", FORMAT),
          Parse.ok(
              "sub-dom1.foo.com/bar/baz/quux",
              "sub-dom1.foo.com/bar/baz/quux",
              "sub-dom1.foo.com",
              null,
              null),
          Parse.ok(
              "sub-dom1.foo.com/bar/baz/quux:some-long-tag",
              "sub-dom1.foo.com/bar/baz/quux",
              "sub-dom1.foo.com",
              "some-long-tag",
              null),
          Parse.ok(
              "b.gcr.io/test.example.com/my-app:test.example.com",
              "b.gcr.io/test.example.com/my-app",
              "b.gcr.io",
              "test.example.com",
              null),
          Parse.ok(
              "xn--n3h.com/myimage:xn--n3h.com",
              "xn--n3h.com/myimage",
              "xn--n3h.com",
              "xn--n3h.com",
              null),
          Parse.ok(
              "xn--7o8h.com/myimage:xn--7o8h.com@sha256:" + F64,
              "xn--7o8h.com/myimage",
              "xn--7o8h.com",
              "xn--7o8h.com",
              "sha256:" + F64),
          Parse.ok("foo_bar.com:8080", "foo_bar.com", "", "8080", null),
          Parse.ok("foo/foo_bar.com:8080", "foo/foo_bar.com", "foo", "8080", null),
          Parse.ok("192.168.1.1", "192.168.1.1", "", null, null),
          Parse.ok("192.168.1.1:tag", "192.168.1.1", "", "tag", null),
          Parse.ok("192.168.1.1:5000", "192.168.1.1", "", "5000", null),
          Parse.ok("192.168.1.1/repo", "192.168.1.1/repo", "192.168.1.1", null, null),
          Parse.ok(
              "192.168.1.1:5000/repo", "192.168.1.1:5000/repo", "192.168.1.1:5000", null, null),
          Parse.ok(
              "192.168.1.1:5000/repo:5050",
              "192.168.1.1:5000/repo",
              "192.168.1.1:5000",
              "5050",
              null),
          Parse.bad("[2001:db8::1]", FORMAT),
          Parse.bad("[2001:db8::1]:5000", FORMAT),
          Parse.bad("[2001:db8::1]:tag", FORMAT),
          Parse.ok("[2001:db8::1]/repo", "[2001:db8::1]/repo", "[2001:db8::1]", null, null),
          Parse.ok(
              "[2001:db8:1:2:3:4:5:6]/repo:tag",
              "[2001:db8:1:2:3:4:5:6]/repo",
              "[2001:db8:1:2:3:4:5:6]",
              "tag",
              null),
          Parse.ok(
              "[2001:db8::1]:5000/repo",
              "[2001:db8::1]:5000/repo",
              "[2001:db8::1]:5000",
              null,
              null),
          Parse.ok(
              "[2001:db8::1]:5000/repo:tag",
              "[2001:db8::1]:5000/repo",
              "[2001:db8::1]:5000",
              "tag",
              null),
          Parse.ok(
              "[2001:db8::1]:5000/repo@sha256:" + F64,
              "[2001:db8::1]:5000/repo",
              "[2001:db8::1]:5000",
              null,
              "sha256:" + F64),
          Parse.ok(
              "[2001:db8::1]:5000/repo:tag@sha256:" + F64,
              "[2001:db8::1]:5000/repo",
              "[2001:db8::1]:5000",
              "tag",
              "sha256:" + F64),
          Parse.ok(
              "[2001:db8::]:5000/repo", "[2001:db8::]:5000/repo", "[2001:db8::]:5000", null, null),
          Parse.ok("[::1]:5000/repo", "[::1]:5000/repo", "[::1]:5000", null, null),
          Parse.bad("[fe80::1%eth0]:5000/repo", FORMAT),
          Parse.bad("[fe80::1%@invalidzone]:5000/repo", FORMAT),
          Parse.ok(
              "example.com/" + "a".repeat(255) + ":tag",
              "example.com/" + "a".repeat(255),
              "example.com",
              "tag",
              null));

  @Test
  void referenceParse() {
    for (Parse p : REFERENCE_PARSE) {
      if (p.err() != null) {
        InvalidImageReferenceException e =
            assertThrows(
                InvalidImageReferenceException.class,
                () -> ImageReference.parseVerbatim(p.input()),
                p.input());
        assertEquals(p.input(), e.getInvalidReference(), p.input());
        assertTrue(e.getMessage().endsWith("': " + p.err()), p.input() + ": " + e.getMessage());
        continue;
      }
      ImageReference r = ImageReference.parseVerbatim(p.input());
      assertEquals(p.input(), r.toString(), p.input());
      assertEquals(p.repository(), r.name(), p.input());
      assertEquals(p.domain(), r.registry(), p.input());
      assertEquals(Optional.ofNullable(p.tag()), r.tag(), p.input());
      assertEquals(Optional.ofNullable(p.digest()).map(Digest::parse), r.digest(), p.input());
    }
  }

  /** reference_test.go TestDomainAndPath (WithName): input, domain, path. */
  @Test
  void domainAndPath() {
    String[][] rows = {
      {"test.com/foo", "test.com", "foo"},
      {"test_com/foo", "", "test_com/foo"},
      {"test:8080/foo", "test:8080", "foo"},
      {"test.com:8080/foo", "test.com:8080", "foo"},
      {"test-com:8080/foo", "test-com:8080", "foo"},
      {"xn--n3h.com:18080/foo", "xn--n3h.com:18080", "foo"},
    };
    for (String[] r : rows) {
      ImageReference ref = ImageReference.parseVerbatim(r[0]);
      assertEquals(r[1], ref.registry(), r[0]);
      assertEquals(r[2], ref.repository(), r[0]);
    }
  }

  /** reference_test.go TestParseNamed: canonical iff the normalized form reads as the input. */
  @Test
  void parseNamedIsCanonicalOnlyWhenNormalizingChangesNothing() {
    String[][] canonical = {
      {"test.com/foo", "test.com", "foo"},
      {"test:8080/foo", "test:8080", "foo"},
      {"docker.io/library/foo", "docker.io", "library/foo"},
    };
    for (String[] r : canonical) {
      ImageReference ref = ImageReference.parse(r[0]);
      assertEquals(r[0], ref.toString(), r[0]);
      assertEquals(r[1], ref.registry(), r[0]);
      assertEquals(r[2], ref.repository(), r[0]);
    }
    for (String notCanonical :
        List.of("test_com/foo", "test.com", "foo", "library/foo", "docker.io/foo")) {
      assertTrue(!ImageReference.parse(notCanonical).toString().equals(notCanonical), notCanonical);
    }
  }

  /** normalize_test.go TestValidateReferenceName. */
  @Test
  void validateReferenceName() {
    List<String> valid =
        List.of(
            "docker/docker",
            "library/debian",
            "debian",
            "localhost/library/debian",
            "localhost/debian",
            "LOCALDOMAIN/library/debian",
            "LOCALDOMAIN/debian",
            "docker.io/docker/docker",
            "docker.io/library/debian",
            "docker.io/debian",
            "index.docker.io/docker/docker",
            "index.docker.io/library/debian",
            "index.docker.io/debian",
            "127.0.0.1:5000/docker/docker",
            "127.0.0.1:5000/library/debian",
            "127.0.0.1:5000/debian",
            "192.168.0.1",
            "192.168.0.1:80",
            "192.168.0.1:8/debian",
            "192.168.0.2:25000/debian",
            "thisisthesongthatneverendsitgoesonandonandonthisisthesongthatnev",
            "[fc00::1]:5000/docker",
            "[fc00::1]:5000/docker/docker",
            "[fc00:1:2:3:4:5:6:7]:5000/library/debian",
            "docker.io/1a3f5e7d9c1b3a5f7e9d1c3b5a7f9e1d3c5b7a9f1e3d5d7c9b1a3f5e7d9c1b3a",
            "Docker/docker",
            "DOCKER/docker");
    List<String> invalid =
        List.of(
            "https://github.com/docker/docker",
            "docker/Docker",
            "-docker",
            "-docker/docker",
            "-docker.io/docker/docker",
            "docker///docker",
            "docker.io/docker/Docker",
            "docker.io/docker///docker",
            "[fc00::1]",
            "[fc00::1]:5000",
            "fc00::1:5000/debian",
            "[fe80::1%eth0]:5000/debian",
            "[2001:db8:3:4::192.0.2.33]:5000/debian",
            "1a3f5e7d9c1b3a5f7e9d1c3b5a7f9e1d3c5b7a9f1e3d5d7c9b1a3f5e7d9c1b3a");
    valid.forEach(ImageReference::parse);
    for (String s : invalid) {
      assertThrows(InvalidImageReferenceException.class, () -> ImageReference.parse(s), s);
    }
  }

  /** normalize_test.go TestValidateRemoteName. */
  @Test
  void validateRemoteName() {
    List<String> valid =
        List.of(
            "docker/docker",
            "thisisthesongthatneverendsitgoesonandonandonthisisthesongthatnev",
            "docker-rules/docker",
            "docker---rules/docker",
            "doc/docker",
            "d/docker",
            "jess/t",
            "dock__er/docker");
    List<String> invalid =
        List.of(
            "docker/Docker",
            "docker///docker",
            "1a3f5e7d9c1b3a5f7e9d1c3b5a7f9e1d3c5b7a9f1e3d5d7c9b1a3f5e7d9c1b3a",
            "-docker/docker",
            "docker-/docker",
            "-docker-/docker",
            "____/____",
            "_docker/_docker",
            "dock..er/docker",
            "dock_.er/docker",
            "dock-.er/docker",
            "docker/",
            "this_is_not_a_valid_namespace_because_its_lenth_is_greater_than_255_".repeat(4)
                + "/docker");
    valid.forEach(ImageReference::parse);
    for (String s : invalid) {
      assertThrows(InvalidImageReferenceException.class, () -> ImageReference.parse(s), s);
    }
  }

  /**
   * normalize_test.go TestParseRepositoryInfo: remote name, familiar, full and ambiguous names,
   * domain; each spelling parses to the same reference.
   */
  @Test
  void parseRepositoryInfo() {
    String[][] rows = {
      {"fooo", "localhost/fooo", "localhost/fooo", "localhost/fooo", "localhost"},
      {"fooo/bar", "localhost/fooo/bar", "localhost/fooo/bar", "localhost/fooo/bar", "localhost"},
      {"fooo", "LOCALDOMAIN/fooo", "LOCALDOMAIN/fooo", "LOCALDOMAIN/fooo", "LOCALDOMAIN"},
      {
        "fooo/bar",
        "LOCALDOMAIN/fooo/bar",
        "LOCALDOMAIN/fooo/bar",
        "LOCALDOMAIN/fooo/bar",
        "LOCALDOMAIN"
      },
      {"fooo/bar", "fooo/bar", "docker.io/fooo/bar", "index.docker.io/fooo/bar", "docker.io"},
      {"library/ubuntu", "ubuntu", "docker.io/library/ubuntu", "library/ubuntu", "docker.io"},
      {"nonlibrary/ubuntu", "nonlibrary/ubuntu", "docker.io/nonlibrary/ubuntu", "", "docker.io"},
      {"other/library", "other/library", "docker.io/other/library", "", "docker.io"},
      {
        "private/moonbase",
        "127.0.0.1:8000/private/moonbase",
        "127.0.0.1:8000/private/moonbase",
        "",
        "127.0.0.1:8000"
      },
      {
        "privatebase",
        "127.0.0.1:8000/privatebase",
        "127.0.0.1:8000/privatebase",
        "",
        "127.0.0.1:8000"
      },
      {
        "private/moonbase",
        "example.com/private/moonbase",
        "example.com/private/moonbase",
        "",
        "example.com"
      },
      {"privatebase", "example.com/privatebase", "example.com/privatebase", "", "example.com"},
      {
        "private/moonbase",
        "example.com:8000/private/moonbase",
        "example.com:8000/private/moonbase",
        "",
        "example.com:8000"
      },
      {
        "privatebasee",
        "example.com:8000/privatebasee",
        "example.com:8000/privatebasee",
        "",
        "example.com:8000"
      },
      {
        "library/ubuntu-12.04-base",
        "ubuntu-12.04-base",
        "docker.io/library/ubuntu-12.04-base",
        "index.docker.io/library/ubuntu-12.04-base",
        "docker.io"
      },
      {"library/foo", "foo", "docker.io/library/foo", "docker.io/foo", "docker.io"},
      {"library/foo/bar", "library/foo/bar", "docker.io/library/foo/bar", "", "docker.io"},
      {"store/foo/bar", "store/foo/bar", "docker.io/store/foo/bar", "", "docker.io"},
      {"bar", "Foo/bar", "Foo/bar", "", "Foo"},
      {"bar", "FOO/bar", "FOO/bar", "", "FOO"},
    };
    for (String[] r : rows) {
      for (String spelling : List.of(r[1], r[2], r[3])) {
        if (spelling.isEmpty()) {
          continue;
        }
        ImageReference ref = ImageReference.parse(spelling);
        assertEquals(r[1], ref.familiarName(), spelling);
        assertEquals(r[2], ref.toString(), spelling);
        assertEquals(r[4], ref.registry(), spelling);
        assertEquals(r[0], ref.repository(), spelling);
      }
    }
  }

  /** normalize_test.go TestParseReferenceWithTagAndDigest. */
  @Test
  void tagAndDigestTogether() {
    String shortRef =
        "busybox:latest@sha256:86e0e091d0da6bde2456dbb48306f3956bbeb2eae1b5b9a43045843f69fe4aaa";
    ImageReference ref = ImageReference.parse(shortRef);
    assertEquals("docker.io/library/" + shortRef, ref.toString());
    assertEquals(Optional.of("latest"), ref.tag());
    assertEquals(
        Optional.of(
            Digest.parse(
                "sha256:86e0e091d0da6bde2456dbb48306f3956bbeb2eae1b5b9a43045843f69fe4aaa")),
        ref.digest());
    assertEquals(shortRef, ref.familiar());
  }

  /** normalize_test.go TestInvalidReferenceComponents. */
  @Test
  void invalidComponents() {
    assertThrows(InvalidImageReferenceException.class, () -> ImageReference.parse("-foo"));
    ImageReference busybox = ImageReference.parse("busybox");
    assertThrows(
        InvalidImageReferenceException.class,
        () -> ImageReference.of(busybox.registry(), busybox.repository(), "-foo", null));
    assertThrows(IllegalArgumentException.class, () -> Digest.parse("foo"));
    assertEquals(busybox, ImageReference.of(busybox.registry(), busybox.repository(), null, null));
  }

  /**
   * normalize_test.go TestParseAnyReference: an ID (64 hex, or a digest) is looked up as it is;
   * anything else is a normalized name.
   */
  @Test
  void parseAnyReference() {
    String d = "dbcc1c35ac38df41fd2f5e4130b32ffdb93ebae8b3dbe638c23575912276fc9c";
    String[][] names = {
      {"redis", "docker.io/library/redis"},
      {"redis:latest", "docker.io/library/redis:latest"},
      {"docker.io/library/redis:latest", "docker.io/library/redis:latest"},
      {"redis@sha256:" + d, "docker.io/library/redis@sha256:" + d},
      {"docker.io/library/redis@sha256:" + d, "docker.io/library/redis@sha256:" + d},
      {"dmcgowan/myapp", "docker.io/dmcgowan/myapp"},
      {"dmcgowan/myapp:latest", "docker.io/dmcgowan/myapp:latest"},
      {"docker.io/mcgowan/myapp:latest", "docker.io/mcgowan/myapp:latest"},
      {"dmcgowan/myapp@sha256:" + d, "docker.io/dmcgowan/myapp@sha256:" + d},
      {"docker.io/dmcgowan/myapp@sha256:" + d, "docker.io/dmcgowan/myapp@sha256:" + d},
      {d.substring(0, 63), "docker.io/library/" + d.substring(0, 63)},
      {"dbcc1", "docker.io/library/dbcc1"},
    };
    for (String[] r : names) {
      assertEquals(Optional.of(r[1]), ImageReferences.parseAny(r[0]).map(String::valueOf), r[0]);
    }
    for (String id : List.of(d, "sha256:" + d)) {
      assertEquals(Optional.empty(), ImageReferences.parseAny(id), id);
      assertEquals(Optional.of(Digest.parse("sha256:" + d)), ImageReferences.imageId(id), id);
    }
  }

  /** normalize_test.go TestNormalizedSplitHostname. */
  @Test
  void normalizedSplitHostname() {
    String[][] rows = {
      {"test.com/foo", "test.com", "foo"},
      {"test_com/foo", "docker.io", "test_com/foo"},
      {"docker/migrator", "docker.io", "docker/migrator"},
      {"test.com:8080/foo", "test.com:8080", "foo"},
      {"test-com:8080/foo", "test-com:8080", "foo"},
      {"foo", "docker.io", "library/foo"},
      {"xn--n3h.com/foo", "xn--n3h.com", "foo"},
      {"xn--n3h.com:18080/foo", "xn--n3h.com:18080", "foo"},
      {"docker.io/foo", "docker.io", "library/foo"},
      {"docker.io/library/foo", "docker.io", "library/foo"},
      {"docker.io/library/foo/bar", "docker.io", "library/foo/bar"},
    };
    for (String[] r : rows) {
      ImageReference ref = ImageReference.parse(r[0]);
      assertEquals(r[1], ref.registry(), r[0]);
      assertEquals(r[2], ref.repository(), r[0]);
    }
  }

  /** normalize_test.go TestParseDockerRef. */
  @Test
  void parseDockerRef() {
    String d = "sha256:e6693c20186f837fc393390135d8a598a96a833917917789d63766cab6c59582";
    String[][] rows = {
      {"busybox", "docker.io/library/busybox:latest"},
      {"busybox:latest", "docker.io/library/busybox:latest"},
      {"busybox@" + d, "docker.io/library/busybox@" + d},
      {"library/busybox", "docker.io/library/busybox:latest"},
      {"docker.io/busybox", "docker.io/library/busybox:latest"},
      {"docker.io/library/busybox", "docker.io/library/busybox:latest"},
      {"docker.io/busybox:latest", "docker.io/library/busybox:latest"},
      {"library/busybox:latest", "docker.io/library/busybox:latest"},
      {"docker.io/library/busybox:latest", "docker.io/library/busybox:latest"},
      {"gcr.io/library/busybox", "gcr.io/library/busybox:latest"},
      {"gcr.io/library/busybox:latest@" + d, "gcr.io/library/busybox@" + d},
    };
    for (String[] r : rows) {
      assertEquals(r[1], ImageReference.parse(r[0]).dockerRef().toString(), r[0]);
    }
  }

  /** The messages the CLI shows for a bad name, as before the value type. */
  @Test
  void checkKeepsItsMessages() {
    String[][] rows = {
      {"UPPER CASE", "invalid image reference 'UPPER CASE': invalid reference format"},
      {"Alpine:3.20", "invalid image reference 'Alpine:3.20': repository name must be lowercase"},
      {"", "invalid image reference '': empty"},
      {"alpine:", "invalid image reference 'alpine:': invalid reference format"},
      {
        "alpine@sha256:xyz", "invalid image reference 'alpine@sha256:xyz': invalid reference format"
      },
      {"a".repeat(256), "invalid image reference '" + "a".repeat(256) + "': " + TOO_LONG},
      {
        "a".repeat(1025),
        "invalid image reference '" + "a".repeat(64) + "...': longer than 1024 characters"
      },
    };
    for (String[] r : rows) {
      InvalidImageReferenceException e =
          assertThrows(
              InvalidImageReferenceException.class, () -> ImageReferences.check(r[0]), r[0]);
      assertEquals(r[1], e.getMessage());
    }
  }
}
