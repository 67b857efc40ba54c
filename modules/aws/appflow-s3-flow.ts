/**
 * An Amazon AppFlow flow that copies one SaaS object into the landing bucket as Parquet on a schedule, encrypted with
 * our key, and the statements the landing bucket and its key need so that AppFlow can write there.
 */
import { AppflowFlow } from "@cdktf/provider-aws/lib/appflow-flow";
import { Token } from "cdktf";
import { Construct } from "constructs";
import { keyArnProblems } from "./kms-key";
import { LazyAwsContext } from "./lazy-aws-context";
import type { PolicyStatement } from "./policy-document";
import { keyPrefixProblems } from "./s3-key-prefix";
import { TerraformData } from "../core/terraform-data";
import { throwIfInvalidProps } from "../core/validation";

/** AppFlow's service principal. */
export const APPFLOW_SERVICE_PRINCIPAL = "appflow.amazonaws.com";

/** SaaS connectors this construct reads from (AppFlow `connector_type`); each takes an `object` to copy. */
export type AppflowSourceConnector = "Salesforce" | "Servicenow" | "Zendesk" | "Slack" | "Marketo";

/** How each connector's source properties and connector operator are keyed in the provider's blocks. */
const CONNECTOR_KEYS: Readonly<Record<AppflowSourceConnector, "salesforce" | "serviceNow" | "zendesk" | "slack" | "marketo">> = {
  Salesforce: "salesforce",
  Servicenow: "serviceNow",
  Zendesk: "zendesk",
  Slack: "slack",
  Marketo: "marketo",
};

/** The datetime field an incremental pull filters on, where AppFlow documents one per connector. */
export const DEFAULT_INCREMENTAL_FIELDS: Readonly<Partial<Record<AppflowSourceConnector, string>>> = { Salesforce: "LastModifiedDate" };

/**
 * The S3 actions AppFlow needs on a destination bucket, as AWS documents them ("Amazon S3 bucket policies for Amazon
 * AppFlow", destination statement).
 */
export const APPFLOW_S3_DESTINATION_ACTIONS: readonly string[] = [
  "s3:PutObject",
  "s3:AbortMultipartUpload",
  "s3:ListMultipartUploadParts",
  "s3:ListBucketMultipartUploads",
  "s3:GetBucketAcl",
  "s3:PutObjectAcl",
];

/** Sid of the bucket policy statement from {@link appflowBucketPolicyStatements}. */
export const APPFLOW_BUCKET_POLICY_SID = "AllowAppFlowDestinationActions";

/** Sid of the key policy statement from {@link appflowKeyPolicyStatements}. */
export const APPFLOW_KEY_POLICY_SID = "AllowAppFlowToEncryptLandingObjects";

/** Properties of {@link AppflowS3Flow}. */
export interface AppflowS3FlowProps {
  /** Flow name: 1 to 256 letters, digits and `_ ! @ # . -`, starting with a letter or digit. AppFlow writes under a folder of this name. */
  readonly name: string;
  /** The SaaS connector of the source. */
  readonly connectorType: AppflowSourceConnector;
  /** Name of the connector profile (created out of band: it holds the SaaS OAuth credentials). */
  readonly connectorProfileName: string;
  /** The SaaS object to copy, e.g. `Account`. */
  readonly object: string;
  /** Our KMS key (ARN): AppFlow encrypts the flow's data in transit and staging with it. */
  readonly kmsKeyArn: string;
  /** Name of the landing bucket (SSE-KMS by default: see {@link appflowKeyPolicyStatements}). */
  readonly bucketName: string;
  /**
   * Key prefix in the bucket, without slashes at either end; AppFlow writes `<bucketPrefix>/<name>/...`.
   * @default "appflow"
   */
  readonly bucketPrefix?: string;
  /**
   * How often the flow runs (AppFlow schedule expression).
   * @default "rate(1hours)"
   */
  readonly scheduleExpression?: string;
  /**
   * `Incremental` copies records changed since the last run (by `incrementalPullField`); `Complete` copies everything each run.
   * @default "Incremental"
   */
  readonly dataPullMode?: "Incremental" | "Complete";
  /**
   * Datetime field an incremental pull filters on.
   * @default "LastModifiedDate" for Salesforce; required for other connectors when dataPullMode is Incremental
   */
  readonly incrementalPullField?: string;
  /**
   * Keep the source's data types in the Parquet files (otherwise every column is a string).
   * @default true
   */
  readonly preserveSourceDataTypes?: boolean;
  /**
   * Activate the scheduled flow after it is created, with `aws appflow start-flow` (a `terraform_data` local-exec):
   * the provider creates scheduled flows in Draft status and has no argument to activate them. Needs the AWS CLI where
   * `terraform apply` runs.
   * @default true
   */
  readonly activate?: boolean;
  /**
   * Role the activation command assumes first (for example the deployer role the AWS provider assumes); the CLI
   * otherwise uses the default credentials of the environment.
   * @default - none
   */
  readonly activationRoleArn?: string;
  /**
   * Description of the flow.
   * @default - `<connectorType> <object> into s3://<bucket>/<bucketPrefix>/`
   */
  readonly description?: string;
  /**
   * Tags on the flow, on top of the provider's `default_tags`.
   * @default - none beyond the provider's default_tags
   */
  readonly tags?: Record<string, string>;
}

