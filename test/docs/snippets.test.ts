/**
 * The TypeScript snippets of README.md and docs/ compile against the code as it is, as the module READMEs' examples do
 * (test/modules/readme-examples.test.ts): each ```ts or ```typescript block is type-checked with the repository's
 * tsconfig, its imports hoisted and its body inside a function whose `this` is a construct scope. A snippet stands in
 * its document's folder (`./stacks/...` from README.md, `../modules/...` from docs/), and the package's own name
 * (`databricks-lakehouse-aws/contracts`) resolves to the source of that entry point, as a reader's app would find
 * the package. What the prose supplies (a layer's `config`, a bucket it talks about) is declared in
 * snippet-preludes.ts. A snippet that is deliberately a fragment is marked in the document with `<!-- snippet:
 * fragment -->` on the line before its fence, and is not checked.
 */
import { readFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import ts from "typescript";
import { REPO_ROOT } from "../run-ts";
import { documents, FRAGMENT_MARKER, snippetsOf } from "./documented-commands";
import { PRELUDE, PRELUDES } from "./snippet-preludes";

interface Snippet {
  /** `<document>:<line of the first line inside the fence>`. */
  readonly name: string;
  readonly document: string;
  /** The virtual file, in the document's folder. */
  readonly file: string;
  readonly source: string;
  /** For each line of `source`, the document's line it comes from (undefined: the prelude or the wrapper). */
  readonly origin: readonly (number | undefined)[];
}

const all = documents().flatMap((document) => snippetsOf(document).map((fence, index) => ({ document, fence, index })));
const fragments = all.filter(({ fence }) => fence.marker === FRAGMENT_MARKER);

/** A snippet as a module: the prelude, its imports, then its body inside `function (this: Construct)`. */
function moduleOf(documentFile: string, body: string, firstLine: number, index: number): Snippet {
  const lines = body.split("\n").map((text, i) => ({ text, line: firstLine + i }));
  const isImport = (text: string) => /^import\s/.test(text);
  const prelude = `${PRELUDE}\n${PRELUDES[documentFile] ?? ""}`
    .replace(/(["'])@\//g, `$1${REPO_ROOT}/`)
    .split("\n")
    .map((text) => text.trim());
  const entries: { text: string; line?: number }[] = [
    ...prelude.filter(isImport).map((text) => ({ text })),
    ...lines.filter((l) => isImport(l.text)),
    ...prelude.filter((text) => !isImport(text)).map((text) => ({ text })),
    { text: "export function snippet(this: Construct): void {" },
    { text: "  void this;" },
    // A top-level `export` shows what the reader's file would export; inside the function it is a declaration.
    ...lines.filter((l) => !isImport(l.text)).map((l) => ({ text: l.text.replace(/^export /, ""), line: l.line })),
    { text: "}" },
  ];
  const name = `${documentFile}:${firstLine}`;
  const file = join(REPO_ROOT, dirname(documentFile), `doc-snippet-${basename(documentFile, ".md")}-${index}.ts`);
  return { name, document: documentFile, file, source: entries.map((e) => e.text).join("\n"), origin: entries.map((e) => e.line) };
}

/** The package's own name and its subpaths, mapped to their source (package.json `exports`: dist/x.d.ts -> x.ts). */
function packagePaths(): Record<string, string[]> {
  const pkg = JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8")) as {
    name: string;
    exports: Record<string, { types?: string } | string>;
  };
  return Object.fromEntries(
    Object.entries(pkg.exports)
      .filter(([, target]) => typeof target === "object" && target.types !== undefined)
      .map(([subpath, target]) => [
        `${pkg.name}${subpath.slice(1)}`,
        [join(REPO_ROOT, (target as { types: string }).types.replace(/^\.\/dist\//, "").replace(/\.d\.ts$/, ".ts"))],
      ]),
  );
}

/** Type-checks every snippet in one program; problems by snippet name, each `<document>:<line>: <message>`. */
function typeCheck(snippets: readonly Snippet[]): Map<string, string[]> {
  const configFile = ts.readConfigFile(join(REPO_ROOT, "tsconfig.json"), (path) => ts.sys.readFile(path));
  const parsed = ts.parseJsonConfigFileContent(configFile.config, ts.sys, REPO_ROOT);
  const options: ts.CompilerOptions = {
    ...parsed.options,
    noEmit: true,
    noUnusedLocals: false,
    noUnusedParameters: false,
    paths: packagePaths(),
    pathsBasePath: REPO_ROOT,
  };
  const virtual = new Map(snippets.map((s) => [s.file, s]));
  const host = ts.createCompilerHost(options);
  const { getSourceFile, fileExists, readFile } = host;
  host.fileExists = (name) => virtual.has(name) || fileExists.call(host, name);
  host.readFile = (name) => virtual.get(name)?.source ?? readFile.call(host, name);
  host.getSourceFile = (name, language, onError) => {
    const snippet = virtual.get(name);
    return snippet === undefined ? getSourceFile.call(host, name, language, onError) : ts.createSourceFile(name, snippet.source, language);
  };
  const program = ts.createProgram([...virtual.keys()], options, host);
  const problems = new Map<string, string[]>(snippets.map((s) => [s.name, []]));
  for (const diagnostic of ts.getPreEmitDiagnostics(program)) {
    const snippet = diagnostic.file && virtual.get(diagnostic.file.fileName);
    if (!snippet || !diagnostic.file) continue;
    const { line } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start ?? 0);
    const origin = snippet.origin[line];
    // A line of the prelude or of the wrapping function: the snippet's own text made it fail (an unclosed bracket).
    const at =
      origin === undefined ? `${snippet.name} (at the added line \`${snippet.source.split("\n")[line].trim()}\`)` : `${snippet.document}:${origin}`;
    problems.get(snippet.name)?.push(`${at}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, " ")}`);
  }
  return problems;
}

/** Snippets of a document that does not exist, checked in the same program: the check itself works. */
const SELF_CHECK = {
  complete: moduleOf(
    "docs/self-check.md",
    'import { suppressRule } from "../modules/policy";\nsuppressRule(rootBucket, "S3-TLS-ONLY", "a reason long enough");',
    10,
    0,
  ),
  fromThePackage: moduleOf(
    "docs/self-check.md",
    'import { WorkspaceOutputs } from "databricks-lakehouse-aws/contracts";\nvoid WorkspaceOutputs;',
    20,
    1,
  ),
  wrong: moduleOf("docs/self-check.md", 'import { NoSuchContract } from "databricks-lakehouse-aws/contracts";\n\nconst n: number = "text";', 30, 2),
};

describe("the TypeScript snippets of the README and docs/", () => {
  const snippets = all
    .filter(({ fence }) => fence.marker !== FRAGMENT_MARKER)
    .map(({ document, fence, index }) => moduleOf(document.file, fence.body, fence.line, index));
  const problems = typeCheck([...snippets, ...Object.values(SELF_CHECK)]);

  it("are checked by a check that passes a complete snippet and names the document's line of each error", () => {
    expect(problems.get(SELF_CHECK.complete.name)).toEqual([]);
    expect(problems.get(SELF_CHECK.fromThePackage.name)).toEqual([]);
    expect(problems.get(SELF_CHECK.wrong.name)).toEqual([
      expect.stringMatching(/^docs\/self-check\.md:30: .*NoSuchContract/),
      "docs/self-check.md:32: Type 'string' is not assignable to type 'number'.",
    ]);
  });

  it(`are found (${snippets.length} checked; ${fragments.length} marked <!-- ${FRAGMENT_MARKER} --> and skipped: ${fragments.map(({ document, fence }) => `${document.file}:${fence.line}`).join(", ") || "none"})`, () => {
    expect(all.length).toBeGreaterThan(0);
  });

  it.each(snippets.map((s) => [s.name, s] as const))("%s type-checks", (_, snippet) => {
    expect(problems.get(snippet.name)).toEqual([]);
  });
});
