import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { ENVIRONMENTS } from "../environments";
import { runInProcess } from "./run-in-process";
import { REPO_ROOT, runTs } from "./run-ts";

const NAMES = Object.keys(ENVIRONMENTS);
const [FIRST] = NAMES;
const first = ENVIRONMENTS[FIRST];
const USAGE = "usage: [LAKEHOUSE_ENV=<env>[,<env>] | LAKEHOUSE_ENV_FILE=<file.json>] npm run synth";

/** Runs the app (main.ts) in-process into a fresh output folder; returns the result and the folder. */
async function synth(env: NodeJS.ProcessEnv, outdir = join(mkdtempSync(join(tmpdir(), "synth-")), "cdktf.out"), args: string[] = []) {
  return { ...(await runInProcess("main.ts", args, { ...env, CDKTF_OUTDIR: outdir })), outdir };
}

/** As synth, in a real process: for what only a real process shows. */
function synthProcess(env: NodeJS.ProcessEnv, outdir = join(mkdtempSync(join(tmpdir(), "synth-")), "cdktf.out"), args: string[] = []) {
  return { ...runTs("main.ts", args, { ...env, CDKTF_OUTDIR: outdir }), outdir };
}
const stacksIn = (outdir: string) => readdirSync(join(outdir, "stacks")).sort();
const writeConfig = (name: string, config: unknown) => {
  const file = join(mkdtempSync(join(tmpdir(), "env-file-")), name);
  writeFileSync(file, JSON.stringify(config));
  return file;
};

