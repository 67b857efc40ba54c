/**
 * The commands and TypeScript snippets the documentation shows, extracted from the markdown so that tests can check
 * them against the repository (test/docs/commands.test.ts, test/docs/snippets.test.ts).
 *
 * Documents: README.md and every .md under docs/ (recursively; a folder holding an index.html is a generated site and
 * is left out). Commands come from fenced blocks tagged sh, bash, shell or console and from inline code spans that
 * start (after any `NAME=value` assignments) with `npm run`, `npm test`, `npm ci` or `npx cdktf`. A command is
 * `npm ...` or `npx cdktf ...`; the other programs of a block (aws, git, cp) are not extracted.
 *
 * Shell syntax: `\` continues a line; `&&`, `||`, `;`, `&` and `|` separate commands; `>`, `>>`, `<`, `2>&1` and their
 * targets are redirections, not arguments; `# ...` is a comment; quotes group a word. Usage notation: `<name>` is a
 * placeholder (one value, kept as written: the runner substitutes it); `[...]` is optional (kept, brackets removed);
 * `a|b` inside a word is a choice (one command per choice), and so is ` | ` before an option (`--env <env> | --plan-json
 * <file>`, a choice of arguments after `--`); `...` after a word means "repeatable" (removed), alone it means
 * "arguments left out" (the command is marked elided). In an inline span `\|` is a table cell's escaped `|`.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { REPO_ROOT } from "../run-ts";

export interface Document {
  /** Repository-relative, forward slashes. */
  readonly file: string;
  readonly text: string;
}

/** A fenced code block: its info string's first word, the line of its first content line (1-based), its text. */
export interface Fence {
  readonly lang: string;
  readonly line: number;
  readonly body: string;
  /** The HTML comment on the line right before the fence (blank lines between allowed), if any: `snippet: fragment`. */
  readonly marker?: string;
}

/** An inline code span: its text (line breaks as spaces), the line of its opening backtick, and its prose context. */
export interface InlineSpan {
  readonly code: string;
  readonly line: number;
  /** The clause of the sentence the span stands in (to the nearest `.`, `;` or `:` outside code on either side). */
  readonly clause: string;
  /** The paragraph, list item or table row the span stands in. */
  readonly paragraph: string;
  /** The prose right after the span, up to the end of the paragraph. */
  readonly after: string;
}

export type CommandKind = "npm run" | "npm test" | "npm ci" | "npx cdktf";

export interface DocumentedCommand {
  readonly file: string;
  readonly line: number;
  /** The command as documented (one choice of its alternatives), words joined by single spaces. */
  readonly text: string;
  /** `NAME=value` assignments before the program. */
  readonly env: Readonly<Record<string, string>>;
  readonly kind: CommandKind;
  /** `npm run <script>` / `npm test` (test): the script; `npx cdktf <command>`: the cdktf command. */
  readonly name?: string;
  /** npm's own options (`-s`): before the script, or after it and before `--`. */
  readonly npmOptions: readonly string[];
  /** The arguments the script or cdktf command receives (for npm: positional words before `--`, then all after it). */
  readonly args: readonly string[];
  /** True when the documented command left arguments out (`...` alone). */
  readonly elided: boolean;
  /** True when the command came from an inline code span (prose), false for a shell block. */
  readonly inline: boolean;
  /** The exit code the document states for the command, if it states one. */
  readonly expectedExit?: number;
  /** Text the document says the command prints (`<command>` says `<text>`). */
  readonly expectedOutput?: string;
}

/** README.md and every .md under docs/, repository-relative, sorted (README first). */
export function documents(root: string = REPO_ROOT): Document[] {
  const walk = (folder: string): string[] => {
    const entries = readdirSync(join(root, folder), { withFileTypes: true });
    if (folder !== "docs" && entries.some((e) => e.isFile() && e.name === "index.html")) return [];
    return entries.flatMap((entry) => {
      const path = `${folder}/${entry.name}`;
      if (entry.isDirectory()) return walk(path);
      return entry.name.endsWith(".md") ? [path] : [];
    });
  };
  const files = ["README.md", ...(existsSync(join(root, "docs")) ? walk("docs").sort() : [])];
  return files.map((file) => ({ file, text: readFileSync(join(root, file), "utf8") }));
}