/**
 * A scheduled AppFlow flow from a SaaS object into the landing bucket.
 *
 * Reads one object through a connector profile created out of band, maps every field (`Map_all`), and writes
 * unaggregated Parquet under `<bucketPrefix>/<name>/`, encrypting flow data with our key (`kms_arn`). Incremental pulls
 * filter on a datetime field (Salesforce: `LastModifiedDate`). The landing bucket's policy must contain
 * {@link appflowBucketPolicyStatements}, and its key policy {@link appflowKeyPolicyStatements}.
 *
 * @see https://docs.aws.amazon.com/appflow/latest/userguide/s3.html
 * @example
 * const flow = new AppflowS3Flow(this, "SalesforceAccounts", {
 *   name: "acme-prod-crm", connectorType: "Salesforce", connectorProfileName: "acme-salesforce", object: "Account",
 *   kmsKeyArn: dataKey.keyArn, bucketName: landing.bucketName,
 * });
 * appflowBucketPolicyStatements(landing.bucketArn, accountId).forEach((s) => landing.addToResourcePolicy(s));
 * appflowKeyPolicyStatements(accountId).forEach((s) => dataKey.addToKeyPolicy(s));
 */
export class AppflowS3Flow extends Construct {
  /** The `aws_appflow_flow` resource. */
  public readonly flow: AppflowFlow;
  /** The `terraform_data` that activates the flow, when `activate` is on. */
  public readonly activation?: TerraformData;
  /** Where the files land, `<bucketPrefix>/<name>/` (AppFlow adds a folder per run under it). */
  public readonly landingPrefix: string;
  /** `s3://<bucket>/<bucketPrefix>/<name>/`. */
  public readonly landingUrl: string;

  private readonly aws = new LazyAwsContext(this);

