/**
 * The library's source files as the package tests see them: every .ts file under modules/, parsed once with the
 * TypeScript compiler.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, relative, sep } from "node:path";
import ts from "typescript";
import { REPO_ROOT } from "../run-ts";

/** One parsed source file, by its path relative to the repository root (forward slashes). */
export interface ModuleSource {
  readonly path: string;
  readonly source: ts.SourceFile;
}

function walk(folder: string): string[] {
  return readdirSync(join(REPO_ROOT, folder), { withFileTypes: true }).flatMap((entry) => {
    const path = `${folder}/${entry.name}`;
    if (entry.isDirectory()) return walk(path);
    return entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts") ? [path] : [];
  });
}

/** Every .ts file of modules/. */
export function moduleSources(): ModuleSource[] {
  return walk("modules")
    .sort()
    .map((path) => ({ path, source: ts.createSourceFile(path, readFileSync(join(REPO_ROOT, path), "utf8"), ts.ScriptTarget.ES2022, true) }));
}

/** A repository-relative path with forward slashes. */
export function repoPath(absolute: string): string {
  return relative(REPO_ROOT, absolute).split(sep).join("/");
}

/** `file:line` of a node, for messages. */
export function where(file: ModuleSource, node: ts.Node): string {
  const { line } = file.source.getLineAndCharacterOfPosition(node.getStart(file.source));
  return `${file.path}:${line + 1}`;
}
