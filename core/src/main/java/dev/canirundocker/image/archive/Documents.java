package dev.canirundocker.image.archive;

import dev.canirundocker.image.Digest;
import dev.canirundocker.image.ImageArchiveException;
import dev.canirundocker.image.ImageConfig;
import dev.canirundocker.image.InvalidDigestException;
import dev.canirundocker.json.Json;
import dev.canirundocker.json.JsonException;
import dev.canirundocker.json.JsonReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The JSON members of an archive (manifest.json, index.json, manifests, configs): read whole,
 * bounded by {@code maxJsonBytes}, size- and sha256-checked, parsed; every problem one message that
 * names the archive and the member.
 */
final class Documents {
  private static final Pattern LEGACY_CONFIG = Pattern.compile("([0-9a-f]{64})\\.json");

  private final Store store;
  private final ReadBudget budget;
  private final String where;
  private final boolean verify;

  Documents(Store store, ReadBudget budget, String where, boolean verify) {
    this.store = store;
    this.budget = budget;
    this.where = where;
    this.verify = verify;
  }

  Store store() {
    return store;
  }

  /** Names the archive in messages ({@code archive x.tar}). */
  String where() {
    return where;
  }

  /** Reads a JSON member whole: bounded, size- and digest-checked. */
  byte[] read(String member, String label, @Nullable String digest, long size)
      throws ImageArchiveException {
    Member m = store.member(member);
    if (m == null) {
      throw err(digest != null ? "missing blob " + digest : "missing " + member);
    }
    if (size >= 0 && m.size() != size) {
      throw err(label + " is " + m.size() + " bytes but its descriptor says " + size);
    }
    if (m.size() == 0) {
      throw err(label + " is empty");
    }
    int max = budget.limits().maxJsonBytes();
    if (m.size() > max) {
      throw err(
          label + " is " + m.size() + " bytes, more than the limit of " + max + " bytes for JSON");
    }
    byte[] b;
    try (InputStream in = store.open(m)) {
      b = in.readNBytes((int) m.size());
    } catch (ImageArchiveException e) {
      throw e;
    } catch (IOException e) {
      throw err("cannot read " + member + ": " + e.getMessage());
    }
    if (b.length < m.size()) {
      throw err(label + " is truncated");
    }
    if (digest != null && verify) {
      String actual = Streams.sha256(b);
      if (!actual.equals(digest)) {
        throw err("blob " + digest + " digest mismatch (content is " + actual + ")");
      }
    }
    return b;
  }

  /** Reads and parses the blob of a digest as a JSON object. */
  JsonReader blobObject(String digest, long size, String label) throws ImageArchiveException {
    byte[] b = read(blobName(digest), label, digest, size);
    return JsonReader.of(object(parse(b, label), label), "");
  }

  @Nullable Object parse(byte[] b, String label) throws ImageArchiveException {
    try {
      return Json.parse(new String(b, StandardCharsets.UTF_8));
    } catch (JsonException e) {
      throw err(label + ": " + e.getMessage());
    }
  }

  Map<String, Object> object(@Nullable Object doc, String label) throws ImageArchiveException {
    if (!(doc instanceof Map)) {
      throw err(label + ": expected an object but found " + Json.typeName(doc));
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> m = (Map<String, Object>) doc;
    return m;
  }

  /** An image configuration: an object whose os and architecture are set. */
  ImageConfig config(byte[] b, String label) throws ImageArchiveException {
    ImageConfig c;
    try {
      object(parse(b, label), label);
      c = ImageConfig.parse(new String(b, StandardCharsets.UTF_8), "");
    } catch (JsonException e) {
      throw err(label + ": " + e.getMessage());
    }
    if (c.os().isEmpty() || c.architecture().isEmpty()) {
      throw err(label + ": os and architecture must be set");
    }
    return c;
  }

  /**
   * A descriptor's digest ({@link Digest}, image-spec descriptor.md), of sha256 only: the one
   * algorithm OCI registries and Docker write, and the one this reader verifies content with.
   */
  Digest checkDigest(String digest, String field) throws ImageArchiveException {
    try {
      Digest d = Digest.parse(digest);
      if (d.algorithm().equals("sha256")) {
        return d;
      }
    } catch (InvalidDigestException e) {
      // the same message as an algorithm this reader does not verify: the input is named in it
    }
    throw err(
        (field.isEmpty() ? "" : field + ": ") + "unsupported or invalid digest '" + digest + "'");
  }

  /**
   * Where an OCI layout keeps a digest's blob (image-spec image-layout.md "blobs"); the digest is
   * one {@link #checkDigest} took.
   */
  static String blobName(String digest) {
    return Digest.parse(digest).blobPath();
  }

  /** The digest a member's name promises: {@code <hex>.json} and {@code blobs/sha256/<hex>}. */
  static @Nullable String expectedDigest(String member) {
    Matcher m = LEGACY_CONFIG.matcher(member);
    if (m.matches()) {
      return "sha256:" + m.group(1);
    }
    if (member.startsWith("blobs/sha256/") && Digest.isValid("sha256:" + member.substring(13))) {
      return "sha256:" + member.substring(13);
    }
    return null;
  }

  ImageArchiveException err(@Nullable String what) {
    return new ImageArchiveException(where + ": " + what);
  }
}
