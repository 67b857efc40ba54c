/**
 * An AWS IoT Core topic rule that puts the selected messages into one Kinesis stream and writes the messages it could
 * not deliver to an S3 prefix, with its own least-privilege IAM role.
 */
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { IotTopicRule } from "@cdktf/provider-aws/lib/iot-topic-rule";
import { Token } from "cdktf";
import { Construct } from "constructs";
import { keyArnProblems } from "./kms-key";
import { LazyAwsContext } from "./lazy-aws-context";
import { renderPolicy, type PolicyStatement } from "./policy-document";
import { checkName } from "../core/naming";
import { escapeTerraformTemplate } from "../core/terraform-text";
import { throwIfInvalidProps } from "../core/validation";

/** Service principal of AWS IoT Core (rule actions assume their role through it). */
export const IOT_SERVICE_PRINCIPAL = "iot.amazonaws.com";

/** The IoT SQL version rules use unless told otherwise (the current one; `2015-10-08` is the legacy default). */
export const IOT_DEFAULT_SQL_VERSION = "2016-03-23";

/** SQL versions AWS IoT accepts. @see https://docs.aws.amazon.com/iot/latest/developerguide/iot-rule-sql-version.html */
export const IOT_SQL_VERSIONS: readonly string[] = ["2015-10-08", "2016-03-23", "beta"];

/** Partition key of the Kinesis action unless told otherwise: a random UUID per message, spreading load over shards. */
export const IOT_DEFAULT_PARTITION_KEY = "${newuuid()}";

/**
 * Object key template of the error action, after the prefix: one JSON object per failed message, grouped by the
 * message's topic; the UUID keeps two failures on one topic in the same millisecond from overwriting each other.
 */
export const IOT_ERROR_KEY_TEMPLATE = "${topic()}/${timestamp()}-${newuuid()}.json";

/** A Kinesis stream the rule writes to: a {@link KinesisDataStream} or any stream known by name and ARN. */
export interface IKinesisStreamRef {
  /** The stream's name (the rule's Kinesis action names it). */
  readonly streamName: string;
  /** The stream's ARN (the rule's role may put records into it). */
  readonly streamArn: string;
}

/** A bucket the error action writes to: a `SecureBucket` or any bucket known by name and ARN. */
export interface IErrorBucketRef {
  /** The bucket's name (the error action writes into it). */
  readonly bucketName: string;
  /** The bucket's ARN (the rule's role may put objects under the error prefix). */
  readonly bucketArn: string;
}

/** Properties of {@link IotKinesisTopicRule}. */
export interface IotKinesisTopicRuleProps {
  /** Rule name: letters, digits and underscores only (IoT refuses hyphens), at most 128 characters. */
  readonly ruleName: string;
  /** The rule's IoT SQL, e.g. `SELECT *, topic(2) AS device_id FROM 'devices/+/telemetry'`. */
  readonly sql: string;
  /**
   * IoT SQL version.
   * @default "2016-03-23"
   */
  readonly sqlVersion?: string;
  /**
   * What the rule is for, shown in the IoT console.
   * @default - no description
   */
  readonly description?: string;
  /** The stream the selected messages go to. */
  readonly stream: IKinesisStreamRef;
  /**
   * Kinesis partition key, an IoT substitution template written as AWS documents it (`${topic(2)}`): the construct
   * escapes `${` for Terraform, so do not escape it yourself.
   * @default "${newuuid()}"
   */
  readonly partitionKey?: string;
  /** The bucket where messages the Kinesis action could not deliver are written (the landing bucket). */
  readonly errorBucket: IErrorBucketRef;
  /** Key prefix of the error objects in `errorBucket`, ending with "/" (e.g. `iot-errors/`); the role may write only under it. */
  readonly errorPrefix: string;
  /** ARNs of the KMS keys of the stream and of the error bucket (the same key may be both); the role may generate data keys under them. */
  readonly keyArns: string[];
  /** Name of the rule's own IAM role (one role per rule). */
  readonly roleName: string;
  /**
   * Whether the rule runs.
   * @default true
   */
  readonly enabled?: boolean;
  /**
   * Tags on the rule and its role, on top of the provider's `default_tags`.
   * @default - none beyond the provider's default_tags
   */
  readonly tags?: Record<string, string>;
}

