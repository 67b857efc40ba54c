import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ENVIRONMENTS } from "../environments";
import { runTs } from "./run-ts";

/** Runs the app (main.ts) into a fresh output folder; returns the result and the folder. */
function synth(env: NodeJS.ProcessEnv, outdir = join(mkdtempSync(join(tmpdir(), "synth-")), "cdktf.out")) {
  return { ...runTs("main.ts", [], { ...env, CDKTF_OUTDIR: outdir }), outdir };
}
const stacksIn = (outdir: string) => readdirSync(join(outdir, "stacks")).sort();

describe("main.ts (npm run synth)", () => {
  it("limits synth to the environments named by LAKEHOUSE_ENV", () => {
    const { status, outdir } = synth({ LAKEHOUSE_ENV: "dev" });
    expect(status).toBe(0);
    expect(stacksIn(outdir).every((s) => s.startsWith("dev-"))).toBe(true);
    expect(stacksIn(outdir)).toContain("dev-network-storage");
    const manifest = JSON.parse(readFileSync(join(outdir, "manifest.json"), "utf8"));
    expect(Object.keys(manifest.stacks).every((s) => s.startsWith("dev-"))).toBe(true);
  });

  it("synthesizes the config of LAKEHOUSE_ENV_FILE alone", () => {
    const dir = mkdtempSync(join(tmpdir(), "env-file-"));
    const file = join(dir, "sandbox.json");
    writeFileSync(file, JSON.stringify({ ...ENVIRONMENTS.dev.input, name: "sandbox" }));
    const { status, outdir } = synth({ LAKEHOUSE_ENV_FILE: file });
    expect(status).toBe(0);
    expect(stacksIn(outdir).every((s) => s.startsWith("sandbox-"))).toBe(true);
    const stack = JSON.parse(readFileSync(join(outdir, "stacks", "sandbox-network-storage", "cdk.tf.json"), "utf8"));
    expect(stack.terraform.backend.s3.key).toBe("sandbox/network-storage.tfstate");
  });

  it("refuses a bad config with one line per problem, exit 1, no stack trace, and leaves cdktf.out as it was", () => {
    const outdir = join(mkdtempSync(join(tmpdir(), "keep-")), "cdktf.out");
    mkdirSync(join(outdir, "stacks", "old-stack"), { recursive: true });
    writeFileSync(join(outdir, "manifest.json"), "previous");
    const file = join(mkdtempSync(join(tmpdir(), "bad-")), "bad.json");
    writeFileSync(file, JSON.stringify({ ...ENVIRONMENTS.dev.input, network: { ...ENVIRONMENTS.dev.input.network, vpcCidr: "10.0.0.0/99" } }));

    const { status, stderr } = synth({ LAKEHOUSE_ENV_FILE: file }, outdir);

    expect(status).toBe(1);
    expect(stderr).toBe(`${file}: network.vpcCidr: must be an IPv4 CIDR block like 10.20.0.0/16\n`);
    expect(readFileSync(join(outdir, "manifest.json"), "utf8")).toBe("previous");
    expect(stacksIn(outdir)).toEqual(["old-stack"]);
    expect(readdirSync(join(outdir, ".."))).toEqual(["cdktf.out"]);
  });

  it("refuses an unknown LAKEHOUSE_ENV name and writes nothing", () => {
    const { status, stderr, outdir } = synth({ LAKEHOUSE_ENV: "dev,qa" });
    expect(status).toBe(1);
    expect(stderr).toBe('LAKEHOUSE_ENV: unknown environment "qa"; registered: dev, staging, prod\n');
    expect(existsSync(outdir)).toBe(false);
  });

  it("refuses LAKEHOUSE_ENV and LAKEHOUSE_ENV_FILE together", () => {
    const { status, stderr } = synth({ LAKEHOUSE_ENV: "dev", LAKEHOUSE_ENV_FILE: "x.json" });
    expect(status).toBe(1);
    expect(stderr).toBe("LAKEHOUSE_ENV_FILE: set either LAKEHOUSE_ENV_FILE or LAKEHOUSE_ENV, not both\n");
  });
});
