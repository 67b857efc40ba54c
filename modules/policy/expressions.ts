/**
 * Reading Terraform template strings: where `${...}` interpolations are, and which objects they reference.
 *
 * A small HCL scanner, not a parser: it finds references (`aws_s3_bucket.data.arn`, `var.x`,
 * `data.aws_iam_policy_document.d.json`) and skips function names, object keys, string literals and
 * `for` variables. When unsure it finds fewer references rather than invented ones, so a rule never
 * fails on a reference that is not there.
 */

/** One `${...}` (or `%{...}`) in a template string. */
export interface Interpolation {
  /** Index of the `$` (or `%`). */
  readonly start: number;
  /** Index after the closing `}`. */
  readonly end: number;
  /** The expression between the braces. */
  readonly expression: string;
}

/** A reference found in an expression: the root name and the names traversed after it. */
export interface Reference {
  /** `aws_s3_bucket`, `var`, `local`, `data`, `module`, `count`, ... */
  readonly root: string;
  /** Names after the root, indexes and splats left out: `["data", "arn"]` for `aws_s3_bucket.data[0].arn`. */
  readonly traversal: readonly string[];
  /** The reference as written, without indexes: `aws_s3_bucket.data.arn`. */
  readonly text: string;
}

const IDENT_START = /[A-Za-z_]/;
const IDENT_CHAR = /[A-Za-z0-9_-]/;
const KEYWORDS = new Set(["true", "false", "null", "for", "in", "if", "else", "endif", "endfor"]);

/** True if the value is a string holding at least one interpolation. */
export function isExpression(value: unknown): value is string {
  return typeof value === "string" && interpolations(value).length > 0;
}

/** True if the string is made only of interpolations (and whitespace): a reference, not a literal. */
export function isPureExpression(text: string): boolean {
  const found = interpolations(text);
  if (found.length === 0) {
    return false;
  }
  let rest = "";
  let at = 0;
  for (const i of found) {
    rest += text.slice(at, i.start);
    at = i.end;
  }
  rest += text.slice(at);
  return rest.trim() === "";
}

/** The interpolations of a template string, in order; `$${` and `%%{` escapes are literal text. */
export function interpolations(text: string): Interpolation[] {
  const found: Interpolation[] = [];
  let i = 0;
  while (i < text.length) {
    const two = text.slice(i, i + 2);
    if ((two === "$$" || two === "%%") && text[i + 2] === "{") {
      i += 3;
    } else if (two === "${" || two === "%{") {
      const end = interpolationEnd(text, i + 2);
      found.push({ start: i, end, expression: text.slice(i + 2, end - 1) });
      i = end;
    } else {
      i += 1;
    }
  }
  return found;
}

/** Index after the `}` closing an interpolation whose body starts at `from`. */
function interpolationEnd(text: string, from: number): number {
  let depth = 1;
  let i = from;
  while (i < text.length) {
    const c = text[i];
    if (c === '"') {
      i = stringEnd(text, i);
      continue;
    }
    if (c === "{") {
      depth += 1;
    } else if (c === "}") {
      depth -= 1;
      if (depth === 0) {
        return i + 1;
      }
    }
    i += 1;
  }
  return text.length;
}

/** Index after the closing quote of the string literal starting at `from` (a `"`). */
function stringEnd(text: string, from: number): number {
  let i = from + 1;
  while (i < text.length) {
    const c = text[i];
    if (c === "\\") {
      i += 2;
    } else if (c === '"') {
      return i + 1;
    } else if ((c === "$" || c === "%") && text[i + 1] === "{") {
      i = interpolationEnd(text, i + 2);
    } else {
      i += 1;
    }
  }
  return text.length;
}

/** Every reference in every interpolation of a template string. */
export function referencesIn(text: string): Reference[] {
  const out: Reference[] = [];
  for (const i of interpolations(text)) {
    scanExpression(i.expression, out);
  }
  return out;
}

/** Every reference in every string anywhere inside a JSON value (object keys are not scanned). */
export function referencesInValue(value: unknown): Reference[] {
  const out: Reference[] = [];
  visitStrings(value, (s) => out.push(...referencesIn(s)));
  return out;
}

/** Calls `fn` for every string leaf of a JSON value. */
export function visitStrings(value: unknown, fn: (s: string) => void): void {
  if (typeof value === "string") {
    fn(value);
  } else if (Array.isArray(value)) {
    value.forEach((v) => visitStrings(v, fn));
  } else if (value !== null && typeof value === "object") {
    Object.values(value).forEach((v) => visitStrings(v, fn));
  }
}

