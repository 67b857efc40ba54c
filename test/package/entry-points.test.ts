/**
 * The package's entry points (package.json `exports`), checked from the source: each one maps to a source file that
 * exists and is part of the library build, TypeScript consumers on the older `node` resolution find the same
 * declarations (`typesVersions`), the peers are the versions this repository tests with, and loading one entry point
 * loads only what it uses: each is required in a fresh Node process (through scripts/register.cjs, as `npm run` runs
 * TypeScript here) and the packages in its `require.cache` are compared. examples.test.ts repeats the `./aws` check on the packed
 * tarball, through the package name.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import ts from "typescript";
import { REPO_ROOT } from "../run-ts";

interface PackageJson {
  readonly name: string;
  readonly main: string;
  readonly types: string;
  readonly exports: Record<string, { readonly types: string; readonly default: string } | string>;
  readonly typesVersions: Record<string, Record<string, string[]>>;
  readonly peerDependencies: Record<string, string>;
  readonly devDependencies: Record<string, string>;
  readonly dependencies?: Record<string, string>;
  readonly files: string[];
  readonly scripts: Record<string, string>;
}

const pkg = JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8")) as PackageJson;
const entries = Object.entries(pkg.exports).flatMap(([subpath, target]) => (typeof target === "string" ? [] : [[subpath, target] as const]));

/** The source file behind an emitted file: dist/modules/aws/index.js -> modules/aws/index.ts. */
function sourceOf(emitted: string): string {
  return emitted.replace(/^\.\/dist\//, "").replace(/\.d\.ts$|\.js$/, ".ts");
}

/**
 * The packages (node_modules folders) a fresh Node process loads for one source entry point: the `require.cache`
 * entries its `require` adds, without the TypeScript runner's compiler (scripts/register.cjs loads SWC, `@swc/core`
 * and its native binding, only when a file is not in its cache yet: a consumer of the built package never loads it).
 */
function packagesLoadedBy(source: string): string[] {
  const script = `
    const before = new Set(Object.keys(require.cache));
    require(${JSON.stringify(join(REPO_ROOT, source))});
    const added = Object.keys(require.cache).filter((f) => !before.has(f));
    const names = added.map((f) => /node_modules[\\\\/]((?:@[^\\\\/]+[\\\\/])?[^\\\\/]+)/.exec(f)?.[1]?.replace(/\\\\/g, "/"));
    const runner = (name) => name === "@swc/core" || name.startsWith("@swc/core-");
    process.stdout.write(JSON.stringify([...new Set(names.filter((name) => name && !runner(name)))].sort()));`;
  const result = spawnSync(process.execPath, ["--require", join(REPO_ROOT, "scripts/register.cjs"), "-e", script], {
    cwd: REPO_ROOT,
    encoding: "utf8",
    timeout: 60_000,
  });
  if (result.status !== 0) throw new Error(`requiring ${source} failed:\n${result.stderr}`);
  return JSON.parse(result.stdout) as string[];
}

describe("the package's entry points", () => {
  const build = ts.parseJsonConfigFileContent(ts.readConfigFile(join(REPO_ROOT, "tsconfig.build.json"), ts.sys.readFile).config, ts.sys, REPO_ROOT);
  const built = new Set(build.fileNames.map((f) => f.slice(REPO_ROOT.length + 1).replace(/\\/g, "/")));

  it("offers the library, one subpath per domain and the contracts", () => {
    expect(Object.keys(pkg.exports)).toEqual(expect.arrayContaining([".", "./aws", "./databricks", "./policy", "./core", "./contracts", "./rest"]));
    expect(pkg.main).toBe(entries.find(([s]) => s === ".")?.[1].default);
    expect(pkg.types).toBe(entries.find(([s]) => s === ".")?.[1].types);
  });

  it.each(entries)("maps %s to a source file of the library build, with declarations beside the JavaScript", (subpath, target) => {
    expect(target.default).toMatch(/^\.\/dist\/.*\.js$/);
    expect(target.types).toBe(target.default.replace(/\.js$/, ".d.ts"));
    expect(existsSync(join(REPO_ROOT, sourceOf(target.default)))).toBe(true);
    expect(built.has(sourceOf(target.default))).toBe(true);
    if (subpath !== ".") expect(pkg.typesVersions["*"][subpath.slice(2)]).toEqual([target.types.replace(/^\.\//, "")]);
  });

  it("builds only the library: modules/ and the layer contracts, no tests, no app", () => {
    const outside = [...built].filter(
      (f) => !f.startsWith("modules/") && !/^stacks\/(contracts|shared\/layer-contract|[a-z-]+\/outputs)\.ts$/.test(f),
    );
    expect(outside).toEqual([]);
    expect([...built].filter((f) => f.endsWith(".test.ts"))).toEqual([]);
  });

  it("packs only what a consumer needs, and builds before packing", () => {
    expect(pkg.files.every((f) => f.startsWith("dist/") || f.endsWith(".md"))).toBe(true);
    expect(pkg.scripts.prepack).toBe("npm run build");
    expect(pkg.scripts.build).toContain("tsc -p tsconfig.build.json");
  });

  it("declares cdktf, constructs and the providers as peers at exactly the versions this repository tests with, and no dependencies", () => {
    expect(Object.keys(pkg.peerDependencies).sort()).toEqual([
      "@cdktf/provider-aws",
      "@cdktf/provider-databricks",
      "@cdktf/provider-time",
      "cdktf",
      "constructs",
    ]);
    for (const [name, version] of Object.entries(pkg.peerDependencies)) {
      expect(version).toMatch(/^\d+\.\d+\.\d+$/);
      expect(pkg.devDependencies[name]).toBe(version);
      expect(JSON.parse(readFileSync(join(REPO_ROOT, "node_modules", name, "package.json"), "utf8")).version).toBe(version);
    }
    // A dependency would be installed into a consumer's app beside its own copy; the library has none.
    expect(pkg.dependencies ?? {}).toEqual({});
  });

  it("loads no Databricks (or time) provider class when ./aws is required", () => {
    const loaded = packagesLoadedBy(sourceOf(entries.find(([s]) => s === "./aws")?.[1].default ?? ""));
    expect(loaded).toEqual(["@cdktf/provider-aws", "cdktf", "constructs"]);
  });

  it.each(["./core", "./policy", "./contracts"])("loads no provider package when %s is required", (subpath) => {
    const loaded = packagesLoadedBy(sourceOf(entries.find(([s]) => s === subpath)?.[1].default ?? ""));
    expect(loaded).toEqual(["cdktf", "constructs"]);
  });
});
