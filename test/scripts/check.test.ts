import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ENVIRONMENTS } from "../../environments";
import { BUILT, stacksOf } from "../layers";
import { runInProcess } from "../run-in-process";
import { REPO_ROOT, runTs } from "../run-ts";

const [FIRST] = Object.keys(ENVIRONMENTS);
const USAGE = "usage: [LAKEHOUSE_ENV=<env>[,<env>] | LAKEHOUSE_ENV_FILE=<file.json>] npm run check [-- --json]";
/** The tool run in-process; `checkProcess` runs it as a child process, for what only a real process shows. */
const check = (args: string[], env: NodeJS.ProcessEnv = {}) => runInProcess("scripts/check.ts", args, { LAKEHOUSE_ENV: FIRST, ...env });
const checkProcess = (args: string[], env: NodeJS.ProcessEnv = {}) => runTs("scripts/check.ts", args, { LAKEHOUSE_ENV: FIRST, ...env });

describe("npm run check", () => {
  it("prints the rules-by-stacks table with counts and the suppressions, and exits 0 without findings", () => {
    const { status, stdout } = checkProcess([]);
    expect(status).toBe(0);
    expect(stdout).toMatch(new RegExp(`^Guardrails: ${BUILT.length} stacks, \\d+ pass, 0 fail, 1 suppressed$`, "m"));
    // The table wraps its columns into further blocks when the stack names are long: each block starts with "rule".
    const headers = stdout.split("\n").filter((line) => /^rule\s/.test(line));
    expect(headers.flatMap((line) => line.split(/\s+/).slice(1))).toEqual(BUILT.map((layer) => `${FIRST}-${layer}`));
    expect(stdout).toMatch(/^S3-TLS-ONLY\s+\d+\/0\/1\s+1\/0\/0/m);
    expect(stdout).toContain(`S3-TLS-ONLY ${FIRST}-network-storage ${FIRST}-network-storage/RootBucket/Bucket: suppressed: the workspace layer owns`);
    expect(stdout.trimEnd().endsWith("No findings.")).toBe(true);
  });

  it("prints the report as JSON with --json", async () => {
    const { status, stdout } = await check(["--json"]);
    expect(status).toBe(0);
    const report = JSON.parse(stdout);
    expect(report.summary).toMatchObject({ fail: 0, warn: 0, suppressed: 1, stacks: BUILT.length });
    expect(report.stacks).toEqual(stacksOf(FIRST));
    expect(report.findings).toEqual([]);
    expect(report.warnings).toEqual([]);
  });

  it("never writes cdktf.out", async () => {
    const outdir = join(mkdtempSync(join(tmpdir(), "check-")), "cdktf.out");
    await check([], { CDKTF_OUTDIR: outdir });
    expect(existsSync(outdir)).toBe(false);
  });

  it("exits 1 with one line per problem on an invalid config", () => {
    const file = join(mkdtempSync(join(tmpdir(), "check-")), "bad.json");
    writeFileSync(file, JSON.stringify({ ...ENVIRONMENTS[FIRST].input, production: "yes" }));
    const { status, stderr } = checkProcess([], { LAKEHOUSE_ENV: "", LAKEHOUSE_ENV_FILE: file });
    expect(status).toBe(1);
    expect(stderr).toBe(`${file}: production: Invalid input: expected boolean, received string\n`);
  });

  it("exits 2 on an unknown argument, with the usage", async () => {
    expect(await check(["--yaml"])).toMatchObject({ status: 2, stderr: `unknown argument "--yaml"\n${USAGE}\n` });
  });

  it.each([["--help"], ["-h"]])("prints its usage on stdout with %s and exits 0", async (flag) => {
    // --help in a real process (the usage on the process's stdout, exit 0); -h in-process.
    const { status, stdout, stderr } = flag === "--help" ? checkProcess([flag]) : await check([flag]);
    expect(status).toBe(0);
    expect(stdout.split("\n")[0]).toBe(USAGE);
    expect(stdout).toContain("--json");
    expect(stderr).toBe("");
  });

  it("ends quietly, with its own exit code, when the reader of its output goes away (npm run check -- --json | head)", async () => {
    const child = spawn(process.execPath, ["--require", join(REPO_ROOT, "scripts/register.cjs"), join(REPO_ROOT, "scripts/check.ts"), "--json"], {
      cwd: REPO_ROOT,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, LAKEHOUSE_ENV: FIRST },
      stdio: ["ignore", "pipe", "pipe"],
    });
    // The reader closes the pipe before the report is written: the write fails with EPIPE.
    child.stdout.destroy();
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const status = await new Promise<number | null>((done) => child.on("close", (code) => done(code)));
    expect(stderr).toBe("");
    expect(status).toBe(0);
  }, 60_000);
});