const FENCE_OPEN = /^ {0,3}(`{3,}|~{3,})\s*([^\s`]*)/;

/** The fenced code blocks of a markdown text. */
export function fencesOf(text: string): Fence[] {
  const lines = text.split("\n");
  const fences: Fence[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = FENCE_OPEN.exec(lines[i]);
    if (!open) continue;
    const [, run, lang] = open;
    let end = i + 1;
    const close = new RegExp(`^ {0,3}${run[0] === "`" ? "`" : "~"}{${run.length},}\\s*$`);
    while (end < lines.length && !close.test(lines[end])) end++;
    let before = i - 1;
    while (before >= 0 && lines[before].trim() === "") before--;
    const comment = before >= 0 ? /^\s*<!--\s*([\s\S]*?)\s*-->\s*$/.exec(lines[before]) : null;
    fences.push({
      lang: lang.toLowerCase(),
      line: i + 2,
      // As CommonMark does, the fence's own indentation (a block inside a list item) is not part of the content.
      body: lines
        .slice(i + 1, end)
        .map((line) => line.replace(new RegExp(`^ {0,${indentOf(lines[i])}}`), ""))
        .join("\n"),
      ...(comment ? { marker: comment[1] } : {}),
    });
    i = end;
  }
  return fences;
}

/** The number of spaces before a line's first other character. */
function indentOf(line: string): number {
  return line.length - line.trimStart().length;
}

/** The text with every fenced block's lines (fences included) blanked, so line numbers stay. */
function withoutFences(text: string): string {
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const open = FENCE_OPEN.exec(lines[i]);
    if (!open) continue;
    const run = open[1];
    const close = new RegExp(`^ {0,3}${run[0] === "`" ? "`" : "~"}{${run.length},}\\s*$`);
    let end = i + 1;
    while (end < lines.length && !close.test(lines[end])) end++;
    for (let j = i; j <= Math.min(end, lines.length - 1); j++) lines[j] = "";
    i = end;
  }
  return lines.join("\n");
}

const BLOCK_START = /^\s*(?:[-*+]|\d+[.)])\s|^\s*\||^\s*#/;

/** The inline code spans of a markdown text (outside fenced blocks), with their line and prose context. */
export function inlineSpansOf(text: string): InlineSpan[] {
  const lines = withoutFences(text).split("\n");
  const spans: InlineSpan[] = [];
  // Paragraphs: runs of non-blank lines; a list item, a table row or a heading starts a new one.
  let start = 0;
  const flush = (end: number) => {
    if (end > start) spans.push(...spansOfParagraph(lines.slice(start, end), start + 1));
    start = end;
  };
  for (let i = 0; i < lines.length; i++) {
    if (lines[i].trim() === "") {
      flush(i);
      start = i + 1;
    } else if (i > start && BLOCK_START.test(lines[i])) {
      flush(i);
    }
  }
  flush(lines.length);
  return spans;
}

function spansOfParagraph(lines: readonly string[], firstLine: number): InlineSpan[] {
  const text = lines.join("\n");
  const found: { start: number; end: number; code: string }[] = [];
  const runs = /`+/g;
  let open: RegExpExecArray | null;
  while ((open = runs.exec(text))) {
    const length = open[0].length;
    const closing = new RegExp(`(?<!\`)\`{${length}}(?!\`)`, "g");
    closing.lastIndex = open.index + length;
    const close = closing.exec(text);
    if (!close) continue;
    let code = text.slice(open.index + length, close.index).replace(/\n/g, " ");
    if (/^ .*[^ ].* $/.test(code)) code = code.slice(1, -1);
    found.push({ start: open.index, end: close.index + length, code });
    runs.lastIndex = close.index + length;
  }
  // Prose with every code span masked, so that a `.` or "exit 1" inside code is not prose.
  let masked = text;
  for (const span of found) masked = masked.slice(0, span.start) + "`".repeat(span.end - span.start) + masked.slice(span.end);
  const flat = (s: string) => s.replace(/\s+/g, " ").trim();
  return found.map((span) => {
    const before = masked.slice(0, span.start);
    const boundaries = [...before.matchAll(/[.;:](?=\s)/g)];
    const clauseStart = boundaries.length > 0 ? (boundaries[boundaries.length - 1].index as number) + 1 : 0;
    const rest = /[.;:](?=\s|$)/.exec(masked.slice(span.end));
    const clauseEnd = rest ? span.end + rest.index : text.length;
    return {
      code: span.code,
      line: firstLine + (text.slice(0, span.start).match(/\n/g)?.length ?? 0),
      clause: flat(text.slice(clauseStart, clauseEnd)),
      paragraph: flat(text),
      after: flat(text.slice(span.end)),
    };
  });
}

