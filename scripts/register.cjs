// Runs this repository's TypeScript in Node, without type checking (that is `npm test`'s job: tsc --noEmit once).
//
//   node --require ./scripts/register.cjs main.ts
//
// Each .ts file is compiled by SWC with the options jest's transform uses (jest.config.js), and the JavaScript is
// kept in node_modules/.cache/lakehouse-ts/, keyed by the file's path and text and the compiler's version and
// options: an unchanged file is compiled once. Every npm script, the cdktf CLI (cdktf.json "app") and the tests'
// child processes run through it. It replaces ts-node, whose start alone loads the TypeScript compiler (0.7 s of
// every command; docs/performance.md).
//
// Stack traces: with LAKEHOUSE_DEBUG=1 they point at TypeScript lines (Node's own source map support, enabled here
// before any .ts file loads, reads the inline maps). A file that does not parse throws SWC's diagnostic, which the
// command-line tools print as one line (scripts/cli.ts, syntaxErrorLine).
"use strict";
const { createHash } = require("node:crypto");
const { mkdirSync, readFileSync, renameSync, writeFileSync } = require("node:fs");
const { join } = require("node:path");
// SWC's native binding takes 40 ms to load: only a file not yet in the cache needs it, so it is loaded then.
const SWC_VERSION = require("@swc/core/package.json").version;
let swc;

const OPTIONS = {
  jsc: { parser: { syntax: "typescript" }, target: "es2022" },
  module: { type: "commonjs" },
  sourceMaps: "inline",
};
const CACHE = join(__dirname, "..", "node_modules", ".cache", "lakehouse-ts");
const VERSION = `${SWC_VERSION} ${JSON.stringify(OPTIONS)}`;

if (process.env.LAKEHOUSE_DEBUG === "1") process.setSourceMapsEnabled(true);

/** The JavaScript for `filename`, from the cache or compiled now (and cached; a failed write only costs time). */
function compiled(filename, source) {
  const key = createHash("sha256").update(VERSION).update("\0").update(filename).update("\0").update(source).digest("hex");
  const cached = join(CACHE, `${key}.js`);
  try {
    return readFileSync(cached, "utf8");
  } catch {
    // Not compiled yet.
  }
  swc ??= require("@swc/core");
  const { code } = swc.transformSync(source, { ...OPTIONS, filename });
  try {
    mkdirSync(CACHE, { recursive: true });
    const temporary = `${cached}.${process.pid}.tmp`;
    writeFileSync(temporary, code);
    renameSync(temporary, cached);
  } catch {
    // A read-only or full disk: run from memory.
  }
  return code;
}

require.extensions[".ts"] = (module, filename) => {
  module._compile(compiled(filename, readFileSync(filename, "utf8")), filename);
};
