package dev.canirundocker.text;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A method's nullness contract, for NullAway: {@code "!null -> !null"} says a non-null argument
 * gives a non-null result, which a {@code @Nullable} return alone cannot say. NullAway reads any
 * annotation named {@code Contract} with JetBrains' clause syntax (NullAway's ContractHandler), so
 * this one needs no dependency.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface Contract {
  /** The clauses, as in JetBrains' {@code @Contract}: {@code "!null -> !null"}. */
  String value();
}
