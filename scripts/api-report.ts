/**
 * Generates the library's API report, api/databricks-lakehouse-aws.api.md: for each entry point of package.json
 * `exports`, the names it exports, and for each exported name its declaration as the library build emits it (the
 * `.d.ts` text, comments left out). A test regenerates it in memory and fails when the checked-in file differs, so a
 * change of the public API shows in review as a diff of this file, and the version in package.json and CHANGELOG.md
 * follow it (semantic versioning: a removed or changed signature is a major change, an added name a minor one).
 *
 * The declarations are emitted in memory with the compiler options of tsconfig.build.json (nothing is written to
 * dist/), then read back as a second program, the way a consumer's compiler reads the package.
 *
 * Usage: npm run api-report [-- --check]
 *   --check  exit 1 if the report differs from what would be generated, without writing it
 */
import { readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import ts from "typescript";
import { runDocGenerator } from "./cli";

const REPO_ROOT = join(__dirname, "..");

/** Where the report lives. */
export const API_REPORT_PATH = join(REPO_ROOT, "api", "databricks-lakehouse-aws.api.md");

interface PackageJson {
  readonly name: string;
  readonly exports: Record<string, { readonly types: string } | string>;
}

/** The declaration files the library build emits, by absolute path, produced in memory. */
function emitDeclarations(): { files: Map<string, string>; options: ts.CompilerOptions } {
  const configPath = join(REPO_ROOT, "tsconfig.build.json");
  const config = ts.readConfigFile(configPath, (path) => ts.sys.readFile(path));
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, REPO_ROOT, undefined, configPath);
  const options: ts.CompilerOptions = {
    ...parsed.options,
    noEmit: false,
    declaration: true,
    emitDeclarationOnly: true,
    sourceMap: false,
    declarationMap: false,
  };
  const program = ts.createProgram(parsed.fileNames, options);
  const files = new Map<string, string>();
  const result = program.emit(undefined, (fileName, text) => files.set(resolve(fileName), text));
  const errors = [...ts.getPreEmitDiagnostics(program), ...result.diagnostics].filter((d) => d.category === ts.DiagnosticCategory.Error);
  if (errors.length > 0) {
    const host: ts.FormatDiagnosticsHost = { getCanonicalFileName: (f) => f, getCurrentDirectory: () => REPO_ROOT, getNewLine: () => "\n" };
    throw new Error(`the library does not compile:\n${ts.formatDiagnostics(errors, host)}`);
  }
  return { files, options };
}

/** A program over the emitted declarations, other files (the peers' declarations) read from disk. */
function declarationProgram(files: Map<string, string>, options: ts.CompilerOptions): ts.Program {
  const host = ts.createCompilerHost(options);
  const { fileExists, readFile, getSourceFile, directoryExists } = host;
  // Module resolution asks whether a folder exists before it looks for files in it: the emitted folders exist in
  // memory only (dist/ may be absent, or stale from another build), so they must answer too.
  const folders = new Set([...files.keys()].flatMap((file) => ancestorsOf(file)));
  host.directoryExists = (name) => folders.has(resolve(name)) || (directoryExists?.call(host, name) ?? false);
  host.fileExists = (name) => files.has(resolve(name)) || fileExists.call(host, name);
  host.readFile = (name) => files.get(resolve(name)) ?? readFile.call(host, name);
  host.getSourceFile = (name, language, onError) => {
    const text = files.get(resolve(name));
    return text === undefined ? getSourceFile.call(host, name, language, onError) : ts.createSourceFile(name, text, language, true);
  };
  return ts.createProgram([...files.keys()], { ...options, noEmit: true }, host);
}

/** Every folder above `file`, up to the root. */
function ancestorsOf(file: string): string[] {
  const folders: string[] = [];
  for (let folder = dirname(file); folder !== dirname(folder); folder = dirname(folder)) folders.push(folder);
  return folders;
}

interface ExportedName {
  readonly name: string;
  readonly kind: string;
  /** The emitted file that declares it, relative to dist/ (`modules/aws/kms-key.d.ts`). */
  readonly file: string;
}

