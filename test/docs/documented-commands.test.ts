/**
 * The extraction of documented commands (documented-commands.ts), on small markdown texts: what counts as a command,
 * where it is, and how shell syntax and usage notation are read.
 */
import { commandsOf, fencesOf, snippetsOf, type DocumentedCommand } from "./documented-commands";

const FENCE = "```";

/** The commands of a markdown text, as `line: text` plus the parts a test looks at. */
function extract(text: string) {
  return commandsOf({ file: "doc.md", text }).map((c: DocumentedCommand) => ({
    line: c.line,
    kind: c.kind,
    name: c.name,
    env: c.env,
    args: c.args,
    ...(c.npmOptions.length > 0 ? { npmOptions: c.npmOptions } : {}),
    ...(c.elided ? { elided: true } : {}),
    ...(c.expectedExit === undefined ? {} : { expectedExit: c.expectedExit }),
    ...(c.expectedOutput === undefined ? {} : { expectedOutput: c.expectedOutput }),
  }));
}

describe("the documented commands' extraction", () => {
  describe("from shell blocks", () => {
    it("reads blocks tagged sh, bash, shell or console, and no others", () => {
      const text = [
        "# Title",
        "",
        ...["sh", "bash", "shell", "console", "", "text", "ts"].flatMap((tag) => [`${FENCE}${tag}`, `npm run ${tag || "untagged"}`, FENCE]),
      ].join("\n");
      expect(extract(text).map((c) => c.name)).toEqual(["sh", "bash", "shell", "console"]);
    });

    it("gives each command the line it starts on", () => {
      const text = ["intro", "", `${FENCE}sh`, "npm run synth", "", "npm run check"].join("\n") + `\n${FENCE}\n`;
      expect(extract(text).map((c) => [c.line, c.name])).toEqual([
        [4, "synth"],
        [6, "check"],
      ]);
    });

    it("joins `\\` continuations into one command, at its first line", () => {
      const text = [`${FENCE}sh`, "npm run -s drift -- --env dev \\", "  --concurrency 3 \\", "  --format markdown", FENCE].join("\n");
      expect(extract(text)).toEqual([
        {
          line: 2,
          kind: "npm run",
          name: "drift",
          env: {},
          npmOptions: ["-s"],
          args: ["--env", "dev", "--concurrency", "3", "--format", "markdown"],
        },
      ]);
    });

    it("takes NAME=value assignments before the program as its environment", () => {
      const text = [`${FENCE}sh`, "LAKEHOUSE_ENV=dev,prod npm run synth", "CHECKPOINT_DISABLE=1 LAKEHOUSE_ENV=dev npx cdktf synth", FENCE].join("\n");
      expect(extract(text)).toEqual([
        { line: 2, kind: "npm run", name: "synth", env: { LAKEHOUSE_ENV: "dev,prod" }, args: [] },
        { line: 3, kind: "npx cdktf", name: "synth", env: { CHECKPOINT_DISABLE: "1", LAKEHOUSE_ENV: "dev" }, args: [] },
      ]);
    });

    it("splits at &&, ||, ; and |, keeps only npm and npx cdktf commands, and drops redirections", () => {
      const text = [
        `${FENCE}sh`,
        "npm ci && npm run synth; cp -r cdktf.out /tmp/before || true",
        "npm run -s check -- --json 2>&1 | head -5",
        'npm run -s drift -- --env prod >> "$GITHUB_STEP_SUMMARY"',
        "npm run -s config -- schema > env.schema.json < /dev/null",
        "aws kms create-key --description key",
        FENCE,
      ].join("\n");
      expect(extract(text)).toEqual([
        { line: 2, kind: "npm ci", env: {}, args: [] },
        { line: 2, kind: "npm run", name: "synth", env: {}, args: [] },
        { line: 3, kind: "npm run", name: "check", env: {}, npmOptions: ["-s"], args: ["--json"] },
        { line: 4, kind: "npm run", name: "drift", env: {}, npmOptions: ["-s"], args: ["--env", "prod"] },
        { line: 5, kind: "npm run", name: "config", env: {}, npmOptions: ["-s"], args: ["schema"] },
      ]);
    });

    it("ignores comments, and reads an unconditional `exit N` in a command's comment as its expected exit code", () => {
      const text = [
        `${FENCE}sh`,
        "# npm run deploy -- --env prod   (a comment, not a command)",
        "npm run -s compare-synth -- a b   # exit 0: same stacks",
        "npm run check -- --json   # the same for machines; exit 1 on any unsuppressed finding",
        "npm run synth -- dev   # exits 2",
        FENCE,
      ].join("\n");
      expect(extract(text).map((c) => [c.name, c.args, c.expectedExit])).toEqual([
        ["compare-synth", ["a", "b"], 0],
        ["check", ["--json"], undefined],
        ["synth", ["dev"], 2],
      ]);
    });

    it("keeps quoted words whole, without their quotes", () => {
      const text = [`${FENCE}sh`, `npx cdktf diff 'dev-*'`, `npm run config -- print "my env"`, FENCE].join("\n");
      expect(extract(text).map((c) => c.args)).toEqual([["dev-*"], ["print", "my env"]]);
    });

    it("reads a console block's commands after the `$ ` prompt, not its output", () => {
      const text = [`${FENCE}console`, "$ npm run check", "npm run synth (this is output)", FENCE].join("\n");
      expect(extract(text).map((c) => [c.line, c.name])).toEqual([[2, "check"]]);
    });
  });

  describe("usage notation", () => {
    it("keeps <placeholders> as values (a `<` or `>` of a placeholder is no redirection)", () => {
      const text = [`${FENCE}sh`, "LAKEHOUSE_ENV=<env> npm run -s impact -- --base <git-ref> > <file>", FENCE].join("\n");
      expect(extract(text)).toEqual([
        { line: 2, kind: "npm run", name: "impact", env: { LAKEHOUSE_ENV: "<env>" }, npmOptions: ["-s"], args: ["--base", "<git-ref>"] },
      ]);
    });

    it("includes [optional] parts, without their brackets", () => {
      const text = [`${FENCE}sh`, "npm run check [-- --json]", "npm run deploy -- --env <env> [--stack <layer>] [--auto-approve]", FENCE].join("\n");
      expect(extract(text).map((c) => c.args)).toEqual([["--json"], ["--env", "<env>", "--stack", "<layer>", "--auto-approve"]]);
    });

    it("makes one command per choice of a|b inside a word", () => {
      const text = [`${FENCE}sh`, "npm run plan|deploy -- --env dev [--format text|markdown]", FENCE].join("\n");
      expect(extract(text).map((c) => `${c.name} ${c.args.join(" ")}`)).toEqual([
        "plan --env dev --format text",
        "plan --env dev --format markdown",
        "deploy --env dev --format text",
        "deploy --env dev --format markdown",
      ]);
    });

    it("removes the repeat mark of `<file>...`, and marks a command whose arguments a lone `...` leaves out", () => {
      const text = [`${FENCE}sh`, "npm run -s drift -- --plan-json <file>...", "LAKEHOUSE_ENV=dev npx cdktf diff ...", FENCE].join("\n");
      expect(extract(text).map((c) => [c.args, c.elided ?? false])).toEqual([
        [["--plan-json", "<file>"], false],
        [[], true],
      ]);
    });
  });

  describe("from inline code spans", () => {
    it("reads spans that start with npm run, npm test, npm ci or npx cdktf, after any assignments", () => {
      const text = [
        "Run `npm run synth` (or `LAKEHOUSE_ENV=dev npm run synth`), then `npm test`; `npm ci` installs.",
        "Under the CLI: `CHECKPOINT_DISABLE=1 npx cdktf list`. Not commands: `cdktf.out`, `npm run -s`, `npm pack`, `npx tsc`.",
      ].join("\n");
      expect(extract(text).map((c) => [c.line, c.kind, c.name, c.env])).toEqual([
        [1, "npm run", "synth", {}],
        [1, "npm run", "synth", { LAKEHOUSE_ENV: "dev" }],
        [1, "npm test", "test", {}],
        [1, "npm ci", undefined, {}],
        [2, "npx cdktf", "list", { CHECKPOINT_DISABLE: "1" }],
      ]);
    });

    it("reads a span that a line break splits, at the line it starts on", () => {
      const text = ["First line.", "Redirect with -s: `npm run -s config -- schema >", "  env.schema.json`."].join("\n");
      expect(extract(text)).toEqual([{ line: 2, kind: "npm run", name: "config", env: {}, npmOptions: ["-s"], args: ["schema"] }]);
    });

    it("reads a table cell's `\\|` as a choice: of scripts inside a word, of arguments after --", () => {
      const text = [
        "| command | does |",
        "|---|---|",
        "| `npm run plan\\|deploy -- --env <env>` | plans or deploys |",
        "| `npm run -s drift -- --env <env> \\| --plan-json <file>...` | drift |",
      ].join("\n");
      expect(extract(text).map((c) => `${c.line}: ${c.name} ${c.args.join(" ")}`)).toEqual([
        "3: plan --env <env>",
        "3: deploy --env <env>",
        "4: drift --env <env>",
        "4: drift --plan-json <file>",
      ]);
    });

    it("reads a pipe in a span as a pipe: `npm run -s check -- --json | head`", () => {
      expect(extract("A reader that goes away (`npm run -s check -- --json | head`) ends it.").map((c) => c.args)).toEqual([["--json"]]);
    });

    it("takes the expected exit code from the span's clause, or with `says` from its paragraph, never from a condition", () => {
      const text = [
        "- **Help**: `--help` prints the usage and exits 0 (`npm run synth -- --help`).",
        "- **Bad arguments** are refused, exit 2.",
        '  `npm run synth -- dev` says `unexpected argument "dev"`.',
        "- `npm run check` exits non-zero on a finding; an unwritable output (`> /full/disk`) is exit 1.",
        "- `npm run check -- --json` has the findings, exit 1 on any of them.",
      ].join("\n");
      expect(extract(text).map((c) => [c.line, c.args, c.expectedExit, c.expectedOutput])).toEqual([
        [1, ["--help"], 0, undefined],
        [3, ["dev"], 2, 'unexpected argument "dev"'],
        [4, [], undefined, undefined],
        [5, ["--json"], undefined, undefined],
      ]);
    });

    it("does not read spans inside fenced blocks", () => {
      const text = [`${FENCE}markdown`, "Run `npm run synth`.", FENCE, "", "Then `npm run check`."].join("\n");
      expect(extract(text).map((c) => c.name)).toEqual(["check"]);
    });
  });

  describe("TypeScript snippets", () => {
    it("are the ts and typescript blocks, with the line of their first line and a fragment marker on the line before", () => {
      const text = [
        "Intro.",
        "",
        `${FENCE}ts`,
        "const a = 1;",
        FENCE,
        "",
        "<!-- snippet: fragment -->",
        "",
        `${FENCE}typescript`,
        "customModels: [],",
        FENCE,
        "",
        `${FENCE}sh`,
        "npm run synth",
        FENCE,
        "",
        "1. In a list:",
        "",
        `   ${FENCE}ts`,
        "   const b = 2;",
        `   ${FENCE}`,
      ].join("\n");
      expect(snippetsOf({ file: "doc.md", text }).map((f) => [f.line, f.body.trim(), f.marker])).toEqual([
        [4, "const a = 1;", undefined],
        [10, "customModels: [],", "snippet: fragment"],
        [20, "const b = 2;", undefined],
      ]);
      expect(fencesOf(text).map((f) => f.lang)).toEqual(["ts", "typescript", "sh", "ts"]);
    });

    it("takes a block inside a list item without the fence's indentation, so its imports stay at the top level", () => {
      const text = ["1. Step:", "", `   ${FENCE}ts`, '   import { a } from "./a";', "     a();", `   ${FENCE}`].join("\n");
      expect(snippetsOf({ file: "doc.md", text }).map((f) => f.body)).toEqual(['import { a } from "./a";\n  a();']);
    });
  });
});
