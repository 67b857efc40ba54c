/**
 * The one way constructs report bad props: collect every problem first, then throw once, one line per problem,
 * each naming the prop, the value and what is allowed.
 */

/**
 * Throws one error listing every problem (`<Construct> "<id>": invalid props:` then one `- ` line each), or returns
 * when there is none.
 */
export function throwIfInvalidProps(construct: string, problems: readonly string[], id?: string): void {
  if (problems.length === 0) return;
  const subject = id === undefined ? construct : `${construct} "${id}"`;
  throw new Error(`${subject}: invalid props:\n  - ${problems.join("\n  - ")}`);
}