/** `exit 2`, `exits 0`, `exit 0:`; not `exit 1 on any finding` (a condition, not the exit of the command shown). */
const EXIT_STATEMENT = /\bexit(?:s)?\s+(?:with\s+)?(\d+)\b(?!\s+(?:on|if|when|for|unless)\b)/g;

/** The exit codes stated in prose (code spans removed). */
function exitsStated(prose: string): number[] {
  return [...prose.replace(/`[^`]*`/g, "").matchAll(EXIT_STATEMENT)].map((m) => Number(m[1]));
}

// ---------------------------------------------------------------------------------------------------------------
// Shell lexing

type Token = { readonly type: "word"; readonly value: string } | { readonly type: "op"; readonly value: string };

const OPERATORS = ["2>&1", "&>", "2>>", "2>", ">>", ">", "<", "&&", "||", "|", ";", "&"];
const REDIRECTIONS = new Set(["&>", "2>>", "2>", ">>", ">", "<"]);

/**
 * Splits one logical line (continuations joined) into words and operators, and returns its comment. A `<name>` (a
 * letter after `<`, no `<` before the next `>`) is a placeholder inside a word, not a redirection; a `|` between two
 * word characters is a choice inside a word, not a pipe.
 */
function lex(line: string): { tokens: Token[]; comment: string } {
  const tokens: Token[] = [];
  let word: string | undefined;
  const endWord = () => {
    if (word !== undefined) tokens.push({ type: "word", value: word });
    word = undefined;
  };
  for (let i = 0; i < line.length;) {
    const c = line[i];
    if (/\s/.test(c)) {
      endWord();
      i++;
    } else if (c === "#" && word === undefined) {
      endWord();
      return { tokens, comment: line.slice(i + 1).trim() };
    } else if (c === "'") {
      const end = line.indexOf("'", i + 1);
      word = (word ?? "") + line.slice(i + 1, end === -1 ? undefined : end);
      i = end === -1 ? line.length : end + 1;
    } else if (c === '"') {
      let j = i + 1;
      let value = "";
      while (j < line.length && line[j] !== '"') {
        if (line[j] === "\\" && j + 1 < line.length && /["\\$`]/.test(line[j + 1])) j++;
        value += line[j++];
      }
      word = (word ?? "") + value;
      i = j + 1;
    } else if (c === "\\" && i + 1 < line.length) {
      word = (word ?? "") + line[i + 1];
      i += 2;
    } else if (c === "<" && /^<[A-Za-z][^<>\n]*>/.test(line.slice(i))) {
      const end = line.indexOf(">", i);
      word = (word ?? "") + line.slice(i, end + 1);
      i = end + 1;
    } else if (c === "|" && line[i + 1] !== "|" && word !== undefined && i + 1 < line.length && /[^\s|;&<>()]/.test(line[i + 1])) {
      word += c;
      i++;
    } else {
      // `2>` is a redirection only at a word's start (`x2>` is `x2` and `>`).
      const op = OPERATORS.find((o) => line.startsWith(o, i) && (!o.startsWith("2") || word === undefined));
      if (op === undefined) {
        word = (word ?? "") + c;
        i++;
      } else {
        endWord();
        tokens.push({ type: "op", value: op });
        i += op.length;
      }
    }
  }
  endWord();
  return { tokens, comment: "" };
}

/** The logical lines of a shell block: `\` continuations joined, each with the line number of its first line. */
function logicalLines(body: string, firstLine: number): { text: string; line: number }[] {
  const physical = body.split("\n");
  const result: { text: string; line: number }[] = [];
  for (let i = 0; i < physical.length; i++) {
    const line = firstLine + i;
    let text = physical[i];
    while (/\\\s*$/.test(text) && i + 1 < physical.length) text = text.replace(/\\\s*$/, " ") + physical[++i];
    result.push({ text, line });
  }
  return result;
}