const printer = ts.createPrinter({ removeComments: true, newLine: ts.NewLineKind.LineFeed });

function kindOf(declaration: ts.Declaration): string {
  if (ts.isClassDeclaration(declaration)) return "class";
  if (ts.isInterfaceDeclaration(declaration)) return "interface";
  if (ts.isTypeAliasDeclaration(declaration)) return "type";
  if (ts.isFunctionDeclaration(declaration)) return "function";
  if (ts.isEnumDeclaration(declaration)) return "enum";
  if (ts.isVariableDeclaration(declaration)) return "const";
  return ts.SyntaxKind[declaration.kind];
}

/** The statement that holds a declaration (a `const` is declared inside a variable statement). */
function statementOf(declaration: ts.Declaration): ts.Node {
  return ts.isVariableDeclaration(declaration) ? declaration.parent.parent : declaration;
}

/** The full text of the report. */
export function renderApiReport(): string {
  const pkg = JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8")) as PackageJson;
  const { files, options } = emitDeclarations();
  const program = declarationProgram(files, options);
  const checker = program.getTypeChecker();
  const dist = resolve(options.outDir ?? join(REPO_ROOT, "dist"));
  const declarations = new Map<string, Map<string, string>>();
  const entryLines: string[] = [];

  for (const [subpath, target] of Object.entries(pkg.exports)) {
    if (typeof target === "string") continue;
    const source = program.getSourceFile(resolve(REPO_ROOT, target.types));
    const moduleSymbol = source && checker.getSymbolAtLocation(source);
    if (!moduleSymbol) throw new Error(`package.json exports["${subpath}"]: ${target.types} is not emitted by the library build`);
    const names: ExportedName[] = checker
      .getExportsOfModule(moduleSymbol)
      .map((symbol) => {
        const resolved = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
        const decls = resolved.declarations ?? [];
        for (const declaration of decls) {
          const file = relative(dist, declaration.getSourceFile().fileName).split("\\").join("/");
          // Keyed by name and position: a declaration that several entry points export is printed once.
          const byName = declarations.get(file) ?? new Map<string, string>();
          const key = `${resolved.name}\u0000${String(declaration.pos).padStart(8, "0")}`;
          byName.set(key, printer.printNode(ts.EmitHint.Unspecified, statementOf(declaration), declaration.getSourceFile()));
          declarations.set(file, byName);
        }
        const first = decls[0];
        return {
          name: symbol.name,
          kind: decls
            .map(kindOf)
            .filter((k, i, all) => all.indexOf(k) === i)
            .join(" + "),
          file: first ? relative(dist, first.getSourceFile().fileName).split("\\").join("/") : "?",
        };
      })
      .sort((a, b) => a.name.localeCompare(b.name));
    const specifier = subpath === "." ? pkg.name : `${pkg.name}/${subpath.slice(2)}`;
    entryLines.push(`### \`${specifier}\``, "", `${names.length} names.`, "", "| name | kind | declared in |", "|---|---|---|");
    entryLines.push(...names.map((n) => `| \`${n.name}\` | ${n.kind} | ${n.file.replace(/\.d\.ts$/, "")} |`), "");
  }

  const declarationLines = [...declarations.keys()].sort().flatMap((file) => {
    const texts = [...(declarations.get(file) ?? new Map<string, string>()).entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, text]) => text);
    return [`### ${file.replace(/\.d\.ts$/, "")}`, "", "```ts", ...texts, "```", ""];
  });

  return [
    `# API report: ${pkg.name}`,
    "",
    "Generated by `npm run api-report` from the declarations the library build emits (tsconfig.build.json); do not edit.",
    "A test fails when the public API differs from this file: regenerate it, and let the change decide the next version",
    "(CHANGELOG.md): a removed name or a changed signature is a major change, a new name or optional prop a minor one.",
    "",
    "## Entry points",
    "",
    ...entryLines,
    "## Declarations",
    "",
    "By emitted file; each exported name's declaration as a consumer's compiler reads it, comments left out.",
    "",
    ...declarationLines,
  ].join("\n");
}

if (require.main === module) void runDocGenerator("api-report", API_REPORT_PATH, () => renderApiReport());
