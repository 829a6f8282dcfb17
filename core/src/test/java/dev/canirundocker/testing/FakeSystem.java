package dev.canirundocker.testing;

import dev.canirundocker.host.CpuInfo;
import dev.canirundocker.host.SystemInputs;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Fixture {@link SystemInputs}: what a Windows or macOS host would answer, as plain maps. */
public final class FakeSystem implements SystemInputs {
  private final Map<String, String> properties = new HashMap<>();
  private final Map<String, String> registry = new HashMap<>();
  private final Map<String, String> wmi = new HashMap<>();
  private final Map<String, String> sysctl = new HashMap<>();
  private final Map<Path, String> fileVersions = new HashMap<>();
  private CpuInfo cpu;
  private long memory;

  public FakeSystem property(String k, String v) {
    properties.put(k, v);
    return this;
  }

  /** A registry value; subkeys follow from the keys given. */
  public FakeSystem registry(String key, String value, String data) {
    registry.put(key.toLowerCase() + "|" + value.toLowerCase(), data);
    return this;
  }

  public FakeSystem wmi(String wmiClass, String property, String value) {
    wmi.put(wmiClass + "." + property, value);
    return this;
  }

  public FakeSystem sysctl(String name, String value) {
    sysctl.put(name, value);
    return this;
  }

  public FakeSystem fileVersion(Path p, String v) {
    fileVersions.put(p, v);
    return this;
  }

  public FakeSystem cpu(CpuInfo c) {
    cpu = c;
    return this;
  }

  public FakeSystem memory(long m) {
    memory = m;
    return this;
  }

  @Override
  public String property(String name) {
    return properties.get(name);
  }

  @Override
  public Optional<String> registry(String key, String value) {
    return Optional.ofNullable(registry.get(key.toLowerCase() + "|" + value.toLowerCase()));
  }

  @Override
  public List<String> registrySubkeys(String key) {
    String prefix = key.toLowerCase() + "\\";
    List<String> l = new ArrayList<>();
    for (String k : registry.keySet()) {
      String path = k.substring(0, k.indexOf('|'));
      if (path.startsWith(prefix)) {
        String sub = path.substring(prefix.length()).split("\\\\")[0];
        if (!l.contains(sub)) {
          l.add(sub);
        }
      }
    }
    return l;
  }

  @Override
  public Optional<String> wmi(String wmiClass, String property) {
    return Optional.ofNullable(wmi.get(wmiClass + "." + property));
  }

  @Override
  public Optional<String> fileVersion(Path file) {
    return Optional.ofNullable(fileVersions.get(file));
  }

  @Override
  public Optional<String> sysctl(String name) {
    return Optional.ofNullable(sysctl.get(name));
  }

  @Override
  public CpuInfo cpu() {
    return cpu;
  }

  @Override
  public long memoryTotalBytes() {
    return memory;
  }
}
