package dev.canirundocker.host;

import java.util.Locale;

/**
 * Which Windows Subsystem for Linux a Linux host is, if any. The rule lives here, in {@code host},
 * so that the checks ask the profile and never the Linux readers.
 */
public enum WslKind {
  /** Not WSL: a Linux kernel of its own. */
  NONE("none"),
  /** WSL 1: system calls translated by Windows, no Linux kernel. */
  WSL1("wsl1"),
  /** WSL 2: Microsoft's real Linux kernel in a utility VM. */
  WSL2("wsl2");

  private final String id;

  WslKind(String id) {
    this.id = id;
  }

  /** The contract JSON value: {@code none}, {@code wsl1} or {@code wsl2}. */
  public String id() {
    return id;
  }

  /**
   * The kind for a kernel release: {@link #WSL2} for Microsoft's WSL 2 kernels (release {@code
   * 5.15.153.1-microsoft-standard-WSL2}, or {@code 4.19.128-microsoft-standard} before the suffix
   * existed; microsoft/WSL2-Linux-Kernel), {@link #WSL1} for WSL 1's emulated kernel (release
   * {@code 4.4.0-19041-Microsoft}, capital M; microsoft/WSL issue 423), else {@link #NONE}. A
   * custom kernel under WSL 2 has neither marker but WSL still registers its {@code WSLInterop}
   * binfmt handler, so {@code interopRegistered} makes it {@link #WSL2}.
   */
  public static WslKind of(String release, boolean interopRegistered) {
    String lower = release.toLowerCase(Locale.ROOT);
    if (lower.contains("wsl2") || lower.contains("microsoft-standard")) {
      return WSL2;
    }
    if (release.contains("Microsoft")) {
      return WSL1;
    }
    return interopRegistered ? WSL2 : NONE;
  }

  /**
   * The kind a contract value names.
   *
   * @throws IllegalArgumentException naming the value when it is none of {@code none wsl1 wsl2}
   */
  public static WslKind parse(String id) {
    for (WslKind k : values()) {
      if (k.id.equals(id)) {
        return k;
      }
    }
    throw new IllegalArgumentException("wsl: '" + id + "' is not none, wsl1 or wsl2");
  }

  @Override
  public String toString() {
    return id;
  }
}
