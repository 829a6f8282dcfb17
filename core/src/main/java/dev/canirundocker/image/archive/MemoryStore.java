package dev.canirundocker.image.archive;

import dev.canirundocker.image.ImageArchiveException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What a single pass over a stream kept ({@link StreamConsumer}): JSON documents whole and layer
 * indexes.
 */
final class MemoryStore implements Store {
  private final Map<String, byte[]> json = new HashMap<>();
  private final Map<String, LayerIndex> layers = new HashMap<>();
  private final String where;

  MemoryStore(String where) {
    this.where = where;
  }

  void putJson(String name, byte[] doc) {
    json.put(name, doc);
  }

  void putLayer(String name, LayerIndex index) {
    layers.put(name, index);
  }

  /** Makes {@code link} name what {@code target} names, when the stream kept it. */
  void alias(String link, String target) {
    if (json.containsKey(target)) {
      json.put(link, json.get(target));
    } else if (layers.containsKey(target)) {
      layers.put(link, layers.get(target));
    }
  }

  @Override
  public @Nullable Member member(String name) {
    if (json.containsKey(name)) {
      return new Member(name, 0, json.get(name).length);
    }
    LayerIndex l = layers.get(name);
    return l == null ? null : new Member(name, 0, l.rawSize());
  }

  @Override
  public InputStream open(Member m) throws IOException {
    byte[] b = json.get(m.name());
    if (b == null) {
      throw new ImageArchiveException(
          where + ": " + m.name() + " was not kept from the stream (it is not a JSON document)");
    }
    return new ByteArrayInputStream(b);
  }

  @Override
  public @Nullable LayerIndex preIndexed(String name) {
    return layers.get(name);
  }
}
