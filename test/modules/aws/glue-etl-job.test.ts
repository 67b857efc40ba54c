import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { TerraformStack, Testing } from "cdktf";
import { GlueEtlJob, scriptObjectKey, type GlueEtlJobProps } from "../../../modules/aws/glue-etl-job";
import { escapeTerraformTemplate } from "../../../modules/core/terraform-text";
import { GlueSecurityConfiguration, glueLogsKeyPolicyStatements } from "../../../modules/aws/glue-security-configuration";
import { KmsKey } from "../../../modules/aws/kms-key";
import type { JsonStatement } from "../../iam-json";
import { evaluate } from "../policy/fixtures";
import { synthesize, type SynthesizedStack } from "../../synth-json";

const KEY_ARN = "arn:aws:kms:us-east-1:111122223333:key/data";
const LANDING = "acme-prod-landing";
const SCRIPT = 'import sys\nfrom awsglue.job import Job\nprint("normalize ${not_a_terraform_reference}")\n';

const dir = mkdtempSync(join(tmpdir(), "glue-etl-job-"));
const scriptPath = join(dir, "normalize_erp_exports.py");
writeFileSync(scriptPath, SCRIPT);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function props(overrides: Partial<GlueEtlJobProps> = {}): GlueEtlJobProps {
  return {
    name: "acme-prod-erp",
    kmsKeyArn: KEY_ARN,
    databaseName: "acme_prod_landing",
    crawlerS3Paths: [`s3://${LANDING}/glue/curated/invoices/`],
    scriptPath,
    scriptBucketName: LANDING,
    sourcePaths: [`s3://${LANDING}/glue/raw/invoices/`],
    targetPath: `s3://${LANDING}/glue/curated/invoices/`,
    jobArguments: { "--source_path": `s3://${LANDING}/glue/raw/invoices/`, "--target_path": `s3://${LANDING}/glue/curated/invoices/` },
    jobSchedule: "cron(0 1 * * ? *)",
    ...overrides,
  };
}

function build(overrides: Partial<GlueEtlJobProps> = {}): SynthesizedStack {
  const stack = new TerraformStack(Testing.app(), "test");
  new AwsProvider(stack, "aws", { region: "us-east-1" });
  new GlueEtlJob(stack, "Erp", props(overrides));
  return synthesize(stack);
}

function statements(s: SynthesizedStack, path: string): JsonStatement[] {
  return JSON.parse(s.resource("aws_iam_role_policy", path).block.policy as string).Statement;
}

const bySid = (list: JsonStatement[], sid: string) => list.find((x) => x.Sid === sid);
const asList = (v: string | string[] | undefined) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

