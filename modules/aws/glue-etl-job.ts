/**
 * An AWS Glue ETL pipeline: a catalog database, a crawler over landing prefixes, and a Spark job whose script lives in
 * the repository and is uploaded under a content-hash key, each under a security configuration and a least-privilege
 * role.
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { basename } from "node:path";
import { GlueCatalogDatabase } from "@cdktf/provider-aws/lib/glue-catalog-database";
import { GlueCrawler } from "@cdktf/provider-aws/lib/glue-crawler";
import { GlueJob } from "@cdktf/provider-aws/lib/glue-job";
import { GlueTrigger } from "@cdktf/provider-aws/lib/glue-trigger";
import type { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { S3Object } from "@cdktf/provider-aws/lib/s3-object";
import { Token } from "cdktf";
import { Construct } from "constructs";
import { GlueSecurityConfiguration } from "./glue-security-configuration";
import { keyArnProblems } from "./kms-key";
import { LazyAwsContext } from "./lazy-aws-context";
import type { PolicyStatement } from "./policy-document";
import { createServiceRole } from "./service-role";
import { escapeTerraformTemplate } from "../core/terraform-text";
import { throwIfInvalidProps } from "../core/validation";

/** Glue's service principal. */
export const GLUE_SERVICE_PRINCIPAL = "glue.amazonaws.com";

/** Job arguments the construct sets and props may not override. */
export const GLUE_RESERVED_ARGUMENTS: readonly string[] = ["--job-bookmark-option", "--job-language"];

/** Glue catalog actions the crawler needs on its database and tables (read, create and update tables and partitions). */
export const GLUE_CRAWLER_CATALOG_ACTIONS: readonly string[] = [
  "glue:GetDatabase",
  "glue:GetTable",
  "glue:GetTables",
  "glue:CreateTable",
  "glue:UpdateTable",
  "glue:GetPartition",
  "glue:GetPartitions",
  "glue:BatchGetPartition",
  "glue:CreatePartition",
  "glue:BatchCreatePartition",
  "glue:UpdatePartition",
  "glue:BatchUpdatePartition",
];

/** Glue catalog actions the job gets on the database and its tables (read only: it writes files, not tables). */
export const GLUE_JOB_CATALOG_ACTIONS: readonly string[] = [
  "glue:GetDatabase",
  "glue:GetTable",
  "glue:GetTables",
  "glue:GetPartition",
  "glue:GetPartitions",
  "glue:BatchGetPartition",
];

/** Worker types of Glue Spark jobs. */
export type GlueWorkerType = "G.1X" | "G.2X" | "G.4X" | "G.8X";

/** Properties of {@link GlueEtlJob}. */
export interface GlueEtlJobProps {
  /**
   * Base of the names: job `<name>`, crawler `<name>-crawler`, roles `<name>-glue-job` / `<name>-glue-crawler`, security
   * configuration `<name>`, trigger `<name>-schedule`. 3 to 40 lowercase letters, digits and hyphens, starting with a letter.
   */
  readonly name: string;
  /** Our KMS key (ARN): the security configuration (S3, logs, bookmarks) and the script object. */
  readonly kmsKeyArn: string;
  /**
   * The security configuration of the job and the crawler.
   * @default - a new one named `<name>` that encrypts with `kmsKeyArn`
   */
  readonly securityConfiguration?: GlueSecurityConfiguration;

  /** Name of the Glue catalog database to create: lowercase letters, digits and underscores, at most 255 characters. */
  readonly databaseName: string;
  /** S3 prefixes the crawler catalogs, as `s3://<bucket>/<prefix>/`. */
  readonly crawlerS3Paths: string[];
  /**
   * When the crawler runs (Glue cron expression, UTC).
   * @default "cron(0 2 * * ? *)"
   */
  readonly crawlerSchedule?: string;

