import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ENVIRONMENTS } from "../../../environments/registry";
import { diagramFiles } from "../../../scripts/diagram/draw";
import { runInProcess } from "../../run-in-process";
import { runTs } from "../../run-ts";
import { FIXTURE_OUTDIR, fixtureModel } from "./fixture";

const USAGE = "usage: npm run diagram -- (--env <env> | --all) [--out <dir>]";
/** In a child process: for what only a real process shows (the exit code it ends with, its first output). */
const diagramProcess = (args: readonly string[]) => runTs("scripts/diagram.ts", args);
/** In this process: for messages and files, without a second's start-up per call. */
const diagram = (args: readonly string[], env: NodeJS.ProcessEnv = {}) => runInProcess("scripts/diagram.ts", args, env);

describe("npm run diagram", () => {
  it("prints its usage first on --help and exits 0", () => {
    const result = diagramProcess(["--help"]);
    expect(result.status).toBe(0);
    expect(result.stdout.split("\n")[0]).toBe(USAGE);
    expect(result.stdout).toContain("Exit codes:");
  });

  it("refuses an unknown environment with exit 2, naming the registered ones, and the usage line", () => {
    const result = diagramProcess(["--env", "qa"]);
    expect(result.status).toBe(2);
    expect(result.stderr).toBe(`unknown environment "qa"; registered: ${Object.keys(ENVIRONMENTS).join(", ")}\n${USAGE}\n`);
    expect(result.stdout).toBe("");
  });

  it("writes <env>.svg and <env>.html into --out from the synthesized stacks, the same bytes as drawn in this process", async () => {
    const out = join(mkdtempSync(join(tmpdir(), "diagram-")), "docs");
    const result = await diagram(["--env", "dev", "--out", out], { CDKTF_OUTDIR: FIXTURE_OUTDIR });
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(result.stdout).toBe(`wrote ${join(out, "dev.svg")}\nwrote ${join(out, "dev.html")}\n`);
    expect(readdirSync(out).sort()).toEqual(["dev.html", "dev.svg"]);
    const [svg] = await diagramFiles([fixtureModel()], false);
    expect(readFileSync(join(out, "dev.svg"), "utf8")).toBe(svg.text);
  });

  it("refuses an environment whose stacks are synthesized only in part, naming the missing ones, writing nothing, exit 1", async () => {
    const outdir = join(mkdtempSync(join(tmpdir(), "diagram-")), "cdktf.out");
    cpSync(FIXTURE_OUTDIR, outdir, { recursive: true });
    rmSync(join(outdir, "stacks", "dev-serving", "cdk.tf.json"));
    const out = join(outdir, "..", "out");
    const result = await diagram(["--env", "dev", "--out", out], { CDKTF_OUTDIR: outdir });
    expect(result.stderr).toBe(`${join(outdir, "stacks")}: dev-serving has no cdk.tf.json; run LAKEHOUSE_ENV=dev npm run synth\n`);
    expect(result.status).toBe(1);
    expect(readdirSync(join(outdir, ".."))).not.toContain("out");
  });

  it("names a malformed cdk.tf.json in one line, writes nothing and exits 1", async () => {
    const outdir = join(mkdtempSync(join(tmpdir(), "diagram-")), "cdktf.out");
    cpSync(FIXTURE_OUTDIR, outdir, { recursive: true });
    const broken = join(outdir, "stacks", "dev-serving", "cdk.tf.json");
    writeFileSync(broken, '{ "resource": ');
    const out = join(outdir, "..", "out");
    const result = await diagram(["--env", "dev", "--out", out], { CDKTF_OUTDIR: outdir });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(new RegExp(`^${broken.replace(/[.]/g, "\\.")}: is not valid JSON \\(.*\\); run npm run synth\\n$`));
    expect(readdirSync(join(outdir, ".."))).not.toContain("out");
  });
});
