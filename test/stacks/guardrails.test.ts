import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { Testing } from "cdktf";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ENVIRONMENTS, validateEnvironments } from "../../environments";
import { evaluateStack, formatFindingLine, resolveGuardrailSettings } from "../../modules/policy";
import { UnityCatalogStack } from "../../stacks/unity-catalog/unity-catalog-stack";
import { guardrailSettingsFor } from "../../stacks/shared/guardrail-settings";
import { buildLakehouse } from "../../stacks/lakehouse";
import { synthesizeLakehouse } from "../../stacks/synthesize";
import { runTs } from "../run-ts";

const configs = validateEnvironments(Object.values(ENVIRONMENTS));
/** The first registered environment, where a test needs one. */
const FIRST = configs[0].name;
const outdirIn = (prefix: string) => join(mkdtempSync(join(tmpdir(), prefix)), "cdktf.out");

describe("guardrails over the shipped environments", () => {
  const result = synthesizeLakehouse(configs, { outdir: outdirIn("guarded-") });

  it("guard every stack of every environment", () => {
    const stacks = result.stacks.flatMap((s) =>
      [s.networkStorage, s.workspace, s.unityCatalog, s.ingestion, s.serving, s.collaboration].map((stack) => stack.node.id),
    );
    expect(result.report.stacks).toEqual(stacks);
    expect(stacks).toHaveLength(configs.length * 6);
  });

  it("find zero unsuppressed findings", () => {
    expect(result.report.findings().map(formatFindingLine)).toEqual([]);
  });

  it("list every suppression with its reason: only the root bucket whose policy the workspace layer owns", () => {
    expect(result.report.suppressions().map((s) => [s.ruleId, s.path, s.reason])).toEqual(
      configs.map((c) => [
        "S3-TLS-ONLY",
        `${c.name}-network-storage/RootBucket/Bucket`,
        "the workspace layer owns this bucket's only policy and puts the TLS-only deny in it; S3-TLS-ONLY checks it there",
      ]),
    );
  });

  it("check that root bucket's policy in the workspace layer, where it passes", () => {
    for (const c of configs) {
      expect(result.report.results).toContainEqual(expect.objectContaining({ ruleId: "S3-TLS-ONLY", stack: `${c.name}-workspace`, status: "pass" }));
    }
  });

  it("hold production and PrivateLink stages to PrivateLink and customer-managed keys", () => {
    const byName = Object.fromEntries(configs.map((c) => [c.name, guardrailSettingsFor(c)]));
    expect([byName.dev.requirePrivateLink, byName.staging.requirePrivateLink, byName.prod.requirePrivateLink]).toEqual([false, true, true]);
    expect([byName.dev.requireCustomerManagedKeys, byName.staging.requireCustomerManagedKeys, byName.prod.requireCustomerManagedKeys]).toEqual([
      false,
      false,
      true,
    ]);
    expect(result.report.results).toContainEqual(expect.objectContaining({ ruleId: "DBX-PRIVATELINK", stack: "prod-workspace", status: "pass" }));
    expect(result.report.results).toContainEqual(
      expect.objectContaining({ ruleId: "DBX-CUSTOMER-MANAGED-KEYS", stack: "prod-workspace", status: "pass" }),
    );
  });

  it("check the effective workspace settings: an override that got past validation fails a production stack", () => {
    for (const config of configs.filter((c) => c.production)) {
      const security = config.unityCatalog.workspaceSecurity;
      const tampered = {
        ...config,
        unityCatalog: { ...config.unityCatalog, workspaceSecurity: { ...security, workspaceConf: { enforceUserIsolation: "false" } } },
      };
      const stack = new UnityCatalogStack(Testing.app(), { config: tampered });
      const failures = evaluateStack(stack, resolveGuardrailSettings(guardrailSettingsFor(tampered))).filter((r) => r.status === "fail");
      expect(failures.map((f) => [f.ruleId, f.message])).toEqual([["DBX-WORKSPACE-HARDENED", 'enforceUserIsolation is "false", not "true"']]);
    }
  });

  it("protect data only where the environment asks", () => {
    // The environment of a stack by its id, `<env>-<layer>` (environment names may hold hyphens themselves).
    const environmentOf = (stack: string) => configs.find((c) => stack.startsWith(`${c.name}-`))?.name;
    const protectedStacks = new Set(result.report.results.filter((r) => r.ruleId === "DATA-PREVENT-DESTROY").map((r) => environmentOf(r.stack)));
    expect([...protectedStacks].sort()).toEqual(
      configs
        .filter((c) => c.dataProtection)
        .map((c) => c.name)
        .sort(),
    );
  });
});

describe("a deliberately broken construct", () => {
  it("fails synth with one line per finding naming rule, stack and construct, and writes nothing", () => {
    const outdir = outdirIn("broken-");
    mkdirSync(join(outdir, "stacks"), { recursive: true });
    writeFileSync(join(outdir, "manifest.json"), "previous");
    const [dev] = configs;
    let message = "";
    try {
      synthesizeLakehouse([dev], {
        outdir,
        build: (app, cs) => {
          const stacks = buildLakehouse(app, cs);
          new S3Bucket(stacks[0].networkStorage, "ScratchBucket", { bucket: "lakehouse-scratch" });
          return stacks;
        },
      });
    } catch (error) {
      message = (error as Error).message;
    }
    const lines = message.split("\n");
    expect(lines).toContain(
      `S3-PUBLIC-ACCESS-BLOCK ${FIRST}-network-storage ${FIRST}-network-storage/ScratchBucket: the bucket has no aws_s3_bucket_public_access_block. Fix: add an aws_s3_bucket_public_access_block for the bucket with block_public_acls, block_public_policy, ignore_public_acls and restrict_public_buckets set to true`,
    );
    expect(lines.filter((l) => l.startsWith("S3-"))).toHaveLength(5);
    expect(lines[lines.length - 1]).toMatch(/^\d+ guardrail findings: nothing was written \(see docs\/policy\.md\)$/);
    expect(readFileSync(join(outdir, "manifest.json"), "utf8")).toBe("previous");
    expect(readdirSync(join(outdir, ".."))).toEqual(["cdktf.out"]);
  });

  it("makes the command line exit 1 with the findings and no stack trace", () => {
    const outdir = outdirIn("broken-cli-");
    const { status, stderr } = runTs("test/fixtures/synth-with-public-bucket.ts", [], { LAKEHOUSE_ENV: FIRST, CDKTF_OUTDIR: outdir });
    expect(status).toBe(1);
    expect(stderr).toMatch(new RegExp(`^S3-NO-FORCE-DESTROY ${FIRST}-network-storage ${FIRST}-network-storage/ScratchBucket: `, "m"));
    expect(stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(outdir)).toBe(false);
  });
});