/**
 * An IoT topic rule with a Kinesis action and an S3 error action, and the one IAM role both actions use.
 *
 * The rule puts each message its SQL selects into the stream (partition key `${newuuid()}` unless told otherwise).
 * When that fails, the error action writes the failure (with the original payload) to
 * `s3://<errorBucket>/<errorPrefix>${topic()}/${timestamp()}-${newuuid()}.json`, where the bronze pipeline picks it up.
 *
 * IoT substitution templates use the same `${...}` syntax as Terraform interpolation, and Terraform would try to
 * evaluate them; the construct writes them as `$${...}` in the synthesized JSON, which Terraform passes to AWS as
 * `${...}`. Props take templates as AWS documents them.
 *
 * The role trusts `iot.amazonaws.com` only for this rule (`aws:SourceArn` = the rule's ARN, built from its name, so
 * there is no cycle between the role and the rule, and `aws:SourceAccount`), and may do exactly three things:
 * `kinesis:PutRecord` on the stream, `s3:PutObject` under the error prefix, and `kms:GenerateDataKey` on the keys
 * (what Kinesis producers and SSE-KMS writes need; `kms:Encrypt` is not used by either).
 *
 * @see https://docs.aws.amazon.com/iot/latest/developerguide/kinesis-rule-action.html
 * @see https://docs.aws.amazon.com/iot/latest/developerguide/s3-rule-action.html
 * @see https://docs.aws.amazon.com/iot/latest/developerguide/iot-create-role.html
 * @example
 * new IotKinesisTopicRule(this, "TelemetryRule", {
 *   ruleName: "acme_prod_telemetry", sql: "SELECT * FROM 'devices/+/telemetry'", stream, errorBucket: landing,
 *   errorPrefix: "iot-errors/", keyArns: [dataKey.keyArn], roleName: "acme-prod-iot-telemetry",
 * });
 */
export class IotKinesisTopicRule extends Construct {
  /** The `aws_iot_topic_rule` resource. */
  public readonly rule: IotTopicRule;
  /** The rule's IAM role. */
  public readonly role: IamRole;
  /** The role's inline permission policy. */
  public readonly policy: IamRolePolicy;
  /** The rule's ARN. */
  public readonly ruleArn: string;
  /** Where error objects go, `s3://<bucket>/<errorPrefix>`. */
  public readonly errorPath: string;

  private readonly aws = new LazyAwsContext(this);

  constructor(scope: Construct, id: string, props: IotKinesisTopicRuleProps) {
    super(scope, id);
    throwIfInvalidProps(this, rulePropsProblems(props));
    this.errorPath = `s3://${props.errorBucket.bucketName}/${props.errorPrefix}`;
    this.role = new IamRole(this, "Role", {
      name: props.roleName,
      description: `AWS IoT rule ${props.ruleName}: puts records into ${props.stream.streamName}, errors under ${props.errorPrefix}`,
      assumeRolePolicy: renderPolicy([this.trustStatement(props.ruleName)]),
      tags: props.tags,
    });
    this.policy = new IamRolePolicy(this, "Policy", {
      name: `${props.roleName}-permissions`,
      role: this.role.id,
      policy: renderPolicy(iotRuleStatements(props, this.aws.region)),
    });
    this.rule = new IotTopicRule(this, "Rule", {
      name: props.ruleName,
      description: props.description === undefined ? undefined : escapeTerraformTemplate(props.description),
      enabled: props.enabled ?? true,
      sql: escapeTerraformTemplate(props.sql),
      sqlVersion: props.sqlVersion ?? IOT_DEFAULT_SQL_VERSION,
      kinesis: [
        {
          streamName: props.stream.streamName,
          partitionKey: escapeTerraformTemplate(props.partitionKey ?? IOT_DEFAULT_PARTITION_KEY),
          roleArn: this.role.arn,
        },
      ],
      errorAction: {
        s3: {
          bucketName: props.errorBucket.bucketName,
          key: `${props.errorPrefix}${escapeTerraformTemplate(IOT_ERROR_KEY_TEMPLATE)}`,
          roleArn: this.role.arn,
        },
      },
      tags: props.tags,
      // The rule fires as soon as it exists: its role must already hold its permissions.
      dependsOn: [this.policy],
    });
    this.ruleArn = this.rule.arn;
  }