  constructor(scope: Construct, id: string, props: AppflowS3FlowProps) {
    super(scope, id);
    throwIfInvalidProps(this, appflowPropsProblems(props));
    const prefix = props.bucketPrefix ?? "appflow";
    this.landingPrefix = `${prefix}/${props.name}/`;
    this.landingUrl = `s3://${props.bucketName}/${this.landingPrefix}`;
    const key = CONNECTOR_KEYS[props.connectorType];
    const mode = props.dataPullMode ?? "Incremental";
    const incrementalField = props.incrementalPullField ?? DEFAULT_INCREMENTAL_FIELDS[props.connectorType];

    this.flow = new AppflowFlow(this, "Flow", {
      name: props.name,
      description: props.description ?? `${props.connectorType} ${props.object} into s3://${props.bucketName}/${prefix}/`,
      kmsArn: props.kmsKeyArn,
      sourceFlowConfig: {
        connectorType: props.connectorType,
        connectorProfileName: props.connectorProfileName,
        sourceConnectorProperties: { [key]: { object: props.object } },
        ...(mode === "Incremental" ? { incrementalPullConfig: { datetimeTypeFieldName: incrementalField } } : {}),
      },
      destinationFlowConfig: [
        {
          connectorType: "S3",
          destinationConnectorProperties: {
            s3: {
              bucketName: props.bucketName,
              bucketPrefix: prefix,
              s3OutputFormatConfig: {
                fileType: "PARQUET",
                preserveSourceDataTyping: props.preserveSourceDataTypes ?? true,
                aggregationConfig: { aggregationType: "None" },
              },
            },
          },
        },
      ],
      // Map_all with no source fields and an empty exclusion list copies every field: the task AppFlow's console and
      // AWS's cdk-appflow library (Mapping.mapAll) generate.
      task: [
        {
          taskType: "Map_all",
          sourceFields: [],
          connectorOperator: [{ [key]: "NO_OP" }],
          taskProperties: { EXCLUDE_SOURCE_FIELDS_LIST: "[]" },
        },
      ],
      triggerConfig: {
        triggerType: "Scheduled",
        triggerProperties: { scheduled: { scheduleExpression: props.scheduleExpression ?? "rate(1hours)", dataPullMode: mode } },
      },
      tags: props.tags,
    });

    if (props.activate ?? true) {
      this.activation = this.activate(props);
    }
  }

  private activate(props: AppflowS3FlowProps): TerraformData {
    // Runs once per flow (replaced with it): StartFlow activates a scheduled flow (AppFlow API reference, StartFlow).
    return new TerraformData(this, "Activation", {
      triggersReplace: { flow_arn: this.flow.arn },
      provisioners: [
        {
          type: "local-exec",
          interpreter: ["/bin/sh", "-c"],
          command: START_FLOW_SCRIPT,
          environment: {
            FLOW_NAME: this.flow.name,
            FLOW_REGION: this.aws.region,
            ACTIVATION_ROLE_ARN: props.activationRoleArn ?? "",
          },
        },
      ],
    });
  }
}

/**
 * Assumes the activation role if one is set, then starts the flow. Values come from the environment, never the script;
 * no `${...}` here, which Terraform would read as its own interpolation.
 */
const START_FLOW_SCRIPT = [
  "set -eu",
  'if [ -n "$ACTIVATION_ROLE_ARN" ]; then',
  '  set -- $(aws sts assume-role --role-arn "$ACTIVATION_ROLE_ARN" --role-session-name appflow-start-flow --query "Credentials.[AccessKeyId,SecretAccessKey,SessionToken]" --output text)',
  '  export AWS_ACCESS_KEY_ID="$1" AWS_SECRET_ACCESS_KEY="$2" AWS_SESSION_TOKEN="$3"',
  "fi",
  'aws appflow start-flow --flow-name "$FLOW_NAME" --region "$FLOW_REGION"',
].join("\n");

/** Of {@link APPFLOW_S3_DESTINATION_ACTIONS}, those on the bucket itself; the others act on objects. */
const APPFLOW_BUCKET_LEVEL_ACTIONS: readonly string[] = ["s3:ListBucketMultipartUploads", "s3:GetBucketAcl"];

/**
 * The statements the destination bucket's policy needs so that AppFlow can write flow output: the actions AWS documents
 * for a destination bucket, the object actions only under `keyPrefix` (so a flow cannot write where other services
 * deliver), the bucket actions on the bucket, for flows of this account only (`aws:SourceAccount`).
 *
 * @param bucketArn the landing bucket's ARN
 * @param accountId the AWS account of the flows
 * @param keyPrefix the key prefix flows write under (e.g. `main/appflow/`) @default "" (the whole bucket)
 * @see https://docs.aws.amazon.com/appflow/latest/userguide/s3-policies-management.html
 */
export function appflowBucketPolicyStatements(bucketArn: string, accountId: string, keyPrefix = ""): PolicyStatement[] {
  const common = {
    effect: "Allow" as const,
    principal: { Service: APPFLOW_SERVICE_PRINCIPAL },
    conditions: { StringEquals: { "aws:SourceAccount": accountId } },
  };
  return [
    {
      ...common,
      sid: APPFLOW_BUCKET_POLICY_SID,
      actions: APPFLOW_S3_DESTINATION_ACTIONS.filter((a) => !APPFLOW_BUCKET_LEVEL_ACTIONS.includes(a)),
      resources: [`${bucketArn}/${keyPrefix}*`],
    },
    { ...common, sid: `${APPFLOW_BUCKET_POLICY_SID}OnBucket`, actions: [...APPFLOW_BUCKET_LEVEL_ACTIONS], resources: [bucketArn] },
  ];
}