describe("GlueEtlJob", () => {
  const s = build();
  const ctx = (type: string, attribute: string) => `\${data.${type}.${Object.keys(s.dataSources(type))[0]}.${attribute}}`;
  const arnBase = `arn:${ctx("aws_partition", "partition")}:glue:${ctx("aws_region", "region")}:${ctx("aws_caller_identity", "account_id")}`;
  const logsArn = `arn:${ctx("aws_partition", "partition")}:logs:${ctx("aws_region", "region")}:${ctx("aws_caller_identity", "account_id")}:log-group:/aws-glue/*`;
  const securityConfiguration = s.ref("aws_glue_security_configuration", "/Erp/SecurityConfiguration/Resource", "name");
  const scriptKey = scriptObjectKey("glue/scripts", scriptPath, SCRIPT);

  it("encrypts S3 output and logs with SSE-KMS and bookmarks with CSE-KMS, all with the key", () => {
    expect(s.resource("aws_glue_security_configuration", "/Erp/SecurityConfiguration/Resource").block).toMatchObject({
      name: "acme-prod-erp",
      encryption_configuration: {
        s3_encryption: { s3_encryption_mode: "SSE-KMS", kms_key_arn: KEY_ARN },
        cloudwatch_encryption: { cloudwatch_encryption_mode: "SSE-KMS", kms_key_arn: KEY_ARN },
        job_bookmarks_encryption: { job_bookmarks_encryption_mode: "CSE-KMS", kms_key_arn: KEY_ARN },
      },
    });
  });

  it("creates a protected catalog database and a crawler over the prefixes under the security configuration", () => {
    expect(s.resource("aws_glue_catalog_database", "/Erp/Database").block).toMatchObject({
      name: "acme_prod_landing",
      lifecycle: { prevent_destroy: true },
    });
    expect(s.resource("aws_glue_crawler", "/Erp/Crawler").block).toMatchObject({
      name: "acme-prod-erp-crawler",
      role: s.ref("aws_iam_role", "/Erp/CrawlerRole", "arn"),
      database_name: s.ref("aws_glue_catalog_database", "/Erp/Database", "name"),
      s3_target: [{ path: `s3://${LANDING}/glue/curated/invoices/` }],
      schedule: "cron(0 2 * * ? *)",
      security_configuration: securityConfiguration,
      schema_change_policy: { update_behavior: "UPDATE_IN_DATABASE", delete_behavior: "LOG" },
    });
  });

  it("uploads the script SSE-KMS under a key with its content hash, keeping ${ literal for Terraform", () => {
    expect(scriptKey).toMatch(/^glue\/scripts\/[0-9a-f]{16}\/normalize_erp_exports\.py$/);
    expect(s.resource("aws_s3_object", "/Erp/Script").block).toMatchObject({
      bucket: LANDING,
      key: scriptKey,
      server_side_encryption: "aws:kms",
      kms_key_id: KEY_ARN,
      content: SCRIPT.split("${").join("$${"),
    });
    expect(escapeTerraformTemplate("a ${b} %{c}")).toBe("a $${b} %%{c}");
  });

  it("changes the script key when the script changes, so the new script is uploaded", () => {
    const changedPath = join(dir, "changed", "normalize_erp_exports.py");
    mkdirSync(join(dir, "changed"), { recursive: true });
    writeFileSync(changedPath, `${SCRIPT}# changed\n`);
    const changed = build({ scriptPath: changedPath });
    const changedKey = changed.resource("aws_s3_object", "/Erp/Script").block.key as string;
    expect(changedKey).not.toBe(scriptKey);
    expect(changedKey).toMatch(/\/normalize_erp_exports\.py$/);
    expect((changed.resource("aws_glue_job", "/Erp/Job").block.command as { script_location: string }).script_location).toBe(
      `s3://${LANDING}/${changedKey}`,
    );
    expect(build().resource("aws_s3_object", "/Erp/Script").block.key).toBe(scriptKey);
  });

  it("runs a Glue 5.0 G.1X job with bookmarks on, its arguments, timeout and retries, under the security configuration", () => {
    expect(s.resource("aws_glue_job", "/Erp/Job").block).toMatchObject({
      name: "acme-prod-erp",
      role_arn: s.ref("aws_iam_role", "/Erp/JobRole", "arn"),
      glue_version: "5.0",
      worker_type: "G.1X",
      number_of_workers: 2,
      timeout: 60,
      max_retries: 1,
      security_configuration: securityConfiguration,
      command: { name: "glueetl", python_version: "3", script_location: `s3://${LANDING}/${scriptKey}` },
      default_arguments: {
        "--job-bookmark-option": "job-bookmark-enable",
        "--job-language": "python",
        "--source_path": `s3://${LANDING}/glue/raw/invoices/`,
        "--target_path": `s3://${LANDING}/glue/curated/invoices/`,
      },
    });
  });

  it("schedules the job when a schedule is given, and not otherwise", () => {
    expect(s.resource("aws_glue_trigger", "/Erp/Schedule").block).toMatchObject({
      type: "SCHEDULED",
      schedule: "cron(0 1 * * ? *)",
      start_on_creation: true,
      actions: [{ job_name: s.ref("aws_glue_job", "/Erp/Job", "name") }],
    });
    expect(build({ jobSchedule: undefined }).resources("aws_glue_trigger")).toEqual({});
  });

  it("lets only glue.amazonaws.com assume either role", () => {
    for (const path of ["/Erp/JobRole", "/Erp/CrawlerRole"]) {
      expect(JSON.parse(s.resource("aws_iam_role", path).block.assume_role_policy as string).Statement).toEqual([
        { Effect: "Allow", Principal: { Service: "glue.amazonaws.com" }, Action: "sts:AssumeRole" },
      ]);
    }
  });

  it("lets the job read the script and the sources, write only the target prefix, and read only its database", () => {
    const job = statements(s, "/Erp/JobRolePolicy");
    expect(bySid(job, "ReadScript")).toMatchObject({ Action: "s3:GetObject", Resource: `arn:aws:s3:::${LANDING}/${scriptKey}` });
    expect(bySid(job, "ReadSources")).toMatchObject({ Action: "s3:GetObject", Resource: `arn:aws:s3:::${LANDING}/glue/raw/invoices/*` });
    expect(bySid(job, "ReadSourcesList0")).toMatchObject({
      Action: "s3:ListBucket",
      Resource: `arn:aws:s3:::${LANDING}`,
      Condition: { StringLike: { "s3:prefix": ["glue/raw/invoices/", "glue/raw/invoices/*"] } },
    });
    expect(bySid(job, "WriteTarget")).toMatchObject({
      Action: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"],
      Resource: `arn:aws:s3:::${LANDING}/glue/curated/invoices/*`,
    });
    expect(bySid(job, "ReadCatalog")).toMatchObject({
      Resource: [`${arnBase}:catalog`, `${arnBase}:database/acme_prod_landing`, `${arnBase}:table/acme_prod_landing/*`],
    });
    expect(asList(bySid(job, "ReadCatalog")?.Action).every((a) => /^glue:(Get|BatchGet)/.test(a))).toBe(true);
    expect(bySid(job, "UseDataKey")).toMatchObject({ Action: ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"], Resource: KEY_ARN });
    expect(bySid(job, "WriteGlueLogs")).toMatchObject({
      Action: ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents", "logs:AssociateKmsKey"],
      Resource: logsArn,
    });
    const puts = job.filter((x) => asList(x.Action).includes("s3:PutObject"));
    expect(puts.flatMap((x) => asList(x.Resource))).toEqual([`arn:aws:s3:::${LANDING}/glue/curated/invoices/*`]);
  });

  it("lets the crawler only read the crawled prefixes and manage tables of its database", () => {
    const crawler = statements(s, "/Erp/CrawlerRolePolicy");
    expect(bySid(crawler, "ReadCrawledPrefixes")).toMatchObject({
      Action: "s3:GetObject",
      Resource: `arn:aws:s3:::${LANDING}/glue/curated/invoices/*`,
    });
    expect(bySid(crawler, "CatalogTables")?.Resource).toEqual([
      `${arnBase}:catalog`,
      `${arnBase}:database/acme_prod_landing`,
      `${arnBase}:table/acme_prod_landing/*`,
    ]);
    expect(asList(bySid(crawler, "CatalogTables")?.Action)).not.toContain("glue:DeleteTable");
    expect(crawler.some((x) => asList(x.Action).some((a) => a === "s3:PutObject" || a === "s3:DeleteObject"))).toBe(false);
    expect(bySid(crawler, "WriteGlueLogs")?.Resource).toBe(logsArn);
  });

  it("grants no * action and no * resource in either role", () => {
    for (const path of ["/Erp/JobRolePolicy", "/Erp/CrawlerRolePolicy"]) {
      for (const statement of statements(s, path)) {
        expect(asList(statement.Action).some((a) => a.includes("*"))).toBe(false);
        expect(asList(statement.Resource)).not.toContain("*");
      }
    }
  });

  it("uses a given security configuration instead of creating one", () => {
    const stack = new TerraformStack(Testing.app(), "shared");
    new AwsProvider(stack, "aws", { region: "us-east-1" });
    const shared = new GlueSecurityConfiguration(stack, "Shared", { name: "acme-prod-glue", kmsKeyArn: KEY_ARN });
    new GlueEtlJob(stack, "Erp", props({ securityConfiguration: shared }));
    const t = synthesize(stack);
    expect(Object.keys(t.resources("aws_glue_security_configuration"))).toHaveLength(1);
    expect(t.resource("aws_glue_job", "/Erp/Job").block.security_configuration).toBe(
      t.ref("aws_glue_security_configuration", "/Shared/Resource", "name"),
    );
  });

  it("passes the guardrails (GLUE-SECURITY-CONFIGURATION, GLUE-ENCRYPTION, IAM, KMS with the logs statement) with no finding", () => {
    const results = evaluate((stack) => {
      const key = new KmsKey(stack, "DataKey", { alias: "acme/prod/data", description: "Landing data" });
      glueLogsKeyPolicyStatements("us-east-1", "111122223333").forEach((statement) => key.addToKeyPolicy(statement));
      new GlueEtlJob(stack, "Erp", props({ kmsKeyArn: key.keyArn }));
    }).filter((r) => r.path !== "fixture");
    expect(results.filter((r) => r.status !== "pass")).toEqual([]);
    expect(results.filter((r) => r.ruleId === "GLUE-SECURITY-CONFIGURATION").map((r) => r.status)).toEqual(["pass", "pass"]);
    expect(results.filter((r) => r.ruleId === "GLUE-ENCRYPTION").map((r) => r.status)).toEqual(["pass"]);
  });

  it("refuses bad props, naming each", () => {
    expect(() =>
      build({
        name: "Erp",
        kmsKeyArn: "alias/aws/glue",
        databaseName: "Landing-DB",
        crawlerS3Paths: ["s3://acme-prod-landing/glue/curated"],
        sourcePaths: [],
        targetPath: "glue/curated/",
        scriptPath: join(dir, "missing.py"),
        jobArguments: { "--job-bookmark-option": "job-bookmark-disable" },
        numberOfWorkers: 1,
        timeoutMinutes: 0,
        maxRetries: 11,
        jobSchedule: "rate(1 day)",
      }),
    ).toThrow(
      new RegExp(
        [
          'name: "Erp"',
          'kmsKeyArn: "alias/aws/glue"',
          'databaseName: "Landing-DB"',
          "sourcePaths: none given",
          'crawlerS3Paths\\[0\\]: "s3://acme-prod-landing/glue/curated"',
          'targetPath: "glue/curated/"',
          "scriptPath: .*does not exist",
          'jobArguments: "--job-bookmark-option" is set by the construct',
          "numberOfWorkers: 1",
          "timeoutMinutes: 0",
          "maxRetries: 11",
          'jobSchedule: "rate\\(1 day\\)"',
        ].join("[\\s\\S]*"),
      ),
    );
    expect(() => build({ crawlerS3Paths: [] })).toThrow(/crawlerS3Paths: none given/);
  });
});
