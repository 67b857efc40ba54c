import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { analyzeImpact, statefulTypes } from "../../../scripts/ops/impact";
import { formatImpactMarkdown, formatImpactText } from "../../../scripts/ops/impact-format";

/** A synthesized output folder with one stack per entry of `stacks` (as compare-synth's tests build them). */
function output(stacks: Record<string, unknown>): string {
  const dir = mkdtempSync(join(tmpdir(), "impact-"));
  const manifest: Record<string, unknown> = {};
  for (const [name, json] of Object.entries(stacks)) {
    mkdirSync(join(dir, "stacks", name), { recursive: true });
    writeFileSync(join(dir, "stacks", name, "cdk.tf.json"), JSON.stringify(json));
    manifest[name] = { dependencies: [], synthesizedStackPath: `stacks/${name}/cdk.tf.json` };
  }
  writeFileSync(join(dir, "manifest.json"), JSON.stringify({ stacks: manifest }));
  return dir;
}

const resources = (byType: Record<string, Record<string, Record<string, unknown>>>) => ({ resource: byType });
const bucket = (name: string, extra: Record<string, unknown> = {}) => ({ bucket: name, "//": { metadata: { path: "x" } }, ...extra });

describe("impact analysis", () => {
  it("reads the stateful types from the policy packs' dataHolding declarations, MSK and Redshift Serverless included", () => {
    const types = statefulTypes();
    for (const type of ["aws_s3_bucket", "aws_kms_key", "aws_kinesis_stream", "aws_dynamodb_table", "databricks_catalog", "databricks_metastore"]) {
      expect(types.has(type)).toBe(true);
    }
    expect(types.has("aws_msk_cluster")).toBe(true);
    expect(types.has("aws_iam_role")).toBe(false);
  });

  it("flags a removed bucket as destroying data", () => {
    const before = output({ a: resources({ aws_s3_bucket: { Logs: bucket("logs"), Data: bucket("data") } }) });
    const after = output({ a: resources({ aws_s3_bucket: { Data: bucket("data") } }) });
    const report = analyzeImpact(before, after);
    expect(report.changes).toEqual([{ stack: "a", address: "aws_s3_bucket.Logs", type: "aws_s3_bucket", change: "removed" }]);
    expect(report.dataLoss).toEqual([{ stack: "a", address: "aws_s3_bucket.Logs", type: "aws_s3_bucket", reason: "removed" }]);
  });

  it("flags a renamed construct id: the same type and bucket name at a new address", () => {
    const before = output({ a: resources({ aws_s3_bucket: { Logs_1: bucket("lakehouse-logs") } }) });
    const after = output({ a: resources({ aws_s3_bucket: { AuditLogs_2: bucket("lakehouse-logs") } }) });
    const report = analyzeImpact(before, after);
    expect(report.moves).toEqual([
      {
        type: "aws_s3_bucket",
        physicalName: "lakehouse-logs",
        from: { stack: "a", address: "aws_s3_bucket.Logs_1" },
        to: { stack: "a", address: "aws_s3_bucket.AuditLogs_2" },
      },
    ]);
    expect(report.dataLoss).toHaveLength(1);
    expect(report.dataLoss[0]).toMatchObject({ address: "aws_s3_bucket.Logs_1" });
    expect(report.dataLoss[0].reason).toContain('renamed to aws_s3_bucket.AuditLogs_2 with the same physical name "lakehouse-logs"');
  });

  it("flags a schema whose catalog's construct id was renamed (the reference resolved to the catalog's name) and a stateful resource moved to another stack", () => {
    const before = output({
      a: resources({
        databricks_catalog: { Main: { name: "main" } },
        databricks_schema: { Bronze: { catalog_name: "${databricks_catalog.Main.name}", name: "bronze" } },
      }),
      b: resources({ aws_kinesis_stream: { Events: { name: "events" } } }),
    });
    const after = output({
      a: resources({
        databricks_catalog: { Primary: { name: "main" } },
        databricks_schema: { Bronze: { catalog_name: "${databricks_catalog.Primary.name}", name: "bronze" } },
      }),
      b: resources({}),
      c: resources({ aws_kinesis_stream: { Events: { name: "events" } } }),
    });
    const report = analyzeImpact(before, after);
    expect(report.changes.find((c) => c.address === "databricks_schema.Bronze")).toMatchObject({ change: "changed", paths: ["catalog_name"] });
    expect(report.dataLoss.map((l) => `${l.stack} ${l.address}`)).toEqual(["a databricks_catalog.Main", "b aws_kinesis_stream.Events"]);
    expect(report.dataLoss[1].reason).toBe('moved to c: aws_kinesis_stream.Events with the same physical name "events": destroyed and recreated');
    expect(report.stacksAdded).toEqual(["c"]);
  });

  it("lists a changed attribute with its path, and a changed physical name of a stateful type as a replacement", () => {
    const before = output({ a: resources({ aws_s3_bucket: { Logs: bucket("logs", { tags: { owner: "x" } }), Data: bucket("data-1") } }) });
    const after = output({ a: resources({ aws_s3_bucket: { Logs: bucket("logs", { tags: { owner: "y" } }), Data: bucket("data-2") } }) });
    const report = analyzeImpact(before, after);
    expect(report.changes).toEqual([
      {
        stack: "a",
        address: "aws_s3_bucket.Data",
        type: "aws_s3_bucket",
        change: "replaced",
        paths: ["bucket"],
        physicalName: { before: "data-1", after: "data-2" },
      },
      { stack: "a", address: "aws_s3_bucket.Logs", type: "aws_s3_bucket", change: "changed", paths: ["tags.owner"] },
    ]);
    expect(report.dataLoss.map((l) => l.reason)).toEqual(['replaced: its physical name changes ("data-1" -> "data-2")']);
    const text = formatImpactText(report, "t");
    expect(text).toContain("~ aws_s3_bucket.Logs: tags.owner");
    expect(text).toContain("! aws_s3_bucket.Data (replaced): bucket");
    expect(text).toContain("WOULD DESTROY DATA (1):");
  });

  it("reports nothing stateful destroyed for stateless changes, a KMS alias renamed and a new bucket", () => {
    const before = output({
      a: resources({
        aws_iam_role: { R: { name: "role", description: "a" } },
        aws_kms_key: { K: { description: "k" } },
        aws_kms_alias: { A: { name: "alias/old", target_key_id: "${aws_kms_key.K.key_id}" } },
      }),
    });
    const after = output({
      a: resources({
        aws_iam_role: { R: { name: "role", description: "b" } },
        aws_kms_key: { K: { description: "k" } },
        aws_kms_alias: { A: { name: "alias/new", target_key_id: "${aws_kms_key.K.key_id}" } },
        aws_s3_bucket: { New: bucket("new") },
      }),
    });
    const report = analyzeImpact(before, after);
    expect(report.dataLoss).toEqual([]);
    expect(report.changes.map((c) => `${c.change} ${c.address}`)).toEqual([
      "changed aws_iam_role.R",
      "changed aws_kms_alias.A",
      "added aws_s3_bucket.New",
    ]);
    expect(formatImpactText(report, "t")).toContain("1 stacks: 1 added, 0 removed, 2 changed; nothing stateful destroyed");
  });

  it("flags a KMS key removed and recreated under another id with the same alias", () => {
    const key = (id: string) => ({
      aws_kms_key: { [id]: { description: "k" } },
      aws_kms_alias: { Alias: { name: "alias/data", target_key_id: `\${aws_kms_key.${id}.key_id}` } },
    });
    const report = analyzeImpact(output({ a: resources(key("Data_1")) }), output({ a: resources(key("DataKey_2")) }));
    expect(report.moves).toMatchObject([{ type: "aws_kms_key", physicalName: "alias/data" }]);
    expect(report.dataLoss.map((l) => l.address)).toEqual(["aws_kms_key.Data_1"]);
  });

  it("says no change for two identical outputs (cdktf metadata aside), in text and markdown", () => {
    const report = analyzeImpact(
      output({ a: resources({ aws_s3_bucket: { L: bucket("l") } }) }),
      output({ a: resources({ aws_s3_bucket: { L: bucket("l") } }) }),
    );
    expect(formatImpactText(report, "title")).toBe("title\n\n1 stacks: no change");
    expect(formatImpactMarkdown(report, "title")).toBe("### title\n\n**1 stacks: no change**");
  });

  it("renders data loss, per-stack changes and moves as markdown", () => {
    const before = output({ a: resources({ aws_s3_bucket: { Old: bucket("b") } }) });
    const after = output({ a: resources({ aws_s3_bucket: { New: bucket("b") } }) });
    const markdown = formatImpactMarkdown(analyzeImpact(before, after), "Impact");
    expect(markdown).toContain("**Would destroy data (1):**");
    expect(markdown).toContain('| a | `aws_s3_bucket.Old` | renamed to aws_s3_bucket.New with the same physical name "b": destroyed and recreated |');
    expect(markdown).toContain("```diff\n+ aws_s3_bucket.New\n- aws_s3_bucket.Old\n```");
  });
});