  /** Absolute path of the job's PySpark script in the repository; read when the stack is synthesized. */
  readonly scriptPath: string;
  /** Bucket the script is uploaded to (our landing bucket). */
  readonly scriptBucketName: string;
  /**
   * Key prefix of script objects; the key is `<scriptKeyPrefix>/<first 16 hex of SHA-256 of the script>/<file name>`.
   * @default "glue/scripts"
   */
  readonly scriptKeyPrefix?: string;
  /** S3 prefixes the job reads, as `s3://<bucket>/<prefix>/`. */
  readonly sourcePaths: string[];
  /** The S3 prefix the job writes, as `s3://<bucket>/<prefix>/`. */
  readonly targetPath: string;
  /**
   * Arguments of every run (e.g. the script's `--source_path`); may not override {@link GLUE_RESERVED_ARGUMENTS}.
   * @default - none beyond job bookmarks on
   */
  readonly jobArguments?: Record<string, string>;
  /**
   * Glue version (Spark 3.5 and Python 3.11 in 5.0).
   * @default "5.0"
   */
  readonly glueVersion?: string;
  /**
   * Worker type.
   * @default "G.1X"
   */
  readonly workerType?: GlueWorkerType;
  /**
   * Number of workers (at least 2).
   * @default 2
   */
  readonly numberOfWorkers?: number;
  /**
   * Minutes a run may take before Glue stops it.
   * @default 60
   */
  readonly timeoutMinutes?: number;
  /**
   * Retries of a failed run (0 to 10).
   * @default 1
   */
  readonly maxRetries?: number;
  /**
   * When the job runs (Glue cron expression, UTC): adds a SCHEDULED trigger.
   * @default - no trigger (runs are started by an orchestrator)
   */
  readonly jobSchedule?: string;
  /**
   * Sets Terraform `prevent_destroy` on the catalog database (its table definitions).
   * @default true
   */
  readonly protect?: boolean;
  /**
   * Tags on every resource, on top of the provider's `default_tags`.
   * @default - none beyond the provider's default_tags
   */
  readonly tags?: Record<string, string>;
}

/**
 * A Glue catalog database, a crawler over landing prefixes, and a PySpark job with bookmarks.
 *
 * The script is read when the stack is synthesized and uploaded as an `aws_s3_object` (SSE-KMS with our key) whose key
 * contains the first 16 hex digits of its SHA-256, so any change to the file changes the key and re-uploads it. The
 * job (`glueetl`, Glue 5.0, G.1X) and the crawler run under a security configuration that encrypts S3 output, logs and
 * bookmarks with our key, each with its own role trusting `glue.amazonaws.com`: S3 read on exactly the given prefixes
 * (and the script), write on the target prefix (job) only, catalog actions on this catalog, database and its tables by
 * ARN, KMS on the key, and CloudWatch Logs on `/aws-glue/*` log groups. The script must call `job.init(...)` and
 * `job.commit()` for the security configuration and bookmarks to take effect.
 *
 * @see https://docs.aws.amazon.com/glue/latest/dg/encryption-security-configuration.html
 * @see https://docs.aws.amazon.com/glue/latest/dg/set-up-encryption.html
 * @example
 * new GlueEtlJob(this, "ErpInvoices", {
 *   name: "acme-prod-erp", kmsKeyArn: dataKey.keyArn, databaseName: "acme_prod_landing",
 *   crawlerS3Paths: ["s3://acme-prod-landing/glue/curated/invoices/"],
 *   scriptPath: path.join(PIPELINES_ROOT, "glue/normalize_erp_exports.py"), scriptBucketName: "acme-prod-landing",
 *   sourcePaths: ["s3://acme-prod-landing/glue/raw/invoices/"], targetPath: "s3://acme-prod-landing/glue/curated/invoices/",
 *   jobArguments: { "--source_path": "s3://acme-prod-landing/glue/raw/invoices/", "--target_path": "s3://acme-prod-landing/glue/curated/invoices/" },
 * });
 */
export class GlueEtlJob extends Construct {
  /** The security configuration of the job and the crawler. */
  public readonly securityConfiguration: GlueSecurityConfiguration;
  /** The catalog database. */
  public readonly database: GlueCatalogDatabase;
  /** The crawler. */
  public readonly crawler: GlueCrawler;
  /** The crawler's role. */
  public readonly crawlerRole: IamRole;
  /** The uploaded script. */
  public readonly scriptObject: S3Object;
  /** The script's object key (`<prefix>/<hash>/<file name>`). */
  public readonly scriptKey: string;
  /** The job. */
  public readonly job: GlueJob;
  /** The job's role. */
  public readonly jobRole: IamRole;
  /** The schedule, when `jobSchedule` is given. */
  public readonly trigger?: GlueTrigger;