  private trustStatement(ruleName: string): PolicyStatement {
    const ruleArn = `arn:${this.aws.partition}:iot:${this.aws.region}:${this.aws.accountId}:rule/${ruleName}`;
    return {
      sid: "IotRuleAssumesRole",
      effect: "Allow",
      principal: { Service: IOT_SERVICE_PRINCIPAL },
      actions: ["sts:AssumeRole"],
      // Confused-deputy protection as the IoT developer guide shows it: this account, this rule.
      conditions: { StringEquals: { "aws:SourceAccount": this.aws.accountId }, ArnLike: { "aws:SourceArn": ruleArn } },
    };
  }
}

/**
 * The rule role's permissions: put into the one stream, write under the one prefix, generate data keys, and those only
 * when Kinesis or S3 asks for them on the role's behalf (`kms:ViaService`).
 */
function iotRuleStatements(props: IotKinesisTopicRuleProps, region: string): PolicyStatement[] {
  const viaService = { StringEquals: { "kms:ViaService": [`kinesis.${region}.amazonaws.com`, `s3.${region}.amazonaws.com`] } };
  return [
    { sid: "PutRecordIntoStream", effect: "Allow", actions: ["kinesis:PutRecord"], resources: [props.stream.streamArn] },
    { sid: "WriteErrorObjects", effect: "Allow", actions: ["s3:PutObject"], resources: [`${props.errorBucket.bucketArn}/${props.errorPrefix}*`] },
    { sid: "GenerateDataKeys", effect: "Allow", actions: ["kms:GenerateDataKey"], resources: [...new Set(props.keyArns)], conditions: viaService },
  ];
}

function rulePropsProblems(props: IotKinesisTopicRuleProps): string[] {
  const problems: string[] = [];
  if (!Token.isUnresolved(props.ruleName) && !/^[A-Za-z0-9_]{1,128}$/.test(props.ruleName)) {
    problems.push(`ruleName: "${props.ruleName}" must be 1-128 letters, digits and underscores (IoT rule names allow no hyphens)`);
  }
  if (!Token.isUnresolved(props.sql) && props.sql.trim() === "") problems.push("sql: empty; give the rule's SELECT statement");
  const version = props.sqlVersion;
  if (version !== undefined && !IOT_SQL_VERSIONS.includes(version)) {
    problems.push(`sqlVersion: "${version}" is not an IoT SQL version; use one of ${IOT_SQL_VERSIONS.join(", ")}`);
  }
  const key = props.partitionKey;
  if (key !== undefined && !Token.isUnresolved(key) && (key === "" || /\$\$\{|%%\{/.test(key))) {
    problems.push(`partitionKey: "${key}" must be non-empty and written as AWS documents it (\${...}); the construct escapes it for Terraform`);
  }
  problems.push(...prefixProblems(props.errorPrefix));
  if (props.keyArns.length === 0) problems.push("keyArns: none given; name the KMS keys of the stream and of the error bucket");
  props.keyArns.forEach((arn, i) => problems.push(...keyArnProblems(`keyArns[${i}]`, arn)));
  const roleProblem = Token.isUnresolved(props.roleName) ? undefined : checkName(props.roleName, "iam");
  if (roleProblem) problems.push(`roleName: ${roleProblem}`);
  return problems;
}

function prefixProblems(prefix: string): string[] {
  if (Token.isUnresolved(prefix)) return [];
  if (!prefix.endsWith("/") || prefix.startsWith("/") || prefix === "/") {
    return [`errorPrefix: "${prefix}" must be a key prefix that ends with "/" and does not start with one, e.g. "iot-errors/"`];
  }
  if (/[*?]|\$\{|%\{/.test(prefix)) {
    return [`errorPrefix: "${prefix}" contains a wildcard or template sequence; use a plain key prefix such as "iot-errors/"`];
  }
  return [];
}
