/**
 * The one way constructs report bad props and arguments: collect every problem first, then throw once, a
 * ValidationError naming the construct's path, one line per problem, each naming the prop, the value and what is
 * allowed.
 */
import type { IConstruct } from "constructs";
import { ValidationError } from "./errors";

/**
 * Throws one ValidationError for `construct` listing every problem, or returns when there is none. Call it right
 * after `super(scope, id)`, before any resource is created (the path is known from then on).
 */
export function throwIfInvalidProps(construct: IConstruct, problems: readonly string[]): void {
  if (problems.length > 0) throw new ValidationError(construct.node.path, problems);
}

/** Throws one ValidationError for a function that builds no construct (`subject` is its name), or returns. */
export function throwIfInvalidInput(subject: string, problems: readonly string[]): void {
  if (problems.length > 0) throw new ValidationError(subject, problems);
}

/** Throws one ValidationError for a method's arguments on an existing construct, or returns when there is none. */
export function throwIfInvalidArguments(construct: IConstruct, problems: readonly string[]): void {
  throwIfInvalidProps(construct, problems);
}