  private readonly aws = new LazyAwsContext(this);

  constructor(scope: Construct, id: string, props: GlueEtlJobProps) {
    super(scope, id);
    throwIfInvalidProps(this, glueJobPropsProblems(props));
    const script = readFileSync(props.scriptPath);
    this.scriptKey = scriptObjectKey(props.scriptKeyPrefix ?? "glue/scripts", props.scriptPath, script);
    this.securityConfiguration =
      props.securityConfiguration ?? new GlueSecurityConfiguration(this, "SecurityConfiguration", { name: props.name, kmsKeyArn: props.kmsKeyArn });

    this.database = new GlueCatalogDatabase(this, "Database", {
      name: props.databaseName,
      description: `Tables the ${props.name} crawler catalogs from the landing zone`,
      tags: props.tags,
      lifecycle: { preventDestroy: props.protect ?? true },
    });

    this.scriptObject = new S3Object(this, "Script", {
      bucket: props.scriptBucketName,
      key: this.scriptKey,
      content: escapeTerraformTemplate(script.toString("utf8")),
      contentType: "text/x-python",
      serverSideEncryption: "aws:kms",
      kmsKeyId: props.kmsKeyArn,
      tags: props.tags,
    });

    const crawlerRole = createServiceRole(this, "CrawlerRole", {
      name: `${props.name}-glue-crawler`,
      description: `Glue crawler ${props.name}-crawler: least-privilege role`,
      service: GLUE_SERVICE_PRINCIPAL,
      statements: this.crawlerStatements(props),
      tags: props.tags,
    });
    this.crawlerRole = crawlerRole.role;
    this.crawler = new GlueCrawler(this, "Crawler", {
      name: `${props.name}-crawler`,
      role: this.crawlerRole.arn,
      databaseName: this.database.name,
      s3Target: props.crawlerS3Paths.map((path) => ({ path })),
      schedule: props.crawlerSchedule ?? "cron(0 2 * * ? *)",
      securityConfiguration: this.securityConfiguration.name,
      // New columns update the tables; tables whose files vanish are only logged, never dropped.
      schemaChangePolicy: { updateBehavior: "UPDATE_IN_DATABASE", deleteBehavior: "LOG" },
      tags: props.tags,
      dependsOn: [crawlerRole.policy],
    });

    const jobRole = createServiceRole(this, "JobRole", {
      name: `${props.name}-glue-job`,
      description: `Glue job ${props.name}: least-privilege role`,
      service: GLUE_SERVICE_PRINCIPAL,
      statements: this.jobStatements(props),
      tags: props.tags,
    });
    this.jobRole = jobRole.role;
    this.job = new GlueJob(this, "Job", {
      name: props.name,
      roleArn: this.jobRole.arn,
      glueVersion: props.glueVersion ?? "5.0",
      workerType: props.workerType ?? "G.1X",
      numberOfWorkers: props.numberOfWorkers ?? 2,
      timeout: props.timeoutMinutes ?? 60,
      maxRetries: props.maxRetries ?? 1,
      executionProperty: { maxConcurrentRuns: 1 },
      securityConfiguration: this.securityConfiguration.name,
      command: { name: "glueetl", pythonVersion: "3", scriptLocation: `s3://${props.scriptBucketName}/${this.scriptKey}` },
      defaultArguments: { ...props.jobArguments, "--job-language": "python", "--job-bookmark-option": "job-bookmark-enable" },
      tags: props.tags,
      dependsOn: [jobRole.policy],
    });

    if (props.jobSchedule) {
      this.trigger = new GlueTrigger(this, "Schedule", {
        name: `${props.name}-schedule`,
        type: "SCHEDULED",
        schedule: props.jobSchedule,
        startOnCreation: true,
        actions: [{ jobName: this.job.name }],
        tags: props.tags,
      });
    }
  }

