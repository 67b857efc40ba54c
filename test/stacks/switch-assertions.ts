/**
 * What "a config switch removes exactly its resources" means, for every layer's switch tests: comparing a stack's
 * resources (as `<type> <construct path>`) before and after the switch, nothing is added, everything removed matches
 * one of the switch's patterns, everything matching a pattern is removed, and each pattern removed something.
 */

/** The removed and added resources, and the construct paths behind them. */
export function switchDifference(before: ReadonlySet<string>, after: ReadonlySet<string>, patterns: readonly RegExp[]) {
  const constructPath = (p: string) => p.slice(p.indexOf(" ") + 1);
  const matches = (p: string) => patterns.some((re) => re.test(constructPath(p)));
  const removed = [...before].filter((p) => !after.has(p)).sort();
  return {
    added: [...after].filter((p) => !before.has(p)).sort(),
    removedUnexpectedly: removed.filter((p) => !matches(p)),
    keptUnexpectedly: [...before].filter((p) => matches(p) && !removed.includes(p)),
    patternsThatRemovedNothing: patterns.filter((re) => !removed.some((p) => re.test(constructPath(p)))).map(String),
  };
}
