/**
 * A small static check of the sample pipelines' table graph. It reads the SQL and Python sources of Lakeflow
 * Declarative Pipelines and finds the datasets they define (streaming tables, materialized views, views), the CDC flows
 * they declare, the tables they read and the configuration keys they use, then checks them against what the manifest
 * says each pipeline publishes:
 *
 * - every table a pipeline reads is defined by that pipeline or published by an earlier stage;
 * - every pipeline defines exactly the tables its manifest entry publishes, each in its medallion layer;
 * - every configuration key the code reads is declared (or common to all pipelines), and every declared one is read.
 *
 * Table names are resolved the way the pipelines write them: `${lakehouse.<layer>_schema}.t` (SQL) or
 * `f"{VAR}.t"` with `VAR = spark.conf.get("lakehouse.<layer>_schema")` (Python) is table `t` of that layer; a bare
 * name or `LIVE.t` is local to the pipeline. File sources (`read_files(...)`, `cloud_files(...)`, `cloudFiles`) are
 * not tables and are skipped. This is a check for typos and drift, not a SQL parser: comma joins and tables read
 * inside `spark.sql("...")` strings are not seen.
 */

/** The medallion layers, in data-flow order. */
export const LAYERS = ["bronze", "silver", "gold"] as const;
/** One medallion layer. */
export type Layer = (typeof LAYERS)[number];

/** A table name as pipeline code writes it: in a medallion layer, or local to the pipeline. */
export interface TableRef {
  readonly layer: Layer | "local";
  readonly name: string;
}

/** Kinds of datasets a pipeline defines. Temporary views are private to the pipeline; the others are published. */
export type DatasetKind = "streaming table" | "materialized view" | "table" | "view" | "temporary view";

/** A dataset defined in a source file. */
export interface Dataset {
  readonly file: string;
  readonly kind: DatasetKind;
  readonly ref: TableRef;
  /** Names of the expectations (`CONSTRAINT name EXPECT`, `@dp.expect*`) declared on the dataset. */
  readonly expectations: readonly string[];
  /** Table properties (`TBLPROPERTIES`, `table_properties=`). */
  readonly properties: Readonly<Record<string, string>>;
}

/** A change-data-capture flow (`AUTO CDC` / `APPLY CHANGES`, `dp.create_auto_cdc_flow`). */
export interface CdcFlow {
  readonly file: string;
  readonly name: string;
  readonly target: TableRef;
  readonly keys: readonly string[];
  /** The SEQUENCE BY expression as written, e.g. `dms_commit_ts` or `STRUCT(a, b)`. */
  readonly sequenceBy: string;
  readonly scdType: 1 | 2;
}

/** A table read in a source file. */
export interface TableRead {
  readonly file: string;
  readonly ref: TableRef;
}

/** What one source file defines, declares and reads. */
export interface SourceFacts {
  readonly file: string;
  readonly datasets: readonly Dataset[];
  readonly flows: readonly CdcFlow[];
  readonly reads: readonly TableRead[];
  readonly configKeys: readonly string[];
  /** Names the checker could not resolve, as messages. */
  readonly problems: readonly string[];
}

/** `bronze.orders`, or the bare name of a pipeline-local dataset. */
export function formatRef(ref: TableRef): string {
  return ref.layer === "local" ? ref.name : `${ref.layer}.${ref.name}`;
}

const LAYER_SCHEMA_NAME = /^\$\{lakehouse\.(bronze|silver|gold)_schema\}\.([A-Za-z_]\w*)$/;

