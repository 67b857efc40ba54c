import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ENVIRONMENTS } from "../../environments";
import { runTs } from "../run-ts";

const check = (args: string[], env: NodeJS.ProcessEnv = {}) => runTs("scripts/check.ts", args, { LAKEHOUSE_ENV: "dev", ...env });

describe("npm run check", () => {
  it("prints the rules-by-stacks table with counts and the suppressions, and exits 0 without findings", () => {
    const { status, stdout } = check([]);
    expect(status).toBe(0);
    expect(stdout).toMatch(/^Guardrails: 3 stacks, \d+ pass, 0 fail, 1 suppressed$/m);
    expect(stdout).toMatch(/^rule\s+dev-network-storage\s+dev-workspace\s+dev-unity-catalog$/m);
    expect(stdout).toMatch(/^S3-TLS-ONLY\s+\d+\/0\/1\s+1\/0\/0/m);
    expect(stdout).toContain("S3-TLS-ONLY dev-network-storage dev-network-storage/RootBucket/Bucket: suppressed: the workspace layer owns");
    expect(stdout.trimEnd().endsWith("No findings.")).toBe(true);
  });

  it("prints the report as JSON with --json", () => {
    const { status, stdout } = check(["--json"]);
    expect(status).toBe(0);
    const report = JSON.parse(stdout);
    expect(report.summary).toMatchObject({ fail: 0, warn: 0, suppressed: 1, stacks: 3 });
    expect(report.stacks).toEqual(["dev-network-storage", "dev-workspace", "dev-unity-catalog"]);
    expect(report.findings).toEqual([]);
    expect(report.warnings).toEqual([]);
  });

  it("never writes cdktf.out", () => {
    const outdir = join(mkdtempSync(join(tmpdir(), "check-")), "cdktf.out");
    check([], { CDKTF_OUTDIR: outdir });
    expect(existsSync(outdir)).toBe(false);
  });

  it("exits 1 with one line per problem on an invalid config", () => {
    const file = join(mkdtempSync(join(tmpdir(), "check-")), "bad.json");
    writeFileSync(file, JSON.stringify({ ...ENVIRONMENTS.dev.input, production: "yes" }));
    const { status, stderr } = check([], { LAKEHOUSE_ENV: "", LAKEHOUSE_ENV_FILE: file });
    expect(status).toBe(1);
    expect(stderr).toBe(`${file}: production: Invalid input: expected boolean, received string\n`);
  });

  it("exits 2 on an unknown argument", () => {
    expect(check(["--yaml"])).toMatchObject({ status: 2, stderr: 'unknown argument "--yaml"\nusage: npm run check [-- --json]\n' });
  });
});