/** The simple commands of a token list (split at `&&`, `||`, `;`, `&`, `|`), redirections removed. */
function simpleCommands(tokens: readonly Token[]): string[][] {
  const commands: string[][] = [[]];
  // A ` | ` followed by an option is a choice of arguments (usage notation): kept as a `|` word for expandChoices.
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    const current = commands[commands.length - 1];
    if (token.type === "word") current.push(token.value);
    else if (REDIRECTIONS.has(token.value)) i++;
    else if (token.value === "2>&1") continue;
    else if (token.value === "|" && tokens[i + 1]?.type === "word" && tokens[i + 1].value.startsWith("-")) current.push("|");
    else commands.push([]);
  }
  return commands.filter((c) => c.length > 0);
}

/**
 * The concrete word lists of a documented word list: optional brackets dropped, repeat marks removed, each choice its
 * own list. `elided` when a lone `...` left arguments out.
 */
function expandChoices(words: readonly string[]): { variants: string[][]; elided: boolean } {
  let elided = false;
  const cleaned: string[] = [];
  for (const word of words) {
    if (word === "..." || word === "…") {
      elided = true;
      continue;
    }
    // Brackets of usage notation, outside placeholders; then a trailing repeat mark.
    const value = word
      .split(/(<[^<>]*>)/)
      .map((part, i) => (i % 2 === 1 ? part : part.replace(/[[\]]/g, "")))
      .join("")
      .replace(/(?:\.\.\.|…)$/, "");
    if (value !== "") cleaned.push(value);
  }
  // ` | ` between argument groups after `--`: each group after the prefix.
  let groups: string[][] = [cleaned];
  if (cleaned.includes("|")) {
    const separator = cleaned.indexOf("--");
    const prefix = separator === -1 ? [] : cleaned.slice(0, separator + 1);
    const alternatives = cleaned
      .slice(prefix.length)
      .reduce<string[][]>((acc, w) => (w === "|" ? [...acc, []] : [...acc.slice(0, -1), [...acc[acc.length - 1], w]]), [[]]);
    groups = alternatives.map((a) => [...prefix, ...a]);
  }
  // `a|b` inside a word (outside placeholders): one list per choice.
  const variants = groups.flatMap((group) =>
    group.reduce<string[][]>(
      (lists, word) => {
        const choices = /^[^<]*\|/.test(word) && !word.startsWith("|") ? word.split("|").filter((c) => c !== "") : [word];
        return lists.flatMap((list) => choices.map((choice) => [...list, choice]));
      },
      [[]],
    ),
  );
  return { variants, elided };
}

const ASSIGNMENT = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/;

/** The command of one concrete word list, or undefined when it is not an npm or npx cdktf command. */
function commandOf(
  words: readonly string[],
  where: { file: string; line: number; inline: boolean; elided: boolean; expectedExit?: number; expectedOutput?: string },
): DocumentedCommand | undefined {
  const env: Record<string, string> = {};
  let i = 0;
  for (; i < words.length && ASSIGNMENT.test(words[i]); i++) {
    const [, name, value] = ASSIGNMENT.exec(words[i]) as RegExpExecArray;
    env[name] = value;
  }
  const program = words.slice(i);
  const base = { ...where, text: words.join(" "), env };
  if (program[0] === "npx" && program[1] === "cdktf") {
    return { ...base, kind: "npx cdktf", name: program[2], npmOptions: [], args: program.slice(3) };
  }
  if (program[0] !== "npm") return undefined;
  const sub = program[1];
  if (sub === "ci") return { ...base, kind: "npm ci", npmOptions: program.slice(2), args: [] };
  if (sub !== "run" && sub !== "run-script" && sub !== "test" && sub !== "t") return undefined;
  const options: string[] = [];
  const args: string[] = [];
  let name = sub === "run" || sub === "run-script" ? undefined : "test";
  let j = 2;
  for (; j < program.length && program[j] !== "--"; j++) {
    const word = program[j];
    if (word.startsWith("-")) options.push(word);
    else if (name === undefined) name = word;
    else args.push(word);
  }
  args.push(...program.slice(j + 1));
  if (name === undefined) return undefined;
  return { ...base, kind: name === "test" && sub !== "run" && sub !== "run-script" ? "npm test" : "npm run", name, npmOptions: options, args };
}

