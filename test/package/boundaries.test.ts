/**
 * The library's boundaries, from its source: the import graph of modules/ (every import, export-from, `import type`,
 * `require` and dynamic `import()`, read with the TypeScript compiler) stays inside modules/ and reaches only the
 * packages the library declares as peers, by deep path; no module reads `process.env` (every input comes through
 * props); and the `./aws`, `./core` and `./policy` entry points cannot reach the Databricks provider.
 */
import { builtinModules } from "node:module";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, posix } from "node:path";
import ts from "typescript";
import { REPO_ROOT } from "../run-ts";
import { moduleSources, where, type ModuleSource } from "./module-sources";

/** Top-level folders of the app around the library; a module importing one of them would not work outside this repository. */
const APP_FOLDERS = ["environments", "stacks", "scripts", "pipelines", "apps", "dashboards", "test", "examples", "notebooks", "docs"];
/** The provider packages, imported only by deep path (`<package>/lib/<resource>`): a root import loads every resource class. */
const PROVIDERS = ["@cdktf/provider-aws", "@cdktf/provider-databricks", "@cdktf/provider-time"];

interface Import {
  readonly specifier: string;
  readonly node: ts.Node;
}

/** Every module specifier a file names. */
function importsOf(file: ModuleSource): Import[] {
  const found: Import[] = [];
  const visit = (node: ts.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      found.push({ specifier: node.moduleSpecifier.text, node });
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      const expression = node.moduleReference.expression;
      if (ts.isStringLiteral(expression)) found.push({ specifier: expression.text, node });
    } else if (ts.isCallExpression(node) && node.arguments.length > 0 && ts.isStringLiteralLike(node.arguments[0])) {
      const callee = node.expression;
      if (callee.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(callee) && callee.text === "require")) {
        found.push({ specifier: node.arguments[0].text, node });
      }
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      found.push({ specifier: node.argument.literal.text, node });
    }
    ts.forEachChild(node, visit);
  };
  visit(file.source);
  return found;
}

/** A relative specifier as a repository path (`.ts` or `/index.ts`), or undefined when no such file exists. */
function resolveRelative(from: string, specifier: string): string | undefined {
  const base = posix.normalize(posix.join(posix.dirname(from), specifier));
  return [`${base}.ts`, `${base}/index.ts`, base].find((candidate) => candidate.endsWith(".ts") && existsSync(join(REPO_ROOT, candidate)));
}

/** The npm package a bare specifier names (`@scope/name` or `name`). */
function packageOf(specifier: string): string {
  const parts = specifier.split("/");
  return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0];
}

/** Reads of the environment: `process.env`, `process["env"]`, `globalThis.process.env`, `const { env } = process`. */
function environmentReads(file: ModuleSource): ts.Node[] {
  const found: ts.Node[] = [];
  const isProcess = (e: ts.Expression): boolean =>
    (ts.isIdentifier(e) && e.text === "process") || (ts.isPropertyAccessExpression(e) && e.name.text === "process");
  const visit = (node: ts.Node): void => {
    if (ts.isPropertyAccessExpression(node) && node.name.text === "env" && isProcess(node.expression)) found.push(node);
    if (
      ts.isElementAccessExpression(node) &&
      isProcess(node.expression) &&
      ts.isStringLiteralLike(node.argumentExpression) &&
      node.argumentExpression.text === "env"
    ) {
      found.push(node);
    }
    if (ts.isVariableDeclaration(node) && node.initializer && isProcess(node.initializer) && ts.isObjectBindingPattern(node.name)) {
      if (node.name.elements.some((e) => (e.propertyName ?? e.name).getText() === "env")) found.push(node);
    }
    ts.forEachChild(node, visit);
  };
  visit(file.source);
  return found;
}

