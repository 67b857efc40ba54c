/**
 * The TypeScript examples in the modules' READMEs compile against the modules as they are: each ```ts block is
 * type-checked (imports hoisted, the body inside a function whose `this` is a construct scope), and every exported
 * construct has one in the README nearest its source file. What an example takes from its surroundings (a provider,
 * an id from elsewhere) is declared in the README's prelude (readme-preludes/), so the README itself stays free of
 * boilerplate.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import ts from "typescript";
import { moduleSources } from "../package/module-sources";
import { REPO_ROOT } from "../run-ts";
import { PRELUDES } from "./readme-preludes";
import { exportedConstructs } from "../package/exported-constructs";

interface Example {
  readonly readme: string;
  readonly index: number;
  readonly file: string;
  readonly source: string;
}

/** Every README.md under modules/, repository-relative. */
function readmes(folder = "modules"): string[] {
  return readdirSync(join(REPO_ROOT, folder), { withFileTypes: true }).flatMap((entry) => {
    const path = `${folder}/${entry.name}`;
    if (entry.isDirectory()) return readmes(path);
    return entry.name === "README.md" ? [path] : [];
  });
}

/** Each ```ts block as a module: its imports and the prelude's, then its body inside `function (this: Construct)`. */
function examplesOf(readme: string): Example[] {
  const text = readFileSync(join(REPO_ROOT, readme), "utf8");
  const blocks = [...text.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((m) => m[1]);
  return blocks.map((block, index) => {
    const lines = block.split("\n");
    const imports = lines.filter((l) => l.startsWith("import "));
    // A top-level `export` in an example shows what a file of the reader's would export; inside the function it is a plain declaration.
    const body = lines.filter((l) => !l.startsWith("import ")).map((l) => l.replace(/^export /, ""));
    const prelude = PRELUDES[readme] ?? "";
    const preludeImports = prelude.split("\n").filter((l) => l.trim().startsWith("import ") && !imports.some((i) => sameBinding(i, l)));
    const preludeRest = prelude.split("\n").filter((l) => !l.trim().startsWith("import "));
    const source = [
      'import type { Construct } from "constructs";',
      ...imports,
      ...preludeImports,
      ...preludeRest,
      "export function example(this: Construct): void {",
      "  void this;",
      ...body,
      "}",
    ].join("\n");
    return { readme, index, file: join(REPO_ROOT, `readme-example-${readme.replace(/\//g, "-")}-${index}.ts`), source };
  });
}

/** True when two import lines bind the same first name (the example's own import wins over the prelude's). */
function sameBinding(a: string, b: string): boolean {
  const first = (line: string) => /\{\s*(?:type\s+)?(\w+)/.exec(line)?.[1];
  return first(a) !== undefined && first(a) === first(b);
}

function typeCheck(examples: readonly Example[]): { problems: Map<string, string[]>; program: ts.Program } {
  const configFile = ts.readConfigFile(join(REPO_ROOT, "tsconfig.json"), (path) => ts.sys.readFile(path));
  const parsed = ts.parseJsonConfigFileContent(configFile.config, ts.sys, REPO_ROOT);
  const options: ts.CompilerOptions = { ...parsed.options, noEmit: true, noUnusedLocals: false, noUnusedParameters: false };
  const virtual = new Map(examples.map((e) => [e.file, e.source]));
  const host = ts.createCompilerHost(options);
  const { getSourceFile, fileExists, readFile } = host;
  host.fileExists = (name) => virtual.has(name) || fileExists.call(host, name);
  host.readFile = (name) => virtual.get(name) ?? readFile.call(host, name);
  host.getSourceFile = (name, language, onError) => {
    const source = virtual.get(name);
    return source === undefined ? getSourceFile.call(host, name, language, onError) : ts.createSourceFile(name, source, language);
  };
  const program = ts.createProgram([...virtual.keys(), ...ENTRY_POINTS.values()], options, host);
  const problems = new Map<string, string[]>();
  for (const diagnostic of ts.getPreEmitDiagnostics(program)) {
    const source = diagnostic.file;
    const text = source ? virtual.get(source.fileName) : undefined;
    if (!source || text === undefined) continue;
    const file = source.fileName;
    const { line } = source.getLineAndCharacterOfPosition(diagnostic.start ?? 0);
    const lineText = text.split("\n")[line].trim();
    problems.set(file, [...(problems.get(file) ?? []), `${ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n")} (at: ${lineText})`]);
  }
  return { problems, program };
}

/** The package's entry points for module folders: `./aws` -> modules/aws/index.ts (package.json `exports`). */
const ENTRY_POINTS: ReadonlyMap<string, string> = new Map(
  Object.keys((JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8")) as { exports: Record<string, unknown> }).exports)
    .map((subpath) => [subpath, join(REPO_ROOT, "modules", subpath.slice(2), "index.ts")] as const)
    .filter(([, file]) => existsSync(file) && file.startsWith(join(REPO_ROOT, "modules") + "/")),
);

/** The entry point a reader of the package imports `./modules/<path>` through: the deepest exported folder above it. */
function entryPointOf(modulePath: string): string | undefined {
  const parts = modulePath.replace(/^\.\/modules\//, "").split("/");
  for (let n = parts.length; n > 0; n--) {
    const subpath = `./${parts.slice(0, n).join("/")}`;
    if (ENTRY_POINTS.has(subpath)) return subpath;
  }
  return undefined;
}

/** The names an import line binds from its module, and the module: `import { A, type B as C } from "m"` -> A, B. */
function importedNames(line: string): { names: string[]; from: string } | undefined {
  const match = /^import\s+(?:type\s+)?\{([^}]*)\}\s+from\s+"([^"]+)"/.exec(line);
  if (!match) return undefined;
  const names = match[1]
    .split(",")
    .map(
      (binding) =>
        binding
          .trim()
          .replace(/^type\s+/, "")
          .split(/\s+as\s+/)[0],
    )
    .filter((name) => name.length > 0);
  return { names, from: match[2] };
}

/** Source text without comments, so that a construct named only in a comment does not count as used. */
function withoutComments(source: string): string {
  return source.replace(/\/\*[\s\S]*?\*\//g, "").replace(/(^|[^:])\/\/.*$/gm, "$1");
}

/** The README a reader of `className`'s source file finds first: the nearest README.md up from its folder. */
function readmeOf(className: string, sources: ReturnType<typeof moduleSources>): string {
  const declaration = new RegExp(`^export (?:abstract )?class ${className}\\b`, "m");
  const file = sources.find((s) => declaration.test(s.source.text));
  if (!file) throw new Error(`no source file declares class ${className}`);
  for (let folder = dirname(file.path); folder !== "."; folder = dirname(folder)) {
    if (existsSync(join(REPO_ROOT, folder, "README.md"))) return `${folder}/README.md`;
  }
  throw new Error(`no README above ${file.path}`);
}

describe("the modules' README examples", () => {
  const examples = readmes().flatMap(examplesOf);
  const { problems, program } = typeCheck(examples);
  const sources = moduleSources();

  it("exist in every module README", () => {
    for (const readme of readmes()) expect(examples.filter((e) => e.readme === readme).length).toBeGreaterThan(0);
  });

  it.each(exportedConstructs())("show %s in use in the README nearest its source", (className) => {
    const readme = readmeOf(className, sources);
    const constructed = examples.filter((e) => e.readme === readme && new RegExp(`\\bnew ${className}\\(`).test(withoutComments(e.source)));
    expect({ readme, examplesConstructingIt: constructed.length > 0 }).toEqual({ readme, examplesConstructingIt: true });
  });

  it.each(examples.map((e) => [`${e.readme} example ${e.index + 1}`, e] as const))(
    "%s imports only what the package exports, from the entry point of the imported file's folder",
    (_, example) => {
      const checker = program.getTypeChecker();
      const exportsOf = (subpath: string) => {
        const entry = program.getSourceFile(ENTRY_POINTS.get(subpath) as string);
        const symbol = entry && checker.getSymbolAtLocation(entry);
        return new Set(symbol ? checker.getExportsOfModule(symbol).map((s) => s.name) : []);
      };
      const unreachable = example.source
        .split("\n")
        .map(importedNames)
        .filter((i): i is { names: string[]; from: string } => i !== undefined && i.from.startsWith("./modules/"))
        .flatMap(({ names, from }) => {
          const subpath = entryPointOf(from);
          const exported = subpath ? exportsOf(subpath) : new Set<string>();
          return names.filter((name) => !exported.has(name)).map((name) => `${name} from ${from} (entry point ${subpath ?? "none"})`);
        });
      expect(unreachable).toEqual([]);
    },
  );

  it.each(examples.map((e) => [`${e.readme} example ${e.index + 1}`, e] as const))("%s type-checks", (_, example) => {
    expect(problems.get(example.file) ?? []).toEqual([]);
  });
});
