/**
 * The check on an S3 key prefix that a construct joins with `/` itself (`<prefix>/<more>/`): no slash at either end.
 */
import { Token } from "cdktf";

/** Segments of letters, digits, `_`, `.` and `-` joined by single slashes, e.g. `dms/orders`. */
const KEY_PREFIX = /^[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]+)*$/;

/**
 * Problems with `prefix`, given as `prop`: it must be a key prefix without leading or trailing slash (tokens and an
 * omitted prefix are accepted).
 * @param example a valid prefix for the message, e.g. `dms/orders`
 */
export function keyPrefixProblems(prop: string, prefix: string | undefined, example: string): string[] {
  if (prefix === undefined || Token.isUnresolved(prefix) || KEY_PREFIX.test(prefix)) return [];
  return [`${prop}: "${prefix}" must be a key prefix like ${example}, without leading or trailing slash`];
}