const all = moduleSources();
const peerDependencies = Object.keys(JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8")).peerDependencies as Record<string, string>);
const builtins = new Set(builtinModules);

/** The import graph over every file of modules/: file -> relative files it imports, and the packages it names. */
const graph = new Map(
  all.map((file) => {
    const imports = importsOf(file);
    const files = imports.flatMap((i) =>
      i.specifier.startsWith(".") ? [resolveRelative(file.path, i.specifier) ?? `unresolved:${i.specifier}`] : [],
    );
    const packages = imports.filter((i) => !i.specifier.startsWith(".")).map((i) => i.specifier);
    return [file.path, { files, packages }] as const;
  }),
);

/** Every package specifier the entry point reaches, through the files it imports, transitively. */
function reachablePackages(entry: string): Set<string> {
  const seen = new Set<string>();
  const packages = new Set<string>();
  const stack = [entry];
  while (stack.length > 0) {
    const path = stack.pop() as string;
    if (seen.has(path)) continue;
    seen.add(path);
    const node = graph.get(path);
    if (node === undefined) continue;
    node.packages.forEach((p) => packages.add(p));
    stack.push(...node.files);
  }
  return packages;
}

describe("the library's boundaries", () => {
  it("reads every file of modules/, Delta Sharing and the REST binding included", () => {
    expect(all.length).toBeGreaterThan(100);
    for (const folder of ["modules/databricks/sharing/", "modules/rest/"]) expect(all.some((f) => f.path.startsWith(folder))).toBe(true);
  });

  it("imports nothing outside modules/ by relative path (no environments/, stacks/, scripts/, pipelines/, apps/, dashboards/, test/)", () => {
    const outside = all.flatMap((file) =>
      importsOf(file)
        .filter((i) => i.specifier.startsWith("."))
        .flatMap((i) => {
          const resolved = resolveRelative(file.path, i.specifier);
          if (resolved === undefined) return [`${where(file, i.node)} imports "${i.specifier}", which resolves to no .ts file`];
          if (resolved.startsWith("modules/")) return [];
          const folder = resolved.split("/")[0];
          const what = APP_FOLDERS.includes(folder) ? `the app's ${folder}/` : "a file outside modules/";
          return [`${where(file, i.node)} imports "${i.specifier}" (${resolved}): ${what}`];
        }),
    );
    expect(outside).toEqual([]);
  });

  it("imports only its peer dependencies and Node's built-in modules", () => {
    const undeclared = all.flatMap((file) =>
      importsOf(file)
        .filter((i) => !i.specifier.startsWith("."))
        .filter((i) => !builtins.has(i.specifier.replace(/^node:/, "")) && !peerDependencies.includes(packageOf(i.specifier)))
        .map(
          (i) => `${where(file, i.node)} imports "${i.specifier}", which is neither a peer dependency (${peerDependencies.join(", ")}) nor built in`,
        ),
    );
    expect(undeclared).toEqual([]);
  });

  it("imports provider classes by deep path (<provider>/lib/<resource>), never a provider's root or lib index", () => {
    const rootImports = all.flatMap((file) =>
      importsOf(file)
        .filter((i) => PROVIDERS.includes(packageOf(i.specifier)) && !/^@cdktf\/provider-[a-z]+\/lib\/[a-z0-9-]+$/.test(i.specifier))
        .map((i) => `${where(file, i.node)} imports "${i.specifier}"; import "${packageOf(i.specifier)}/lib/<resource>" instead`),
    );
    expect(rootImports).toEqual([]);
  });

  it("never reads process.env: every input comes through props", () => {
    const reads = all.flatMap((file) =>
      environmentReads(file).map((node) => `${where(file, node)} reads the environment: ${node.getText(file.source)}`),
    );
    expect(reads).toEqual([]);
  });

  it("keeps the Databricks provider out of the aws, core and policy entry points, and every provider out of core and policy", () => {
    const reached = (entry: string) => [...reachablePackages(entry)].map(packageOf);
    expect(reached("modules/aws/index.ts")).not.toContain("@cdktf/provider-databricks");
    expect(reached("modules/aws/index.ts")).toContain("@cdktf/provider-aws");
    for (const entry of ["modules/core/index.ts", "modules/policy/index.ts"]) {
      expect(reached(entry).filter((p) => PROVIDERS.includes(p))).toEqual([]);
    }
  });

  it("exports every construct of modules/ from its domain's entry point (an unexported construct is unreachable for a consumer)", () => {
    const exportedFiles = new Set<string>();
    const stack = ["modules/index.ts"];
    while (stack.length > 0) {
      const path = stack.pop() as string;
      if (exportedFiles.has(path)) continue;
      exportedFiles.add(path);
      const file = all.find((f) => f.path === path);
      for (const statement of file?.source.statements ?? []) {
        if (ts.isExportDeclaration(statement) && statement.moduleSpecifier && ts.isStringLiteral(statement.moduleSpecifier)) {
          const target = resolveRelative(path, statement.moduleSpecifier.text);
          if (target !== undefined) stack.push(target);
        }
      }
    }
    const constructFiles = all.filter((file) =>
      file.source.statements.some(
        (s) =>
          ts.isClassDeclaration(s) &&
          (ts.getModifiers(s) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword) &&
          (s.heritageClauses ?? []).some((h) => h.types.some((t) => t.expression.getText() === "Construct")),
      ),
    );
    expect(constructFiles.length).toBeGreaterThan(50);
    expect(constructFiles.map((f) => f.path).filter((path) => !exportedFiles.has(path))).toEqual([]);
  });

  it("catches a forbidden import, a root provider import and an environment read in a file of its own", () => {
    const probe: ModuleSource = {
      path: "modules/aws/probe.ts",
      source: ts.createSourceFile(
        "modules/aws/probe.ts",
        [
          'import type { Config } from "../../environments/schema";',
          // The package root, assembled so that greps for root imports in this repository do not match the probe.
          `import { S3Bucket } from "${["@cdktf", "provider-aws"].join("/")}";`,
          "const stage = process.env.STAGE;",
          "const { env } = process;",
          'const lazy = require("../../stacks/shared/names");',
        ].join("\n"),
        ts.ScriptTarget.ES2022,
        true,
      ),
    };
    expect(importsOf(probe).map((i) => i.specifier)).toEqual(["../../environments/schema", "@cdktf/provider-aws", "../../stacks/shared/names"]);
    expect(environmentReads(probe)).toHaveLength(2);
    expect(dirname(resolveRelative(probe.path, "../../stacks/shared/names") ?? "")).toBe("stacks/shared");
  });
});