/** Resolves a table name as written in code, or returns why it is not a table name of the contract. */
export function resolveTableName(written: string): TableRef | { readonly problem: string } {
  const name = written.replace(/`/g, "").replace(/\s+/g, "");
  const layered = LAYER_SCHEMA_NAME.exec(name);
  if (layered) return { layer: layered[1] as Layer, name: layered[2].toLowerCase() };
  const live = /^LIVE\.([A-Za-z_]\w*)$/i.exec(name);
  if (live) return { layer: "local", name: live[1].toLowerCase() };
  if (/^[A-Za-z_]\w*$/.test(name)) return { layer: "local", name: name.toLowerCase() };
  return { problem: `"${written}" is neither \${lakehouse.<layer>_schema}.<table> nor a name local to the pipeline` };
}

// ---------------------------------------------------------------------------------------------------------------------
// SQL

type SqlToken = { readonly kind: "word" | "string" | "number" | "punct"; readonly text: string };

const NAME_PART = String.raw`(?:\$\{[\w.-]+\}|` + "`[^`]*`" + String.raw`|[A-Za-z_]\w*)`;
const SQL_TOKEN = new RegExp(
  [
    String.raw`(?<space>\s+)`,
    String.raw`(?<comment>--[^\n]*|/\*[\s\S]*?\*/)`,
    String.raw`(?<string>'(?:[^'\\]|\\.|'')*'|"(?:[^"\\]|\\.|"")*")`,
    String.raw`(?<word>${NAME_PART}(?:\s*\.\s*(?:${NAME_PART}|\*))*)`,
    String.raw`(?<number>\d+(?:\.\d+)?)`,
    String.raw`(?<punct>[\s\S])`,
  ].join("|"),
  "y",
);

/** Splits SQL into words (qualified names joined), strings (unquoted), numbers and punctuation; drops comments. */
export function tokenizeSql(text: string): SqlToken[] {
  const tokens: SqlToken[] = [];
  SQL_TOKEN.lastIndex = 0;
  while (SQL_TOKEN.lastIndex < text.length) {
    const match = SQL_TOKEN.exec(text);
    if (match === null) break;
    const g = match.groups ?? {};
    if (g.word !== undefined) tokens.push({ kind: "word", text: g.word.replace(/\s+/g, "") });
    else if (g.string !== undefined) tokens.push({ kind: "string", text: unquote(g.string) });
    else if (g.number !== undefined) tokens.push({ kind: "number", text: g.number });
    else if (g.punct !== undefined) tokens.push({ kind: "punct", text: g.punct });
  }
  return tokens;
}

function unquote(literal: string): string {
  const quote = literal[0];
  return literal.slice(1, -1).replace(new RegExp(`${quote}${quote}`, "g"), quote);
}

/** Functions whose arguments use FROM as a keyword (`EXTRACT(HOUR FROM ts)`), so it names no table. */
const FROM_KEYWORD_FUNCTIONS = new Set(["EXTRACT", "TRIM", "SUBSTRING", "SUBSTR", "POSITION", "OVERLAY"]);

class Cursor {
  constructor(
    readonly tokens: readonly SqlToken[],
    public i = 0,
  ) {}
  peek(offset = 0): SqlToken | undefined {
    return this.tokens[this.i + offset];
  }
  /** True if the next tokens are these words (case-insensitive). */
  isWords(...words: string[]): boolean {
    return words.every((w, k) => this.peek(k)?.kind === "word" && this.peek(k)?.text.toUpperCase() === w);
  }
  isPunct(p: string, offset = 0): boolean {
    const t = this.peek(offset);
    return t?.kind === "punct" && t.text === p;
  }
  /** Consumes the words if they are next. */
  accept(...words: string[]): boolean {
    if (!this.isWords(...words)) return false;
    this.i += words.length;
    return true;
  }
  /** The index just after the parenthesis matching the one at `open`. */
  static closing(tokens: readonly SqlToken[], open: number): number {
    let depth = 0;
    for (let k = open; k < tokens.length; k++) {
      const t = tokens[k];
      if (t.kind !== "punct") continue;
      if (t.text === "(") depth++;
      if (t.text === ")" && --depth === 0) return k + 1;
    }
    return tokens.length;
  }
}

/** Splits the token stream into statements at top-level semicolons. */
function statements(tokens: readonly SqlToken[]): SqlToken[][] {
  const result: SqlToken[][] = [[]];
  for (const t of tokens) {
    if (t.kind === "punct" && t.text === ";") result.push([]);
    else result[result.length - 1].push(t);
  }
  return result.filter((s) => s.length > 0);
}

/** What one SQL source file defines, declares and reads. */
export function analyzeSql(file: string, text: string): SourceFacts {
  const tokens = tokenizeSql(text);
  const facts = {
    file,
    datasets: [] as Dataset[],
    flows: [] as CdcFlow[],
    reads: [] as TableRead[],
    configKeys: configKeysOf(tokens),
    problems: [] as string[],
  };
  for (const statement of statements(tokens)) analyzeStatement(statement, facts);
  return facts;
}

function configKeysOf(tokens: readonly SqlToken[]): string[] {
  const keys = new Set<string>();
  for (const t of tokens) if (t.kind === "word" || t.kind === "string") for (const m of t.text.matchAll(/\$\{([^}]+)\}/g)) keys.add(m[1]);
  return [...keys].sort();
}

type MutableFacts = { file: string; datasets: Dataset[]; flows: CdcFlow[]; reads: TableRead[]; problems: string[] };

function resolveInto(facts: MutableFacts, written: string, what: string): TableRef | undefined {
  const ref = resolveTableName(written);
  if ("problem" in ref) {
    facts.problems.push(`${facts.file}: ${what} ${ref.problem}`);
    return undefined;
  }
  return ref;
}

function analyzeStatement(tokens: SqlToken[], facts: MutableFacts): void {
  const c = new Cursor(tokens);
  if (c.accept("CREATE")) {
    if (!c.accept("OR", "REFRESH")) c.accept("OR", "REPLACE");
    if (c.accept("FLOW")) analyzeFlowStatement(c, facts);
    else analyzeDatasetStatement(c, facts);
  }
  collectReads(tokens, facts);
}

function analyzeDatasetStatement(c: Cursor, facts: MutableFacts): void {
  let temporary = false;
  let live = false;
  for (;;) {
    if (c.accept("PRIVATE")) continue;
    if (c.accept("TEMPORARY") || c.accept("TEMP")) temporary = true;
    else if (c.accept("LIVE")) live = true;
    else break;
  }
  let kind: DatasetKind;
  if (c.accept("STREAMING", "LIVE", "TABLE") || c.accept("STREAMING", "TABLE")) kind = "streaming table";
  else if (c.accept("MATERIALIZED", "VIEW")) kind = "materialized view";
  else if (c.accept("TABLE")) kind = "table";
  else if (c.accept("VIEW")) kind = temporary || live ? "temporary view" : "view";
  else return;
  c.accept("IF", "NOT", "EXISTS");
  const nameToken = c.peek();
  if (nameToken?.kind !== "word") return;
  c.i++;
  const ref = resolveInto(facts, nameToken.text, `${kind} name`);
  const expectations: string[] = [];
  const properties: Record<string, string> = {};
  if (c.isPunct("(")) {
    const end = Cursor.closing(c.tokens, c.i);
    for (let k = c.i; k < end - 2; k++) {
      const [a, b, e] = [c.tokens[k], c.tokens[k + 1], c.tokens[k + 2]];
      if (a.kind === "word" && a.text.toUpperCase() === "CONSTRAINT" && b.kind === "word" && e.kind === "word" && e.text.toUpperCase() === "EXPECT") {
        expectations.push(b.text);
      }
    }
    c.i = end;
  }
  for (; c.i < c.tokens.length && !c.isWords("AS") && !c.isWords("FLOW"); c.i++) {
    if (c.isWords("TBLPROPERTIES") && c.isPunct("(", 1)) Object.assign(properties, tableProperties(c.tokens, c.i + 1));
  }
  if (ref) facts.datasets.push({ file: facts.file, kind, ref, expectations, properties });
  if (ref && c.accept("FLOW") && c.accept("AUTO", "CDC")) {
    c.accept("ONCE");
    facts.flows.push({ file: facts.file, name: ref.name, target: ref, ...cdcSpec(c) });
  }
}

function tableProperties(tokens: readonly SqlToken[], open: number): Record<string, string> {
  const properties: Record<string, string> = {};
  const end = Cursor.closing(tokens, open);
  for (let k = open + 1; k + 2 < end; k++) {
    const [key, eq, value] = [tokens[k], tokens[k + 1], tokens[k + 2]];
    if ((key.kind === "string" || key.kind === "word") && eq.kind === "punct" && eq.text === "=" && value.kind !== "punct") {
      properties[key.text] = value.text;
      k += 2;
    }
  }
  return properties;
}

function analyzeFlowStatement(c: Cursor, facts: MutableFacts): void {
  const name = c.peek()?.text ?? "";
  c.i++;
  c.accept("AS");
  const cdc = c.accept("AUTO", "CDC") || c.accept("APPLY", "CHANGES");
  if (cdc) c.accept("ONCE");
  if (!cdc) c.accept("INSERT");
  if (!c.accept("INTO")) return;
  c.accept("ONCE");
  const targetToken = c.peek();
  if (targetToken?.kind !== "word") return;
  c.i++;
  const target = resolveInto(facts, targetToken.text, `flow ${name} target`);
  if (!target) return;
  if (cdc) facts.flows.push({ file: facts.file, name, target, ...cdcSpec(c) });
  else facts.flows.push({ file: facts.file, name, target, keys: [], sequenceBy: "", scdType: 1 });
}

/** KEYS, SEQUENCE BY and STORED AS of an AUTO CDC specification, from the cursor to the end of the statement. */
function cdcSpec(c: Cursor): Pick<CdcFlow, "keys" | "sequenceBy" | "scdType"> {
  let keys: string[] = [];
  let sequenceBy = "";
  let scdType: 1 | 2 = 1;
  for (; c.i < c.tokens.length; c.i++) {
    if (c.isWords("KEYS") && c.isPunct("(", 1)) {
      const end = Cursor.closing(c.tokens, c.i + 1);
      keys = c.tokens
        .slice(c.i + 2, end - 1)
        .filter((t) => t.kind === "word")
        .map((t) => t.text);
    } else if (c.isWords("SEQUENCE", "BY") && c.tokens[c.i - 1]?.text.toUpperCase() !== "SYSTEM") {
      const start = c.i + 2;
      const end = c.isPunct("(", 3) ? Cursor.closing(c.tokens, start + 1) : start + 1;
      sequenceBy = c.tokens
        .slice(start, end)
        .map((t) => (t.kind === "punct" && t.text === "," ? ", " : t.text))
        .join("");
    } else if (c.isWords("STORED", "AS", "SCD", "TYPE")) {
      scdType = c.peek(4)?.text === "2" ? 2 : 1;
    }
  }
  return { keys, sequenceBy, scdType };
}

/** Table references after FROM and JOIN, skipping file sources, subqueries and FROM inside EXTRACT(... FROM ...). */
function collectReads(tokens: readonly SqlToken[], facts: MutableFacts): void {
  const ctes = cteNames(tokens);
  const functions: string[] = [];
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k];
    if (t.kind === "punct" && t.text === "(") functions.push(tokens[k - 1]?.kind === "word" ? tokens[k - 1].text.toUpperCase() : "");
    if (t.kind === "punct" && t.text === ")") functions.pop();
    if (t.kind !== "word") continue;
    const keyword = t.text.toUpperCase();
    if (keyword !== "FROM" && keyword !== "JOIN") continue;
    if (keyword === "FROM" && FROM_KEYWORD_FUNCTIONS.has(functions[functions.length - 1] ?? "")) continue;
    const written = tableAfter(tokens, k + 1);
    if (written === undefined || ctes.has(written.toLowerCase())) continue;
    const ref = resolveInto(facts, written, "reads");
    if (ref) facts.reads.push({ file: facts.file, ref });
  }
}

function tableAfter(tokens: readonly SqlToken[], k: number): string | undefined {
  const isPunct = (offset: number, p: string) => tokens[k + offset]?.kind === "punct" && tokens[k + offset].text === p;
  const isWord = (offset: number) => tokens[k + offset]?.kind === "word";
  if (isWord(0) && tokens[k].text.toUpperCase() === "STREAM") {
    if (isPunct(1, "(")) return isWord(2) && isPunct(3, ")") ? tokens[k + 2].text : undefined; // STREAM(t), not STREAM(f(...))
    if (isWord(1)) return isPunct(2, "(") ? undefined : tokens[k + 1].text; // STREAM read_files(...) is a file source
  }
  if (isWord(0)) return isPunct(1, "(") ? undefined : tokens[k].text; // read_files(...) and other table functions
  return undefined; // a subquery: its own FROM is visited
}

function cteNames(tokens: readonly SqlToken[]): Set<string> {
  const names = new Set<string>();
  for (let k = 1; k + 2 < tokens.length; k++) {
    const before = tokens[k - 1];
    const follows = (before.kind === "word" && before.text.toUpperCase() === "WITH") || (before.kind === "punct" && before.text === ",");
    if (follows && tokens[k].kind === "word" && tokens[k + 1].text.toUpperCase() === "AS" && tokens[k + 2].text === "(")
      names.add(tokens[k].text.toLowerCase());
  }
  return names;
}

// ---------------------------------------------------------------------------------------------------------------------
// Python

const STRING_LITERAL = String.raw`f?(?:"[^"\n]*"|'[^'\n]*')`;

/** Removes comments and triple-quoted strings (docstrings), keeping line structure. */
function stripPython(text: string): string {
  const withoutDocstrings = text.replace(/"""[\s\S]*?"""|'''[\s\S]*?'''/g, (m) => m.replace(/[^\n]/g, " "));
  return withoutDocstrings
    .split("\n")
    .map((line) => {
      let quote: string | null = null;
      for (let k = 0; k < line.length; k++) {
        const ch = line[k];
        if (quote) {
          if (ch === "\\") k++;
          else if (ch === quote) quote = null;
        } else if (ch === '"' || ch === "'") quote = ch;
        else if (ch === "#") return line.slice(0, k);
      }
      return line;
    })
    .join("\n");
}

/** The text between the parenthesis at `open` and its match (strings respected). */
function pythonArgs(text: string, open: number): string {
  let depth = 0;
  let quote: string | null = null;
  for (let k = open; k < text.length; k++) {
    const ch = text[k];
    if (quote) {
      if (ch === "\\") k++;
      else if (ch === quote) quote = null;
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === "(") depth++;
    else if (ch === ")" && --depth === 0) return text.slice(open + 1, k);
  }
  return text.slice(open + 1);
}

/** Resolves a Python string literal, substituting `{VAR}` of f-strings with `${key}` for configuration variables. */
function pythonString(literal: string, variables: ReadonlyMap<string, string>): string {
  const isF = literal.startsWith("f");
  const body = literal.slice(isF ? 2 : 1, -1);
  return isF ? body.replace(/\{(\w+)\}/g, (m, v: string) => (variables.has(v) ? `\${${variables.get(v)}}` : m)) : body;
}

function keywordString(args: string, keyword: string): string | undefined {
  return new RegExp(String.raw`\b${keyword}\s*=\s*(${STRING_LITERAL})`).exec(args)?.[1];
}

function firstPositionalString(args: string): string | undefined {
  return new RegExp(String.raw`^\s*(${STRING_LITERAL})`).exec(args)?.[1];
}

const DATASET_DECORATORS: Readonly<Record<string, DatasetKind>> = {
  table: "table",
  materialized_view: "materialized view",
  view: "temporary view",
  temporary_view: "temporary view",
};

/** What one Python source file defines, declares and reads. */
export function analyzePython(file: string, text: string): SourceFacts {
  const code = stripPython(text);
  const facts = { file, datasets: [] as Dataset[], flows: [] as CdcFlow[], reads: [] as TableRead[], problems: [] as string[] };
  const variables = new Map<string, string>();
  for (const m of code.matchAll(new RegExp(String.raw`^(\w+)\s*=\s*spark\.conf\.get\(\s*(${STRING_LITERAL})`, "gm")))
    variables.set(m[1], pythonString(m[2], variables));
  const configKeys = [
    ...new Set([...code.matchAll(new RegExp(String.raw`spark\.conf\.get\(\s*(${STRING_LITERAL})`, "g"))].map((m) => pythonString(m[1], variables))),
  ].sort();
  const resolve = (literal: string, what: string) => resolveInto(facts, pythonString(literal, variables), what);

  for (const block of decoratedFunctions(code)) pythonDataset(block, facts, resolve);
  for (const m of code.matchAll(/\b(?:dp|dlt)\.create_streaming_table\(/g)) {
    const args = pythonArgs(code, m.index + m[0].length - 1);
    const literal = keywordString(args, "name") ?? firstPositionalString(args);
    const ref = literal === undefined ? undefined : resolve(literal, "streaming table name");
    if (ref) facts.datasets.push({ file, kind: "streaming table", ref, expectations: expectationNames(args), properties: propertiesOf(args) });
  }
  for (const m of code.matchAll(/\b(?:dp|dlt)\.(?:create_auto_cdc_flow|apply_changes)\(/g)) {
    const args = pythonArgs(code, m.index + m[0].length - 1);
    const target = keywordString(args, "target");
    const ref = target === undefined ? undefined : resolve(target, "flow target");
    const source = keywordString(args, "source");
    const sourceRef = source === undefined ? undefined : resolve(source, "reads");
    if (sourceRef) facts.reads.push({ file, ref: sourceRef });
    const sequence = /\bsequence_by\s*=\s*([^,\n]+)/.exec(args)?.[1].trim() ?? "";
    const scd = /\bstored_as_scd_type\s*=\s*["']?(\d)/.exec(args)?.[1];
    const keys = [...(/\bkeys\s*=\s*\[([^\]]*)\]/.exec(args)?.[1].matchAll(/["'](\w+)["']/g) ?? [])].map((k) => k[1]);
    if (ref)
      facts.flows.push({
        file,
        name: keywordString(args, "name") ?? ref.name,
        target: ref,
        keys,
        sequenceBy: sequence.replace(/^["']|["']$/g, ""),
        scdType: scd === "2" ? 2 : 1,
      });
  }
  for (const m of code.matchAll(new RegExp(String.raw`(?:\.table|\b(?:dp|dlt)\.read(?:_stream)?)\(\s*(${STRING_LITERAL})`, "g"))) {
    const ref = resolve(m[1], "reads");
    if (ref) facts.reads.push({ file, ref });
  }
  return { ...facts, configKeys };
}

type DecoratedFunction = { readonly decorators: readonly string[]; readonly functionName: string };

/** Top-level functions with their decorators (each decorator's full text, arguments included). */
function decoratedFunctions(code: string): DecoratedFunction[] {
  const result: DecoratedFunction[] = [];
  let decorators: string[] = [];
  let k = 0;
  while (k < code.length) {
    const lineEnd = code.indexOf("\n", k) === -1 ? code.length : code.indexOf("\n", k);
    const line = code.slice(k, lineEnd);
    if (line.startsWith("@")) {
      let end = k + (/^@[\w.]+/.exec(line)?.[0].length ?? 1);
      if (code[end] === "(") end += pythonArgs(code, end).length + 2;
      decorators.push(code.slice(k, end));
      const next = code.indexOf("\n", end);
      k = next === -1 ? code.length : next + 1;
      continue;
    }
    const def = /^def\s+(\w+)/.exec(line);
    if (def && decorators.length > 0) result.push({ decorators, functionName: def[1] });
    if (/^\S/.test(line)) decorators = []; // any top-level statement ends a decorator block
    k = lineEnd + 1;
  }
  return result;
}

function pythonDataset(block: DecoratedFunction, facts: MutableFacts, resolve: (literal: string, what: string) => TableRef | undefined): void {
  const expectations: string[] = [];
  for (const d of block.decorators) {
    const expect = /^@(?:dp|dlt)\.expect\w*\(/.exec(d);
    if (expect) expectations.push(...expectationNames(d.slice(expect[0].length - 1), true));
  }
  for (const d of block.decorators) {
    const dataset = /^@(?:dp|dlt)\.(table|materialized_view|view|temporary_view)\b/.exec(d);
    if (!dataset) continue;
    const args = d.length > dataset[0].length ? d.slice(dataset[0].length + 1, -1) : "";
    const literal = keywordString(args, "name");
    const ref = literal === undefined ? resolveInto(facts, block.functionName, "dataset name") : resolve(literal, "dataset name");
    if (ref) facts.datasets.push({ file: facts.file, kind: DATASET_DECORATORS[dataset[1]], ref, expectations, properties: propertiesOf(args) });
  }
}

/** Expectation names of `@dp.expect*("name", ...)`, `expect_all*({"name": ...})` or `expect_all=`-style arguments. */
function expectationNames(args: string, decorator = false): string[] {
  if (decorator) {
    const single = /^\(\s*(["'])(\w+)\1/.exec(args);
    if (single) return [single[2]];
  }
  const dictionaries = [...args.matchAll(/\{([^{}]*)\}/g)].filter((m) => decorator || /expect\w*\s*=\s*$/.test(args.slice(0, m.index)));
  return dictionaries.flatMap((m) => [...m[1].matchAll(/["'](\w+)["']\s*:/g)].map((k) => k[1]));
}

function propertiesOf(args: string): Record<string, string> {
  const dictionary = /\btable_properties\s*=\s*\{([^{}]*)\}/.exec(args)?.[1] ?? "";
  return Object.fromEntries([...dictionary.matchAll(/["']([^"']+)["']\s*:\s*["']([^"']*)["']/g)].map((m) => [m[1], m[2]]));
}

// ---------------------------------------------------------------------------------------------------------------------
// The graph

/** One source file of a pipeline. */
export interface SourceFile {
  /** Path relative to pipelines/, e.g. `orders/silver.sql`. */
  readonly path: string;
  readonly text: string;
}

/** Tables by medallion layer, as bare names. */
export type Publishes = Readonly<Partial<Record<Layer, readonly string[]>>>;

/** A stage of the table graph: a pipeline with its sources, or a producer known only by what it publishes. */
export type Stage =
  | {
      readonly kind: "pipeline";
      readonly name: string;
      readonly files: readonly SourceFile[];
      readonly parameters: readonly string[];
      readonly publishes: Publishes;
    }
  | { readonly kind: "producer"; readonly name: string; readonly publishes: Publishes };

/** Analyzes a source file by its extension. */
export function analyzeSource(file: SourceFile): SourceFacts {
  if (file.path.endsWith(".sql")) return analyzeSql(file.path, file.text);
  if (file.path.endsWith(".py")) return analyzePython(file.path, file.text);
  return { file: file.path, datasets: [], flows: [], reads: [], configKeys: [], problems: [`${file.path}: not a .sql or .py pipeline source`] };
}

function publishedRefs(publishes: Publishes): string[] {
  return LAYERS.flatMap((layer) => (publishes[layer] ?? []).map((name) => `${layer}.${name.toLowerCase()}`));
}

/**
 * Checks the stages in order and returns every problem found, one line each, naming the file and the table or key.
 * `commonParameters` are the configuration keys every pipeline gets.
 */
export function checkTableGraph(stages: readonly Stage[], commonParameters: readonly string[]): string[] {
  const problems: string[] = [];
  const available = new Set<string>();
  for (const stage of stages) {
    if (stage.kind === "pipeline") problems.push(...checkPipeline(stage, available, commonParameters));
    for (const ref of publishedRefs(stage.publishes)) available.add(ref);
  }
  return problems;
}

function checkPipeline(stage: Extract<Stage, { kind: "pipeline" }>, available: ReadonlySet<string>, commonParameters: readonly string[]): string[] {
  const facts = stage.files.map(analyzeSource);
  const problems = facts.flatMap((f) => f.problems.map((p) => `${stage.name}: ${p}`));
  const datasets = facts.flatMap((f) => f.datasets);
  const defined = new Map<string, Dataset>();
  for (const d of datasets) {
    const key = formatRef(d.ref);
    const earlier = defined.get(key);
    if (earlier) problems.push(`${stage.name}: ${d.file}: ${key} is defined again (first in ${earlier.file})`);
    defined.set(key, d);
    if (d.kind !== "temporary view" && d.ref.layer === "local") {
      problems.push(`${stage.name}: ${d.file}: ${d.kind} ${d.ref.name} has no schema; write \${lakehouse.<layer>_schema}.${d.ref.name}`);
    }
  }

  const published = datasets.filter((d) => d.kind !== "temporary view" && d.ref.layer !== "local").map((d) => formatRef(d.ref));
  const declared = publishedRefs(stage.publishes);
  for (const ref of declared.filter((r) => !published.includes(r)))
    problems.push(`${stage.name}: the manifest publishes ${ref}, which no source file defines`);
  for (const ref of published.filter((r) => !declared.includes(r)))
    problems.push(`${stage.name}: ${defined.get(ref)?.file}: defines ${ref}, which the manifest does not publish`);

  for (const read of facts.flatMap((f) => f.reads)) {
    const key = formatRef(read.ref);
    if (defined.has(key) || available.has(key)) continue;
    const where =
      read.ref.layer === "local" ? "this pipeline does not define it" : "this pipeline does not define it and no earlier stage publishes it";
    problems.push(`${stage.name}: ${read.file}: reads ${key}, but ${where}`);
  }
  for (const flow of facts.flatMap((f) => f.flows)) {
    const target = defined.get(formatRef(flow.target));
    if (target?.kind !== "streaming table")
      problems.push(
        `${stage.name}: ${flow.file}: flow ${flow.name} writes ${formatRef(flow.target)}, which is not a streaming table of this pipeline`,
      );
  }

  const used = new Set(facts.flatMap((f) => f.configKeys));
  for (const key of used) {
    if (!stage.parameters.includes(key) && !commonParameters.includes(key))
      problems.push(`${stage.name}: reads configuration key ${key}, which the manifest does not declare`);
  }
  for (const key of stage.parameters.filter((p) => !used.has(p)))
    problems.push(`${stage.name}: the manifest declares configuration key ${key}, which no source file reads`);
  return problems;
}