  private crawlerStatements(props: GlueEtlJobProps): PolicyStatement[] {
    return [
      ...s3ReadStatements("ReadCrawledPrefixes", props.crawlerS3Paths),
      { sid: "CatalogTables", actions: [...GLUE_CRAWLER_CATALOG_ACTIONS], resources: this.catalogArns(props.databaseName) },
      // Decrypt reads the SSE-KMS landing files; Encrypt and GenerateDataKey write catalog metadata where the Data Catalog
      // is encrypted with this key (Glue developer guide, "Setting up encryption in AWS Glue").
      { sid: "UseDataKey", actions: ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"], resources: [props.kmsKeyArn] },
      this.logsStatement(),
    ];
  }

  private jobStatements(props: GlueEtlJobProps): PolicyStatement[] {
    const target = parseS3Path(props.targetPath);
    const targetBucket = `arn:aws:s3:::${target.bucket}`;
    return [
      { sid: "ReadScript", actions: ["s3:GetObject"], resources: [`arn:aws:s3:::${props.scriptBucketName}/${this.scriptKey}`] },
      ...s3ReadStatements("ReadSources", props.sourcePaths),
      // Spark writes through temporary folders under the target, then moves and deletes them.
      { sid: "WriteTarget", actions: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"], resources: [`${targetBucket}/${target.prefix}*`] },
      {
        sid: "ListTarget",
        actions: ["s3:ListBucket"],
        resources: [targetBucket],
        conditions: { StringLike: { "s3:prefix": [target.prefix, `${target.prefix}*`] } },
      },
      { sid: "ReadCatalog", actions: [...GLUE_JOB_CATALOG_ACTIONS], resources: this.catalogArns(props.databaseName) },
      // S3 SSE-KMS output and CSE-KMS bookmarks (Glue developer guide, "Setting up encryption in AWS Glue").
      { sid: "UseDataKey", actions: ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"], resources: [props.kmsKeyArn] },
      this.logsStatement(),
    ];
  }

  /** The catalog, the database and its tables, by ARN. */
  private catalogArns(databaseName: string): string[] {
    const base = `arn:${this.aws.partition}:glue:${this.aws.region}:${this.aws.accountId}`;
    return [`${base}:catalog`, `${base}:database/${databaseName}`, `${base}:table/${databaseName}/*`];
  }

  /** Glue's log groups (`/aws-glue/jobs/...`, `/aws-glue/crawlers...`), and associating our key with them. */
  private logsStatement(): PolicyStatement {
    return {
      sid: "WriteGlueLogs",
      actions: ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents", "logs:AssociateKmsKey"],
      resources: [`arn:${this.aws.partition}:logs:${this.aws.region}:${this.aws.accountId}:log-group:/aws-glue/*`],
    };
  }
}

/** `<prefix>/<first 16 hex of SHA-256 of content>/<file name>`: a changed script gets a new key, so it is re-uploaded. */
export function scriptObjectKey(prefix: string, scriptPath: string, content: Buffer | string): string {
  const hash = createHash("sha256").update(content).digest("hex").slice(0, 16);
  return `${prefix}/${hash}/${basename(scriptPath)}`;
}

/** GetObject under each prefix and ListBucket on each bucket limited to those prefixes. */
function s3ReadStatements(sid: string, paths: readonly string[]): PolicyStatement[] {
  const parsed = paths.map(parseS3Path);
  const buckets = [...new Set(parsed.map((p) => p.bucket))];
  return [
    { sid, actions: ["s3:GetObject"], resources: parsed.map((p) => `arn:aws:s3:::${p.bucket}/${p.prefix}*`) },
    ...buckets.map((bucket, i) => {
      const prefixes = parsed.filter((p) => p.bucket === bucket).map((p) => p.prefix);
      return {
        sid: `${sid}List${i}`,
        actions: ["s3:ListBucket"],
        resources: [`arn:aws:s3:::${bucket}`],
        conditions: { StringLike: { "s3:prefix": prefixes.flatMap((prefix) => [prefix, `${prefix}*`]) } },
      };
    }),
  ];
}

const S3_PATH = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])\/((?:[^/\s*?]+\/)+)$/;

/** A path whose bucket or prefix is a Terraform reference (known at apply) is checked for its shape only. */
const S3_PATH_WITH_REFERENCES = /^s3:\/\/([^/\s]+)\/((?:[^/\s*?]+\/)+)$/;

function matchS3Path(path: string): RegExpExecArray | null {
  return (Token.isUnresolved(path) ? S3_PATH_WITH_REFERENCES : S3_PATH).exec(path);
}

function parseS3Path(path: string): { bucket: string; prefix: string } {
  const m = matchS3Path(path);
  return m ? { bucket: m[1], prefix: m[2] } : { bucket: "", prefix: "" };
}

function glueJobPropsProblems(props: GlueEtlJobProps): string[] {
  const problems: string[] = [];
  if (!/^[a-z][a-z0-9-]{2,39}$/.test(props.name))
    problems.push(`name: "${props.name}" must be 3-40 lowercase letters, digits and hyphens, starting with a letter`);
  problems.push(...keyArnProblems("kmsKeyArn", props.kmsKeyArn));
  if (!/^[a-z0-9_]{1,255}$/.test(props.databaseName))
    problems.push(`databaseName: "${props.databaseName}" must be 1-255 lowercase letters, digits and underscores`);
  if (props.crawlerS3Paths.length === 0) problems.push("crawlerS3Paths: none given; name the S3 prefixes the crawler catalogs");
  if (props.sourcePaths.length === 0) problems.push("sourcePaths: none given; name the S3 prefixes the job reads");
  const paths: [string, string][] = [
    ...props.crawlerS3Paths.map((p, i): [string, string] => [`crawlerS3Paths[${i}]`, p]),
    ...props.sourcePaths.map((p, i): [string, string] => [`sourcePaths[${i}]`, p]),
    ["targetPath", props.targetPath],
  ];
  for (const [field, path] of paths) {
    if (!matchS3Path(path)) problems.push(`${field}: "${path}" must be an S3 prefix like s3://bucket/prefix/ (ending with /, no wildcards)`);
  }
  if (!existsSync(props.scriptPath)) problems.push(`scriptPath: "${props.scriptPath}" does not exist; give the absolute path of the job script`);
  for (const key of Object.keys(props.jobArguments ?? {})) {
    if (GLUE_RESERVED_ARGUMENTS.includes(key)) problems.push(`jobArguments: "${key}" is set by the construct and cannot be overridden`);
    if (!key.startsWith("--")) problems.push(`jobArguments: "${key}" must start with -- (Glue passes arguments as --name value)`);
  }
  problems.push(...numberProblems(props));
  for (const [field, cron] of [
    ["crawlerSchedule", props.crawlerSchedule],
    ["jobSchedule", props.jobSchedule],
  ] as const) {
    if (cron !== undefined && !/^cron\(\S+( \S+){5}\)$/.test(cron))
      problems.push(`${field}: "${cron}" is not a Glue cron expression like cron(0 2 * * ? *)`);
  }
  return problems;
}

function numberProblems(props: GlueEtlJobProps): string[] {
  const problems: string[] = [];
  const workers = props.numberOfWorkers;
  if (workers !== undefined && (!Number.isInteger(workers) || workers < 2 || workers > 299)) {
    problems.push(`numberOfWorkers: ${workers} is not allowed; use 2 to 299`);
  }
  const timeout = props.timeoutMinutes;
  if (timeout !== undefined && (!Number.isInteger(timeout) || timeout < 1 || timeout > 10080)) {
    problems.push(`timeoutMinutes: ${timeout} is not allowed; use 1 to 10080 (7 days)`);
  }
  const retries = props.maxRetries;
  if (retries !== undefined && (!Number.isInteger(retries) || retries < 0 || retries > 10))
    problems.push(`maxRetries: ${retries} is not allowed; use 0 to 10`);
  if (props.workerType !== undefined && !["G.1X", "G.2X", "G.4X", "G.8X"].includes(props.workerType)) {
    problems.push(`workerType: "${props.workerType}" is not allowed; use G.1X, G.2X, G.4X or G.8X`);
  }
  return problems;
}