/** Scans one HCL expression for references, appending them to `out`. */
export function scanExpression(expr: string, out: Reference[]): void {
  const bound = boundNames(expr);
  const brackets: string[] = [];
  let i = 0;
  while (i < expr.length) {
    const c = expr[i];
    if (c === '"') {
      i = scanStringLiteral(expr, i, out);
    } else if (IDENT_START.test(c)) {
      i = scanIdentifier(expr, i, brackets, bound, out);
    } else if (/[0-9]/.test(c)) {
      i = numberEnd(expr, i);
    } else {
      if (c === "(" || c === "[" || c === "{") {
        brackets.push(c);
      } else if (c === ")" || c === "]" || c === "}") {
        brackets.pop();
      }
      i += 1;
    }
  }
}

/** Scans a string literal inside an expression, descending into its own interpolations. */
function scanStringLiteral(expr: string, from: number, out: Reference[]): number {
  const end = stringEnd(expr, from);
  for (const inner of interpolations(expr.slice(from + 1, end - 1))) {
    scanExpression(inner.expression, out);
  }
  return end;
}

function scanIdentifier(expr: string, from: number, brackets: readonly string[], bound: ReadonlySet<string>, out: Reference[]): number {
  const end = identifierEnd(expr, from);
  const name = expr.slice(from, end);
  const next = nextNonSpace(expr, end);
  if (previousNonSpace(expr, from) === "." || KEYWORDS.has(name) || bound.has(name)) {
    return end;
  }
  if (expr[next] === "(" || expr.startsWith("::", next)) {
    return skipFunctionName(expr, end);
  }
  if (brackets[brackets.length - 1] === "{" && isKeyTerminator(expr, next)) {
    return end;
  }
  const { traversal, end: after } = readTraversal(expr, end, out);
  out.push({ root: name, traversal, text: [name, ...traversal].join(".") });
  return after;
}

/** Reads `.name`, `.*`, `[index]` steps after a root name; references inside indexes are scanned too. */
function readTraversal(expr: string, from: number, out: Reference[]): { traversal: string[]; end: number } {
  const traversal: string[] = [];
  let i = from;
  for (;;) {
    if (expr[i] === "." && expr[i + 1] === "*") {
      i += 2;
    } else if (expr[i] === "." && IDENT_START.test(expr[i + 1] ?? "")) {
      const end = identifierEnd(expr, i + 1);
      traversal.push(expr.slice(i + 1, end));
      i = end;
    } else if (expr[i] === "." && /[0-9]/.test(expr[i + 1] ?? "")) {
      i = numberEnd(expr, i + 1);
    } else if (expr[i] === "[") {
      const close = matchingBracket(expr, i);
      scanExpression(expr.slice(i + 1, close), out);
      i = close + 1;
    } else {
      return { traversal, end: i };
    }
  }
}

function matchingBracket(expr: string, open: number): number {
  let depth = 0;
  let i = open;
  while (i < expr.length) {
    const c = expr[i];
    if (c === '"') {
      i = stringEnd(expr, i);
      continue;
    }
    if (c === "[") {
      depth += 1;
    } else if (c === "]") {
      depth -= 1;
      if (depth === 0) {
        return i;
      }
    }
    i += 1;
  }
  return expr.length;
}

/** Names bound by `for` expressions (`for k, v in ...`) and so not references. */
function boundNames(expr: string): Set<string> {
  const names = new Set<string>();
  const pattern = /\bfor\s+([A-Za-z_][A-Za-z0-9_-]*)(?:\s*,\s*([A-Za-z_][A-Za-z0-9_-]*))?\s+in\b/g;
  for (const m of expr.matchAll(pattern)) {
    names.add(m[1]);
    if (m[2]) {
      names.add(m[2]);
    }
  }
  return names;
}

function skipFunctionName(expr: string, from: number): number {
  let i = from;
  while (expr.startsWith("::", i)) {
    i = identifierEnd(expr, i + 2);
  }
  return i;
}

/** `=` (not `==` or `=>`) or `:` after an identifier inside braces: the identifier is an object key. */
function isKeyTerminator(expr: string, at: number): boolean {
  if (expr[at] === ":") {
    return expr[at + 1] !== ":";
  }
  return expr[at] === "=" && expr[at + 1] !== "=" && expr[at + 1] !== ">";
}

function identifierEnd(expr: string, from: number): number {
  let i = from;
  while (i < expr.length && IDENT_CHAR.test(expr[i])) {
    i += 1;
  }
  return i;
}

function numberEnd(expr: string, from: number): number {
  const m = /^[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?/.exec(expr.slice(from));
  return from + (m ? m[0].length : 1);
}

function nextNonSpace(expr: string, from: number): number {
  let i = from;
  while (i < expr.length && /\s/.test(expr[i])) {
    i += 1;
  }
  return i;
}

function previousNonSpace(expr: string, before: number): string | undefined {
  let i = before - 1;
  while (i >= 0 && /\s/.test(expr[i])) {
    i -= 1;
  }
  return i >= 0 ? expr[i] : undefined;
}
