import { readFileSync } from "node:fs";
import { join } from "node:path";
import { attributeChanges, buildReport, exitCodeOf, parsePlan, parsePlanText, PlanError, SENSITIVE, UNKNOWN } from "../../../scripts/ops/plan-report";
import { formatReport, FORMATS } from "../../../scripts/ops/report-format";

const PLANS = join(__dirname, "..", "..", "fixtures", "plans");
const read = (file: string) => parsePlanText(file, readFileSync(join(PLANS, file), "utf8"));
const summary = (entries: readonly { address: string; action: string; replaceOrder?: string }[]) =>
  entries.map((e) => `${e.action}${e.replaceOrder ? `(${e.replaceOrder})` : ""} ${e.address}`);

describe("plan report: real terraform plans (test/fixtures/plans, from /work/shared/plan-fixtures)", () => {
  it("separates drift from pending changes in a normal plan after an out-of-band edit", () => {
    const report = read("tf-equiv-drift-simple.json");
    expect(summary(report.drift)).toEqual(["update tfcoremock_simple_resource.drift"]);
    expect(report.drift[0].attributes).toEqual([{ path: "string", before: '"Hello, world!"', after: '"Hello, drift!"' }]);
    expect(summary(report.pending)).toEqual(["update tfcoremock_simple_resource.drift"]);
  });

  it("reads a refresh-only plan (resource_changes missing) as drift only", () => {
    const report = read("tf-equiv-drift-refresh-only.json");
    expect(summary(report.drift)).toEqual(["update tfcoremock_simple_resource.drift"]);
    expect(report.pending).toEqual([]);
  });

  it("ignores move-only (no-op) drift of a refresh-only plan", () => {
    const report = read("tf-equiv-moved-refresh-only-noop-drift.json");
    expect(report.drift).toEqual([]);
    expect(report.pending).toEqual([]);
  });

  it("keeps the previous address of a moved resource", () => {
    const report = read("tf-equiv-moved-with-drift.json");
    expect(report.drift[0]).toMatchObject({
      address: "tfcoremock_simple_resource.base_after",
      previousAddress: "tfcoremock_simple_resource.base_before",
    });
    expect(summary(report.pending)).toEqual(["update tfcoremock_simple_resource.base_after", "update tfcoremock_simple_resource.dependent"]);
  });

  it("reads drift with relevant attributes", () => {
    const report = read("tf-equiv-drift-relevant-attributes.json");
    expect(report.drift).toHaveLength(1);
    expect(report.pending).toHaveLength(2);
  });

  it("reads a replacement ([delete, create]) with its order and reason", () => {
    const [entry] = read("tf-equiv-replace.json").pending;
    expect(entry).toMatchObject({ action: "replace", replaceOrder: "delete-then-create", reason: "replace_because_cannot_update" });
    expect(entry.attributes.length).toBeGreaterThan(0);
  });

  it("reads a delete with its reason", () => {
    expect(read("tf-equiv-delete.json").pending).toEqual([
      { address: "local_file.local_file", action: "delete", reason: "delete_because_no_resource_config", attributes: [] },
    ]);
  });

  it("leaves data source reads out of pending changes and keeps module resources", () => {
    expect(summary(read("tf-equiv-data-read-create.json").pending)).toEqual([
      "create tfcoremock_simple_resource.create",
      "create module.create.local_file.data_file",
      "create module.create.random_integer.random",
    ]);
  });

  it("reads a real AWS plan with drift (tags null -> {}), update, delete and create", () => {
    const report = read("precloud-aws-sqs-drift-update-delete-create.json");
    expect(report.drift).toEqual([
      { address: "aws_sqs_queue.test_tf_sqs_2", action: "update", attributes: [{ path: "tags", before: "null", after: "{}" }] },
    ]);
    expect(summary(report.pending)).toEqual([
      "update aws_sqs_queue.test_tf_sqs",
      "delete aws_sqs_queue.test_tf_sqs_2",
      "create aws_sqs_queue.test_tf_sqs_3",
    ]);
    expect(report.pending[0].attributes).toEqual([{ path: "visibility_timeout_seconds", before: "45", after: "30" }]);
  });

  it("reads a compact single-line AWS plan of creates", () => {
    const report = read("precloud-aws-vpc-create.json");
    expect(report.pending).toHaveLength(9);
    expect(new Set(report.pending.map((e) => e.action))).toEqual(new Set(["create"]));
  });

  it.each(["tf-cloud-no-changes.json", "tfjson-no-changes-0.12.json", "own-no-changes.json"])(
    "finds nothing in %s (format 0.1, 1.1, 1.2)",
    (file) => {
      const report = read(file);
      expect(report.drift).toEqual([]);
      expect(report.pending).toEqual([]);
      expect(exitCodeOf(buildReport([report]))).toBe(0);
    },
  );
});

