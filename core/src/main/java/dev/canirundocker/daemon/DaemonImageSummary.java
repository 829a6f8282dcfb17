package dev.canirundocker.daemon;

import dev.canirundocker.json.Json;
import dev.canirundocker.json.JsonException;
import dev.canirundocker.json.JsonReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One entry of {@code GET /images/json} (moby api/types/image Summary).
 *
 * @param id content id ({@code sha256:...})
 * @param repoTags tags, possibly empty; dangling images have none (older engines write {@code
 *     <none>:<none>}, which is dropped here)
 * @param repoDigests digests, possibly empty
 * @param created creation time, seconds since the epoch
 * @param size size in bytes
 */
public record DaemonImageSummary(
    String id, List<String> repoTags, List<String> repoDigests, long created, long size) {

  public DaemonImageSummary {
    Objects.requireNonNull(id, "id");
    repoTags = List.copyOf(repoTags);
    repoDigests = List.copyOf(repoDigests);
  }

  /**
   * The most images a sweep over every local image judges by default: each costs one inspect
   * request (about a millisecond on a local socket), so a daemon that lists hundreds of thousands
   * of images within the body cap would otherwise hold the sweep for minutes.
   */
  public static final int DEFAULT_SWEEP_LIMIT = 1000;

  /**
   * The first {@code limit} distinct images of a list (by id, in the daemon's order), and how many
   * distinct images the list held.
   *
   * @param images what a sweep judges
   * @param listed distinct images the daemon listed
   */
  public record Sweep(List<DaemonImageSummary> images, int listed) {
    public Sweep {
      images = List.copyOf(images);
    }

    /** Whether images were left out. */
    public boolean truncated() {
      return listed > images.size();
    }
  }

  /**
   * Caps a sweep.
   *
   * @throws IllegalArgumentException when {@code limit} is not positive
   */
  public static Sweep sweep(List<DaemonImageSummary> list, int limit) {
    if (limit <= 0) {
      throw new IllegalArgumentException("the image limit must be positive: " + limit);
    }
    java.util.Set<String> ids = new java.util.HashSet<>();
    List<DaemonImageSummary> kept = new ArrayList<>();
    for (DaemonImageSummary s : list) {
      if (ids.add(s.id()) && kept.size() < limit) {
        kept.add(s);
      }
    }
    return new Sweep(kept, ids.size());
  }

  /** What to pass to inspect: the first tag, else the id. */
  public String reference() {
    return repoTags.isEmpty() ? id : repoTags.get(0);
  }

  /**
   * Parses the image list document.
   *
   * @throws JsonException naming the entry when the document has the wrong shape
   */
  @SuppressWarnings("unchecked")
  public static List<DaemonImageSummary> parseList(String json) {
    Object v = Json.parse(json);
    if (!(v instanceof List)) {
      throw new JsonException("images: expected an array but found " + Json.typeName(v));
    }
    List<DaemonImageSummary> out = new ArrayList<>();
    int i = 0;
    for (Object o : (List<Object>) v) {
      if (!(o instanceof Map)) {
        throw new JsonException(
            "images[" + i + "]: expected an object but found " + Json.typeName(o));
      }
      JsonReader r = JsonReader.of((Map<String, Object>) o, "images[" + i + "]");
      List<String> tags = new ArrayList<>(r.strings("RepoTags"));
      tags.remove("<none>:<none>");
      List<String> digests = new ArrayList<>(r.strings("RepoDigests"));
      digests.remove("<none>@<none>");
      Long created = r.longValue("Created");
      Long size = r.longValue("Size");
      out.add(
          new DaemonImageSummary(
              r.requiredString("Id"),
              tags,
              digests,
              created == null ? 0 : created,
              size == null ? 0 : size));
      i++;
    }
    return List.copyOf(out);
  }
}