/** Whether an inline span is a command: `npm run|test|ci` or `npx cdktf`, after any assignments. */
const COMMAND_SPAN = /^(?:[A-Za-z_][A-Za-z0-9_]*=\S*\s+)*(?:npm\s+(?:run|run-script|test|ci)\b|npx\s+cdktf\b)/;

/** The commands of a shell block: `line` is the line of the block's first content line. */
export function commandsOfBlock(file: string, body: string, line: number): DocumentedCommand[] {
  return logicalLines(body, line).flatMap((logical) => {
    const { tokens, comment } = lex(logical.text);
    const stated = exitsStated(comment);
    const commands = simpleCommands(tokens);
    return commands.flatMap((words, index) => {
      const { variants, elided } = expandChoices(words);
      // A line's comment describes the line's last command (`a && b   # exit 0: ...`).
      const expectedExit = index === commands.length - 1 && stated.length === 1 ? stated[0] : undefined;
      return variants.flatMap((variant) => {
        const command = commandOf(variant, {
          file,
          line: logical.line,
          inline: false,
          elided,
          ...(expectedExit === undefined ? {} : { expectedExit }),
        });
        return command ? [command] : [];
      });
    });
  });
}

/** The commands of an inline span (none unless it starts with one of the commands above). */
export function commandsOfSpan(file: string, span: InlineSpan): DocumentedCommand[] {
  const code = span.code.replace(/\\\|/g, "|").trim();
  if (!COMMAND_SPAN.test(code)) return [];
  const { tokens } = lex(code);
  // `<command>` says `<text>`: the document quotes what it prints.
  const says = /^says\s+`([^`]+)`/.exec(span.after);
  const inClause = exitsStated(span.clause);
  const inParagraph = exitsStated(span.paragraph);
  const expectedExit = inClause.length === 1 ? inClause[0] : says && inParagraph.length === 1 ? inParagraph[0] : undefined;
  return simpleCommands(tokens).flatMap((words) => {
    const { variants, elided } = expandChoices(words);
    return variants.flatMap((variant) => {
      const command = commandOf(variant, {
        file,
        line: span.line,
        inline: true,
        elided,
        ...(expectedExit === undefined ? {} : { expectedExit }),
        ...(says ? { expectedOutput: says[1] } : {}),
      });
      return command ? [command] : [];
    });
  });
}

const SHELL = new Set(["sh", "bash", "shell", "console", "zsh"]);

/** Every command a document shows, in document order: shell blocks' and inline spans'. */
export function commandsOf(document: Document): DocumentedCommand[] {
  const fromBlocks = fencesOf(document.text)
    .filter((fence) => SHELL.has(fence.lang))
    .flatMap((fence) => commandsOfBlock(document.file, fence.lang === "console" ? consoleInput(fence.body) : fence.body, fence.line));
  const fromSpans = inlineSpansOf(document.text).flatMap((span) => commandsOfSpan(document.file, span));
  return [...fromBlocks, ...fromSpans].sort((a, b) => a.line - b.line);
}

/** A console block's commands: the lines after a `$ ` prompt (others, the output, blanked to keep line numbers). */
function consoleInput(body: string): string {
  if (!/^\s*\$ /m.test(body)) return body;
  return body
    .split("\n")
    .map((line) => (/^\s*\$ /.test(line) ? line.replace(/^\s*\$ /, "") : ""))
    .join("\n");
}

/** Every command of the README and docs/. */
export function documentedCommands(root: string = REPO_ROOT): DocumentedCommand[] {
  return documents(root).flatMap(commandsOf);
}

/** The TypeScript snippets of a document: ```ts and ```typescript blocks. */
export function snippetsOf(document: Document): Fence[] {
  return fencesOf(document.text).filter((fence) => fence.lang === "ts" || fence.lang === "typescript");
}

/** The marker that makes a snippet a deliberate fragment, not type-checked. */
export const FRAGMENT_MARKER = "snippet: fragment";
