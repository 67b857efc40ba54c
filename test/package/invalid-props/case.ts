/**
 * One exported construct's entry in the invalid-props specification: how to build it with two or more bad props
 * at once, and the props its one error must name; or, for a construct whose props cannot be wrong beyond what the
 * type system already refuses, why.
 */
import type { Construct } from "constructs";

/** Builds the construct with several invalid props; the error must name each of `badProps`. */
export interface InvalidPropsCase {
  /** The exported class under test. */
  readonly construct: abstract new (...args: never[]) => Construct;
  /**
   * Builds it in `scope` (a fresh stack), after whatever it needs (a provider, a key), with two or more invalid
   * props (more than one, so the test proves all are reported at once, not the first alone).
   */
  readonly build: (scope: Construct) => void;
  /** What each problem line starts with, before its `: `: the prop (or its path, e.g. `grants[0].principal`) that is wrong. */
  readonly badProps: readonly string[];
}

/** A construct with nothing to validate at construction time beyond its TypeScript types, and why. */
export interface NothingToValidate {
  readonly construct: abstract new (...args: never[]) => Construct;
  readonly nothingToValidate: string;
}

export type PropsSpecification = InvalidPropsCase | NothingToValidate;
