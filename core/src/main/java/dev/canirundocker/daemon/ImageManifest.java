package dev.canirundocker.daemon;

import dev.canirundocker.json.JsonReader;
import dev.canirundocker.platform.Platform;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One entry of an image index as the containerd image store reports it in {@code GET
 * /images/{name}/json?manifests=1} (API 1.48+; moby api/types/image/manifest.go {@code
 * ManifestSummary}): a platform's image, or an attestation (a build provenance or SBOM manifest for
 * another entry), present locally or only listed by the index.
 *
 * @param id the manifest's digest ({@code ID})
 * @param kind {@code image}, {@code attestation} or {@code unknown} ({@code Kind})
 * @param available whether its content is in the store ({@code Available}): a {@code docker pull}
 *     fetches only the host's platform of an index, the others are listed but absent
 * @param platform the image's platform ({@code ImageData.Platform}, else the descriptor's), or
 *     empty for an attestation
 * @param attestationFor the digest of the manifest an attestation describes, or empty
 */
public record ImageManifest(
    String id,
    String kind,
    boolean available,
    Optional<Platform> platform,
    Optional<String> attestationFor) {

  public ImageManifest {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(platform, "platform");
    Objects.requireNonNull(attestationFor, "attestationFor");
  }

  /** Whether this is a platform's image (not an attestation). */
  public boolean isImage() {
    return kind.equals("image") && platform.isPresent();
  }

  /**
   * Reads the {@code Manifests} array of an inspect document; empty where there is none (the
   * classic store, an engine before API 1.48, or a request without {@code manifests=1}).
   *
   * @throws dev.canirundocker.json.JsonException naming the field when it has the wrong shape
   */
  static List<ImageManifest> parseAll(JsonReader inspect) {
    List<ImageManifest> out = new ArrayList<>();
    for (JsonReader m : inspect.objects("Manifests")) {
      JsonReader data = m.object("ImageData");
      JsonReader p = data != null ? data.object("Platform") : null;
      if (p == null && m.object("Descriptor") != null) {
        p = m.object("Descriptor").object("platform");
      }
      JsonReader att = m.object("AttestationData");
      String kind = m.string("Kind");
      out.add(
          new ImageManifest(
              m.requiredString("ID"),
              kind == null ? "unknown" : kind,
              Boolean.TRUE.equals(m.bool("Available")),
              p == null || p.string("architecture") == null
                  ? Optional.empty()
                  : Optional.of(ociPlatform(p)),
              Optional.ofNullable(att == null ? null : att.string("For"))));
    }
    return List.copyOf(out);
  }

  /** An OCI image-spec {@code Platform} object (lower-case keys, {@code os.version}). */
  static Platform ociPlatform(JsonReader p) {
    return Platform.of(
        nz(p.string("os")),
        nz(p.string("architecture")),
        nz(p.string("variant")),
        nz(p.string("os.version")),
        p.strings("os.features"));
  }

  private static String nz(@Nullable String s) {
    return s == null ? "" : s;
  }
}