describe("main.ts (npm run synth)", () => {
  it("limits synth to the environments named by LAKEHOUSE_ENV, prints progress on stdout and nothing on stderr", () => {
    const { status, stdout, stderr, outdir } = synthProcess({ LAKEHOUSE_ENV: FIRST });
    expect(status).toBe(0);
    expect(stdout).toBe(`synthesized ${FIRST} into ${outdir}/stacks\n`);
    expect(stderr).toBe("");
    expect(stacksIn(outdir).every((s) => s.startsWith(`${FIRST}-`))).toBe(true);
    expect(stacksIn(outdir)).toContain(`${FIRST}-network-storage`);
    const manifest = JSON.parse(readFileSync(join(outdir, "manifest.json"), "utf8"));
    expect(Object.keys(manifest.stacks).every((s) => s.startsWith(`${FIRST}-`))).toBe(true);
  });

  it("synthesizes the config of LAKEHOUSE_ENV_FILE alone", async () => {
    // Another Databricks account: the rules shared with the registered environments (one metastore per region and
    // account) do not apply, so the copy is valid under a new name.
    const file = writeConfig("sandbox.json", { ...first.input, name: "sandbox", databricks: { accountId: "0b7e0a8e-96c5-4c3f-9a1e-2d5f6a7b8c9d" } });
    const { status, outdir } = await synth({ LAKEHOUSE_ENV_FILE: file });
    expect(status).toBe(0);
    expect(stacksIn(outdir).every((s) => s.startsWith("sandbox-"))).toBe(true);
    const stack = JSON.parse(readFileSync(join(outdir, "stacks", "sandbox-network-storage", "cdk.tf.json"), "utf8"));
    expect(stack.terraform.backend.s3.key).toBe("sandbox/network-storage.tfstate");
  });

  it("refuses a bad config with one line per problem, exit 1, no stack trace, and leaves cdktf.out as it was", () => {
    const outdir = join(mkdtempSync(join(tmpdir(), "keep-")), "cdktf.out");
    mkdirSync(join(outdir, "stacks", "old-stack"), { recursive: true });
    writeFileSync(join(outdir, "manifest.json"), "previous");
    const file = writeConfig("bad.json", { ...first.input, network: { ...first.input.network, vpcCidr: "10.0.0.0/99" } });

    const { status, stderr } = synthProcess({ LAKEHOUSE_ENV_FILE: file }, outdir);

    expect(status).toBe(1);
    expect(stderr).toBe(`${file}: network.vpcCidr: must be an IPv4 CIDR block like 10.20.0.0/16\n`);
    expect(readFileSync(join(outdir, "manifest.json"), "utf8")).toBe("previous");
    expect(stacksIn(outdir)).toEqual(["old-stack"]);
    expect(readdirSync(join(outdir, ".."))).toEqual(["cdktf.out"]);
  });

  it("refuses an unknown LAKEHOUSE_ENV name and writes nothing", async () => {
    const { status, stderr, outdir } = await synth({ LAKEHOUSE_ENV: `${FIRST},no-such-stage` });
    expect(status).toBe(1);
    expect(stderr).toBe(`LAKEHOUSE_ENV: unknown environment "no-such-stage"; registered: ${NAMES.join(", ")}\n`);
    expect(existsSync(outdir)).toBe(false);
  });

  it("refuses names every JavaScript object has (toString, __proto__, constructor) as unknown environments", async () => {
    const { status, stderr } = await synth({ LAKEHOUSE_ENV: "toString,__proto__,constructor,hasOwnProperty" });
    expect(status).toBe(1);
    expect(stderr).toBe(
      `LAKEHOUSE_ENV: unknown environment "toString", "__proto__", "constructor", "hasOwnProperty"; registered: ${NAMES.join(", ")}\n`,
    );
  });

  it("refuses LAKEHOUSE_ENV and LAKEHOUSE_ENV_FILE together", async () => {
    const { status, stderr } = await synth({ LAKEHOUSE_ENV: FIRST, LAKEHOUSE_ENV_FILE: "x.json" });
    expect(status).toBe(1);
    expect(stderr).toBe("LAKEHOUSE_ENV_FILE: set either LAKEHOUSE_ENV_FILE or LAKEHOUSE_ENV, not both\n");
  });

  it.each([["--help"], ["-h"]])("prints its usage on stdout with %s and exits 0, writing nothing", async (flag) => {
    // --help in a real process (the usage on the process's stdout, exit 0); -h in-process.
    const { status, stdout, stderr, outdir } = flag === "--help" ? synthProcess({}, undefined, [flag]) : await synth({}, undefined, [flag]);
    expect(status).toBe(0);
    expect(stdout.split("\n")[0]).toBe(USAGE);
    expect(stdout).toContain("LAKEHOUSE_ENV_FILE=<file.json>");
    expect(stderr).toBe("");
    expect(existsSync(outdir)).toBe(false);
  });

  it("refuses an argument (npm run synth -- <env>) with the usage and a hint, exit 2, writing nothing", async () => {
    const { status, stderr, outdir } = await synth({}, undefined, [FIRST]);
    expect(status).toBe(2);
    expect(stderr).toBe(`unexpected argument "${FIRST}"; choose environments with LAKEHOUSE_ENV=${FIRST}\n${USAGE}\n`);
    expect(existsSync(outdir)).toBe(false);
    expect(await synth({}, undefined, ["--verbose"])).toMatchObject({ status: 2, stderr: `unexpected argument "--verbose"\n${USAGE}\n` });
  });

  it("refuses an output folder holding other files in one line, and deletes nothing", async () => {
    const dir = mkdtempSync(join(tmpdir(), "home-"));
    writeFileSync(join(dir, "notes.txt"), "mine");
    const { status, stderr } = await synth({ LAKEHOUSE_ENV: FIRST }, dir);
    expect(status).toBe(1);
    expect(stderr).toMatch(new RegExp(`^CDKTF_OUTDIR=${dir}: holds "notes.txt", which synth does not write; [^\\n]*\\n$`));
    expect(readdirSync(dir)).toEqual(["notes.txt"]);
  });

  it("refuses to write while another synth holds the output folder's lock", () => {
    const outdir = join(mkdtempSync(join(tmpdir(), "locked-")), "cdktf.out");
    // This test process is alive and is not the app's process: its lock is held. (In-process, the app would be this
    // process, whose own pid on a lock it does not hold marks the lock stale: this one needs a real process.)
    writeFileSync(`${outdir}.lock`, JSON.stringify({ pid: process.pid, host: hostname(), startedAt: "2026-12-01T00:00:00.000Z" }));
    const { status, stderr } = synthProcess({ LAKEHOUSE_ENV: FIRST }, outdir);
    expect(status).toBe(1);
    expect(stderr).toBe(
      `CDKTF_OUTDIR=${outdir}: another synth is writing it (pid ${process.pid} on ${hostname()}, since 2026-12-01T00:00:00.000Z); wait for it to finish, or delete ${outdir}.lock if that process is gone\n`,
    );
    expect(existsSync(outdir)).toBe(false);
  });

  it("reports a syntax error in an environment's file as one line with its file, line and column", () => {
    const copy = copyOfRepository();
    const source = join(copy, first.source);
    writeFileSync(source, `export const broken = { a: 1 b: 2 };\n${readFileSync(source, "utf8")}`);

    const result = spawnSync(process.execPath, ["--require", join(REPO_ROOT, "scripts/register.cjs"), "main.ts"], {
      cwd: copy,
      encoding: "utf8",
      env: { PATH: process.env.PATH, HOME: process.env.HOME },
      timeout: 60_000,
    });

    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(new RegExp(`^${first.source}:1:30: syntax error: [^\\n]+\\n$`));
  });
});

/** The app's sources in a temporary folder (node_modules linked), to break a file without touching the repository. */
function copyOfRepository(): string {
  const copy = mkdtempSync(join(tmpdir(), "repo-"));
  for (const entry of ["main.ts", "tsconfig.json", "environments", "stacks", "modules", "scripts"]) {
    cpSync(join(REPO_ROOT, entry), join(copy, entry), { recursive: true });
  }
  symlinkSync(join(REPO_ROOT, "node_modules"), join(copy, "node_modules"));
  return copy;
}
