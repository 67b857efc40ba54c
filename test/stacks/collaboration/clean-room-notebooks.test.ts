/**
 * The notebooks clean rooms run (notebooks/clean-rooms/): Databricks notebook sources that compile, each used by a
 * registered environment's clean room.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CLEAN_ROOM_NOTEBOOKS_DIR } from "../../../environments/rules/collaboration";
import { REGISTERED } from "./collaboration-fixture";

const files = readdirSync(CLEAN_ROOM_NOTEBOOKS_DIR).sort();

describe("clean-room notebooks", () => {
  let outDir: string;
  beforeAll(() => {
    outDir = mkdtempSync(join(tmpdir(), "clean-room-pyc-"));
  });
  afterAll(() => rmSync(outDir, { recursive: true, force: true }));

  it("are Python notebook sources only", () => {
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      expect(file).toMatch(/^[a-z0-9_]+\.py$/);
      expect(readFileSync(join(CLEAN_ROOM_NOTEBOOKS_DIR, file), "utf8").split("\n")[0]).toBe("# Databricks notebook source");
    }
  });

  it.each(files)("%s compiles", (file) => {
    const compile = "import py_compile, sys; py_compile.compile(sys.argv[1], cfile=sys.argv[2], doraise=True)";
    const result = spawnSync("python3", ["-c", compile, join(CLEAN_ROOM_NOTEBOOKS_DIR, file), join(outDir, `${file}c`)], {
      encoding: "utf8",
      timeout: 30_000,
    });
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
  });

  it("are each run in a clean room of some registered environment", () => {
    const used = new Set(REGISTERED.flatMap((c) => c.collaboration.cleanRooms.flatMap((r) => r.notebooks.map((n) => n.file))));
    expect(files.filter((f) => !used.has(f))).toEqual([]);
  });
});
