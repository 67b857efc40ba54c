/**
 * JSON config files (LAKEHOUSE_ENV_FILE, `scripts/config.ts validate <file>`), read by a strict parser of our own rather
 * than JSON.parse, which keeps the last of two duplicate keys silently and quotes the start of the file in its errors.
 */
import { readFileSync } from "node:fs";
import { ConfigError } from "./validate";

/**
 * Reads and parses a JSON config file; a missing, unreadable or malformed file is a ConfigError naming the file.
 * A UTF-8 byte order mark and a top-level "$schema" (for editors) are dropped; a duplicate key is refused, since
 * JSON.parse would keep the last one silently. Messages give a line and column and never quote the file's text,
 * which may hold something secret.
 */
export function readConfigFile(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === "ENOENT" ? "file not found" : code === "EISDIR" ? "is a folder, not a JSON file" : (error as Error).message;
    throw new ConfigError([{ source: file, path: "", message: `cannot read the config: ${reason}` }]);
  }
  const parsed = new StrictJsonReader(text.replace(/^\uFEFF/, ""), file).read();
  return withoutSchemaKey(parsed, file);
}

/** The config without its top-level "$schema", which tells editors which JSON Schema to use and means nothing here. */
function withoutSchemaKey(value: unknown, file: string): unknown {
  if (typeof value !== "object" || value === null || Array.isArray(value) || !Object.hasOwn(value, "$schema")) return value;
  const { $schema, ...rest } = value as Record<string, unknown>;
  if (typeof $schema !== "string") {
    throw new ConfigError([{ source: file, path: "$schema", message: "must be a string: the path or URL of the config's JSON Schema" }]);
  }
  return rest;
}

/**
 * A JSON parser that refuses what JSON.parse lets through or reports badly: a duplicate key (JSON.parse keeps the last
 * one), and any syntax error, which it reports with a line and column and a description of what was expected instead
 * of the text it found (JSON.parse quotes the start of the file).
 */
/** Deeper than any config needs: refused as one line rather than running out of stack. */
const MAX_DEPTH = 64;

class StrictJsonReader {
  private position = 0;
  private depth = 0;

  constructor(
    private readonly text: string,
    private readonly source: string,
  ) {}

  read(): unknown {
    this.skipWhitespace();
    const value = this.value("");
    this.skipWhitespace();
    if (this.position < this.text.length) this.fail("unexpected text after the end of the JSON value");
    return value;
  }

  private value(path: string): unknown {
    const char = this.text[this.position];
    if (char === "{" || char === "[") return this.nested(() => (char === "{" ? this.object(path) : this.array(path)));
    if (char === '"') return this.string();
    if (char === "-" || (char >= "0" && char <= "9")) return this.number();
    for (const [literal, value] of [
      ["true", true],
      ["false", false],
      ["null", null],
    ] as const) {
      if (this.text.startsWith(literal, this.position)) {
        this.position += literal.length;
        return value;
      }
    }
    if (char === undefined) this.fail("the file ends where a value was expected");
    if (char === "/") this.fail("comments are not allowed in JSON");
    if (char === "'") this.fail("strings must be in double quotes");
    return this.fail("expected a value: an object, array, string in double quotes, number, true, false or null");
  }

  private nested<T>(read: () => T): T {
    if (++this.depth > MAX_DEPTH) this.fail(`objects and arrays are nested more than ${MAX_DEPTH} deep`);
    try {
      return read();
    } finally {
      this.depth--;
    }
  }

  private object(path: string): Record<string, unknown> {
    const result: Record<string, unknown> = {};
    const seen = new Map<string, number>();
    this.position++;
    this.skipWhitespace();
    if (this.text[this.position] === "}") {
      this.position++;
      return result;
    }
    for (;;) {
      this.skipWhitespace();
      if (this.text[this.position] === "}") this.fail('a comma before "}": JSON allows no trailing comma');
      if (this.text[this.position] !== '"') this.fail("expected a key in double quotes");
      const keyPosition = this.position;
      const key = this.string();
      const keyPath = path ? `${path}.${key}` : key;
      const first = seen.get(key);
      if (first !== undefined) {
        throw new ConfigError([
          {
            source: this.source,
            path: keyPath,
            message: `duplicate key at ${this.where(keyPosition)} (first at ${this.where(first)}); JSON would keep only the last, so remove one`,
          },
        ]);
      }
      seen.set(key, keyPosition);
      this.skipWhitespace();
      if (this.text[this.position] !== ":") this.fail('expected ":" after the key');
      this.position++;
      this.skipWhitespace();
      // defineProperty, not assignment: a "__proto__" key must stay a key (and be refused as unknown), not a prototype.
      Object.defineProperty(result, key, { value: this.value(keyPath), enumerable: true, writable: true, configurable: true });
      this.skipWhitespace();
      const next = this.text[this.position++];
      if (next === "}") return result;
      if (next !== ",") this.fail('expected "," or "}" after a value in an object', this.position - 1);
    }
  }

  private array(path: string): unknown[] {
    const result: unknown[] = [];
    this.position++;
    this.skipWhitespace();
    if (this.text[this.position] === "]") {
      this.position++;
      return result;
    }
    for (;;) {
      this.skipWhitespace();
      if (this.text[this.position] === "]") this.fail('a comma before "]": JSON allows no trailing comma');
      result.push(this.value(`${path}[${result.length}]`));
      this.skipWhitespace();
      const next = this.text[this.position++];
      if (next === "]") return result;
      if (next !== ",") this.fail('expected "," or "]" after a value in a list', this.position - 1);
    }
  }

  private string(): string {
    const start = this.position++;
    for (;;) {
      const char = this.text[this.position];
      if (char === undefined) this.fail("a string is not closed", start);
      if (char === '"') break;
      if (char < " ") this.fail("a line break or control character inside a string; write it as an escape such as \\n");
      if (char === "\\") {
        const escape = this.text[this.position + 1];
        if (escape === "u" ? !/^[0-9a-fA-F]{4}$/.test(this.text.slice(this.position + 2, this.position + 6)) : !'"\\/bfnrt'.includes(escape ?? "x")) {
          this.fail("an invalid escape in a string");
        }
        this.position += escape === "u" ? 6 : 2;
        continue;
      }
      this.position++;
    }
    this.position++;
    // The token is valid JSON now; JSON.parse decodes its escapes.
    return JSON.parse(this.text.slice(start, this.position)) as string;
  }

  private number(): number {
    const pattern = /-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/y;
    pattern.lastIndex = this.position;
    const match = pattern.exec(this.text);
    const end = match ? this.position + match[0].length : this.position;
    if (!match || /[\d.eE+-]/.test(this.text[end] ?? "")) this.fail("an invalid number");
    this.position = end;
    return Number(match[0]);
  }

  private skipWhitespace(): void {
    while (/[ \t\r\n]/.test(this.text[this.position] ?? "")) this.position++;
  }

  /** "line 3, column 7" of an offset in the text (columns count characters, from 1). */
  private where(offset: number): string {
    const before = this.text.slice(0, offset);
    const line = before.split("\n").length;
    return `line ${line}, column ${offset - before.lastIndexOf("\n")}`;
  }

  private fail(what: string, offset = this.position): never {
    throw new ConfigError([{ source: this.source, path: "", message: `is not valid JSON: ${this.where(offset)}: ${what}` }]);
  }
}
