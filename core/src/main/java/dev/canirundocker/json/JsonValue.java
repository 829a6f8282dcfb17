package dev.canirundocker.json;

/** A value type that knows its JSON form (a tree of maps, lists, strings, numbers and booleans). */
public interface JsonValue {
  /** The JSON tree of this value; maps keep the key order that the contract documents. */
  Object toJson();
}
