package dev.canirundocker.check;

import java.util.Locale;

/** How much a finding matters. */
public enum Severity {
  /** A fact worth knowing; nothing to do. */
  INFO,
  /** Works, but not as well as it could, or a fact could not be established. */
  WARN,
  /** Prevents running as asked. */
  FAIL;

  /** The JSON spelling: lower case. */
  public String json() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses the JSON spelling. */
  public static Severity parse(String s) {
    for (Severity v : values()) {
      if (v.json().equals(s)) {
        return v;
      }
    }
    throw new IllegalArgumentException("unknown severity '" + s + "'");
  }
}