describe("plan report: our own plans (sensitive values, module and for_each addresses, replacement orders, forget)", () => {
  const file = "own-sensitive-module-foreach-replace.json";
  const report = read(file);

  it("lists module and for_each addresses, create_before_destroy and forget", () => {
    expect(summary(report.drift)).toEqual(["update module.db.aws_db_instance.main", "delete aws_s3_bucket.gone"]);
    expect(summary(report.pending)).toEqual([
      'update module.buckets["logs"].aws_s3_bucket.this',
      'replace(create-then-delete) aws_instance.web["a"]',
      'replace(delete-then-create) aws_instance.web["b"]',
      "update aws_secretsmanager_secret_version.orchestrator",
      "forget aws_iam_role.legacy",
      "replace(create-then-forget) aws_iam_role.kept[0]",
      "create aws_subnet.private[1]",
    ]);
    expect(report.pending[1].replacePaths).toEqual(["ami"]);
  });

  it("gives the attribute paths of an update, nested, indexed and quoted", () => {
    expect(report.pending[0].attributes.map((a) => a.path)).toEqual([
      "lifecycle_rule[0].days",
      "lifecycle_rule[0].id",
      "settings[0].name",
      "settings[0].token",
      "tags.Owner",
      'tags["kubernetes.io/role"]',
    ]);
  });

  it("masks values under a sensitive path and names unknown ones", () => {
    expect(report.drift[0].attributes).toContainEqual({ path: "password", before: SENSITIVE, after: SENSITIVE });
    expect(report.pending[0].attributes).toContainEqual({ path: "settings[0].token", before: SENSITIVE, after: SENSITIVE });
    expect(report.pending[1].attributes).toContainEqual({ path: "id", before: '"i-0123"', after: UNKNOWN });
    // The whole object is sensitive (before_sensitive: true): every value under it is masked.
    expect(report.pending[3].attributes).toEqual([
      { path: "secret_string", before: SENSITIVE, after: SENSITIVE },
      { path: "version_id", before: SENSITIVE, after: UNKNOWN },
    ]);
  });

  it.each(FORMATS)("never prints a sensitive value (%s)", (format) => {
    const text = formatReport(buildReport([report]), format);
    expect(text).not.toMatch(/s3cr3t/);
    expect(text).toContain("(sensitive)");
  });

  it("masks a value whose sensitive marker is below it (a block that appears)", () => {
    const changes = attributeChanges({
      before: { block: null },
      after: { block: { token: "s3cr3t", name: "n" } },
      before_sensitive: {},
      after_sensitive: { block: { token: true } },
      after_unknown: {},
    });
    expect(changes).toEqual([
      { path: "block.name", before: "(none)", after: '"n"' },
      // A path sensitive on either side is masked on both.
      { path: "block.token", before: SENSITIVE, after: SENSITIVE },
    ]);
  });
});

describe("plan report: what is refused", () => {
  it.each([
    ["own-errored.json", "terraform marked this plan errored"],
    ["own-format-version-2.json", "format_version 2.0"],
    ["own-state-file.json", "is a Terraform state file, not a plan"],
    ["own-state-show-json.json", "is Terraform state"],
    ["own-truncated.txt", "is not valid JSON"],
  ])("%s: %s", (file, message) => {
    expect(() => read(file)).toThrow(PlanError);
    expect(() => read(file)).toThrow(new RegExp(`^${file.replace(/\./g, "\\.")}: .*${message}`));
  });

  it("refuses unknown actions and a non-object document, naming the source", () => {
    const plan = { format_version: "1.2", planned_values: {}, resource_changes: [{ address: "a.b", change: { actions: ["explode"] } }] };
    expect(() => parsePlan("p.json", plan)).toThrow('p.json: resource_changes[0] (a.b): unknown actions ["explode"]');
    expect(() => parsePlan("p.json", [])).toThrow("p.json: is not a Terraform plan");
  });

  it("exits 1 on any error, else 2 on drift or pending, else 0", () => {
    const clean = read("own-no-changes.json");
    const drifted = read("tf-equiv-drift-refresh-only.json");
    expect(exitCodeOf(buildReport([clean]))).toBe(0);
    expect(exitCodeOf(buildReport([clean, drifted]))).toBe(2);
    expect(exitCodeOf(buildReport([drifted, { name: "x", drift: [], pending: [], error: "boom" }]))).toBe(1);
  });
});