/**
 * The statement the landing bucket's KMS key policy needs when the bucket encrypts with SSE-KMS by default: AppFlow
 * writes as its service principal, so S3 asks KMS for data keys on behalf of `appflow.amazonaws.com`, which only a key
 * policy can allow (an IAM policy cannot name a service principal). GenerateDataKey starts an SSE-KMS upload, Decrypt
 * completes a multipart upload (AWS knowledge center, "s3-large-file-encryption-kms-key"); Encrypt and GenerateDataKey
 * are what AWS's cdk-appflow library grants a destination bucket's key (AppFlowPermissionsManager.grantBucketWrite).
 * Limited to flows of this account (`aws:SourceAccount`). In a key policy, `Resource: "*"` means this key.
 *
 * @param accountId the AWS account of the flows
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingKMSEncryption.html
 */
export function appflowKeyPolicyStatements(accountId: string): PolicyStatement[] {
  return [
    {
      sid: APPFLOW_KEY_POLICY_SID,
      effect: "Allow",
      principal: { Service: APPFLOW_SERVICE_PRINCIPAL },
      actions: ["kms:Encrypt", "kms:GenerateDataKey", "kms:Decrypt"],
      resources: ["*"],
      conditions: { StringEquals: { "aws:SourceAccount": accountId } },
    },
  ];
}

const FLOW_NAME_PATTERN = /^[a-zA-Z0-9][\w!@#.-]{0,255}$/;
const PROFILE_NAME_PATTERN = /^[\w/!@#+=.-]{1,256}$/;
const SCHEDULE_PATTERN = /^(rate\(\d+ ?(minutes?|hours?|days?)\)|cron\(.+\))$/;

function appflowPropsProblems(props: AppflowS3FlowProps): string[] {
  const problems: string[] = [];
  const unresolved = (v: unknown) => Token.isUnresolved(v);
  if (!unresolved(props.name) && !FLOW_NAME_PATTERN.test(props.name)) {
    problems.push(`name: "${props.name}" must be 1-256 letters, digits and _ ! @ # . -, starting with a letter or digit`);
  }
  problems.push(...keyArnProblems("kmsKeyArn", props.kmsKeyArn));
  if (!(props.connectorType in CONNECTOR_KEYS)) {
    problems.push(`connectorType: "${props.connectorType}" is not supported; use one of ${Object.keys(CONNECTOR_KEYS).join(", ")}`);
  }
  if (!unresolved(props.connectorProfileName) && !PROFILE_NAME_PATTERN.test(props.connectorProfileName)) {
    problems.push(`connectorProfileName: "${props.connectorProfileName}" is not an AppFlow connector profile name`);
  }
  if (!unresolved(props.object) && props.object.trim() === "") problems.push("object: is empty; name the SaaS object to copy, e.g. Account");
  const schedule = props.scheduleExpression;
  if (schedule !== undefined && !unresolved(schedule) && !SCHEDULE_PATTERN.test(schedule)) {
    problems.push(`scheduleExpression: "${schedule}" is not an AppFlow schedule expression like rate(1hours) or cron(0 * * * ? *)`);
  }
  const mode = props.dataPullMode ?? "Incremental";
  if (!["Incremental", "Complete"].includes(mode)) problems.push(`dataPullMode: "${mode}" is not allowed; use Incremental or Complete`);
  if (mode === "Incremental" && !props.incrementalPullField && DEFAULT_INCREMENTAL_FIELDS[props.connectorType] === undefined) {
    problems.push(`incrementalPullField: required for ${props.connectorType} with dataPullMode Incremental (the datetime field to filter on)`);
  }
  problems.push(...keyPrefixProblems("bucketPrefix", props.bucketPrefix, "appflow"));
  return problems;
}
