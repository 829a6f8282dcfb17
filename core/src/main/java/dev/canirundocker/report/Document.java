package dev.canirundocker.report;

import dev.canirundocker.json.Json;
import dev.canirundocker.json.JsonValue;
import java.util.Map;

/**
 * One output of the tool as a value: what {@code --json} prints for a command, and what its text
 * renderer reads. An embedder that builds a document gets exactly the bytes the CLI prints.
 *
 * <p>Each document has one JSON codec: {@link #toJson()} is the contract shape (schema version 1;
 * keys may be added, never renamed; the JSON Schemas in {@code dev/canirundocker/schema/} describe
 * it), and {@link #toJsonString()} the bytes {@code --json} writes.
 */
public sealed interface Document extends JsonValue
    permits HostDocument, KernelDocument, PreflightDocument, CheckDocument {

  /** The schema version of every document this version writes. */
  int SCHEMA_VERSION = 1;

  /** The contract JSON as ordered maps and lists. */
  @Override
  Map<String, Object> toJson();

  /** The contract JSON, indented, with a trailing newline: exactly what {@code --json} prints. */
  default String toJsonString() {
    return Json.pretty(toJson());
  }
}
