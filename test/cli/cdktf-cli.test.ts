/**
 * The app under the real cdktf CLI (cdktf-cli from node_modules, offline): `cdktf synth` and `cdktf list`, for every
 * environment and for one (LAKEHOUSE_ENV), one after the other on the same output folder, as a user runs them.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ENVIRONMENTS } from "../../environments";
import { LAYERS } from "../../stacks/shared/backend";
import { REPO_ROOT } from "../run-ts";

const NAMES = Object.keys(ENVIRONMENTS);
const [FIRST] = NAMES;
const home = mkdtempSync(join(tmpdir(), "cdktf-home-"));
const outdir = join(mkdtempSync(join(tmpdir(), "cdktf-cli-")), "cdktf.out");

/** Runs `npx cdktf <args> --output <outdir>` in the repository, offline: CHECKPOINT_DISABLE stops the version check. */
function cdktf(command: "synth" | "list", env: NodeJS.ProcessEnv = {}) {
  const result = spawnSync("npx", ["cdktf", command, "--output", outdir], {
    cwd: REPO_ROOT,
    encoding: "utf8",
    env: { PATH: process.env.PATH, HOME: home, CHECKPOINT_DISABLE: "1", ...env },
    timeout: 120_000,
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

/** Every stack of the full synth, from its manifest (the first test reads it). */
let allStacks: string[] = [];
/** The stacks of these environments: ids `<env>-<layer>`. */
const stacksOf = (names: readonly string[]) =>
  allStacks.filter((stack) => names.some((name) => LAYERS.some((layer) => stack === `${name}-${layer}`)));
const stacksIn = () => readdirSync(join(outdir, "stacks")).sort();

describe("the app under the cdktf CLI", () => {
  jest.setTimeout(300_000);

  it("synthesizes every environment, with its progress not labelled [ERROR]", () => {
    const { status, output } = cdktf("synth");
    expect(output).not.toMatch(/\[ERROR\]|Error:/);
    expect(status).toBe(0);
    expect(output).toContain(`synthesized ${NAMES.join(", ")} into ${outdir}/stacks`);
    allStacks = Object.keys(JSON.parse(readFileSync(join(outdir, "manifest.json"), "utf8")).stacks).sort();
    expect(NAMES.every((name) => stacksOf([name]).length > 0)).toBe(true);
    expect(stacksIn()).toEqual(allStacks);
  });

  it("then synthesizes one environment (LAKEHOUSE_ENV) into the same folder, keeping its stacks' Terraform files", () => {
    const [stack] = stacksOf([FIRST]);
    writeFileSync(join(outdir, "stacks", stack, ".terraform.lock.hcl"), "# providers\n");
    mkdirSync(join(outdir, "stacks", stack, ".terraform", "providers"), { recursive: true });

    const { status, output } = cdktf("synth", { LAKEHOUSE_ENV: FIRST });

    expect(output).not.toMatch(/\[ERROR\]|ENOENT|Error:/);
    expect(status).toBe(0);
    // The CLI removed the other environments' folders itself, which it can only do if the swap kept them.
    expect(stacksIn()).toEqual(stacksOf([FIRST]));
    expect(readFileSync(join(outdir, "stacks", stack, ".terraform.lock.hcl"), "utf8")).toBe("# providers\n");
    expect(existsSync(join(outdir, "stacks", stack, ".terraform", "providers"))).toBe(true);
    expect(readdirSync(join(outdir, ".."))).toEqual(["cdktf.out"]);
  });

  it("lists every environment's stacks, then one environment's", () => {
    const all = cdktf("list");
    expect(all.status).toBe(0);
    // A table of `<stack>  <path>`, wrapped at the terminal's width: the stack ids start the lines.
    const listedIn = (output: string) => allStacks.filter((stack) => new RegExp(`^${stack}\\s`, "m").test(output));
    expect(listedIn(all.output)).toEqual(allStacks);

    const one = cdktf("list", { LAKEHOUSE_ENV: FIRST });
    expect(one.output).not.toMatch(/\[ERROR\]|ENOENT|Error:/);
    expect(one.status).toBe(0);
    expect(listedIn(one.output)).toEqual(stacksOf([FIRST]));
  });
});
