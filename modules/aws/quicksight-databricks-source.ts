/**
 * An Amazon QuickSight data source over a Databricks SQL warehouse, its credentials read from Secrets Manager by ARN,
 * TLS on, reached through a QuickSight VPC connection when the workspace is private.
 */
import { QuicksightDataSource, type QuicksightDataSourcePermission } from "@cdktf/provider-aws/lib/quicksight-data-source";
import { QuicksightVpcConnection } from "@cdktf/provider-aws/lib/quicksight-vpc-connection";
import type { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { SecretsmanagerSecretPolicy } from "@cdktf/provider-aws/lib/secretsmanager-secret-policy";
import { Token } from "cdktf";
import { Construct } from "constructs";
import { HTTPS_PORT } from "./databricks-ports";
import { LazyAwsContext } from "./lazy-aws-context";
import { renderPolicy, type PolicyStatement } from "./policy-document";
import { createServiceRole } from "./service-role";
import { throwIfInvalidProps } from "../core/validation";

/** QuickSight's service principal, trusted by the VPC connection role. */
export const QUICKSIGHT_SERVICE_PRINCIPAL = "quicksight.amazonaws.com";

/**
 * The role QuickSight creates when an administrator grants it access to selected Secrets Manager secrets (Manage
 * QuickSight > Security & permissions > AWS resources > Secrets Manager); QuickSight assumes it to read a data source's
 * secret when users open analyses and dashboards. It is not ours: QuickSight owns it.
 * @see https://docs.aws.amazon.com/quicksight/latest/user/secrets-manager-integration.html
 */
export const QUICKSIGHT_SECRETS_MANAGER_ROLE_NAME = "aws-quicksight-secretsmanager-role-v0";

/**
 * Data source actions of an owner: the set the QuickSight user guide gives the creator of a data source
 * ("Creating or updating a data source with secret credentials using the QuickSight API").
 * @see https://docs.aws.amazon.com/quicksight/latest/user/secrets-manager-integration-api.html
 */
export const QUICKSIGHT_DATA_SOURCE_OWNER_ACTIONS: readonly string[] = [
  "quicksight:DeleteDataSource",
  "quicksight:DescribeDataSource",
  "quicksight:DescribeDataSourcePermissions",
  "quicksight:PassDataSource",
  "quicksight:UpdateDataSource",
  "quicksight:UpdateDataSourcePermissions",
];

/**
 * Data source actions of a user: see the data source and build data sets on it (`PassDataSource`), without changing or
 * deleting it or its permissions (the console's "User" level on a shared data source).
 * @see https://docs.aws.amazon.com/quicksight/latest/user/sharing-data-sources.html
 */
export const QUICKSIGHT_DATA_SOURCE_USER_ACTIONS: readonly string[] = [
  "quicksight:DescribeDataSource",
  "quicksight:DescribeDataSourcePermissions",
  "quicksight:PassDataSource",
];

/**
 * EC2 actions QuickSight needs to manage a VPC connection's network interfaces (QuickSight user guide, "Configuring the
 * VPC connection with the QuickSight CLI": DescribeSecurityGroups, DescribeSubnets, CreateNetworkInterface,
 * DeleteNetworkInterface, ModifyNetworkInterfaceAttribute).
 * @see https://docs.aws.amazon.com/quicksight/latest/user/vpc-creating-a-connection-in-quicksight-cli.html
 */
export const QUICKSIGHT_VPC_CONNECTION_EC2_ACTIONS: readonly string[] = [
  "ec2:CreateNetworkInterface",
  "ec2:ModifyNetworkInterfaceAttribute",
  "ec2:DeleteNetworkInterface",
  "ec2:DescribeSubnets",
  "ec2:DescribeSecurityGroups",
];

/** A QuickSight VPC connection this construct creates, with the role QuickSight uses to place its interfaces. */
export interface QuickSightVpcConnectionSettings {
  /** Private subnets in at least two availability zones that route to the workspace (front-end PrivateLink endpoint). */
  readonly subnetIds: string[];
  /** Security groups of QuickSight's network interfaces; they must allow HTTPS egress to the workspace endpoint. */
  readonly securityGroupIds: string[];
  /**
   * IP addresses of Route 53 Resolver inbound endpoints that resolve the workspace's private DNS name; QuickSight's
   * interfaces send their DNS queries there (the security groups must allow port 53 both ways).
   * @default - none: names resolve without the VPC's private DNS, so a private-only workspace is not found
   */
  readonly dnsResolvers?: string[];
}

/** Properties of {@link QuickSightDatabricksSource}. */
export interface QuickSightDatabricksSourceProps {
  /** Data source id, unique in the account and region: 1-128 letters, digits, `_` and `-`. The VPC connection and role take it as their base name. */
  readonly dataSourceId: string;
  /** Display name in QuickSight. */
  readonly name: string;
  /** Workspace host name without scheme or path, e.g. `dbc-1234abcd-5678.cloud.databricks.com`. */
  readonly host: string;
  /** The warehouse's HTTP path, `/sql/1.0/warehouses/<id>` (`databricks_sql_endpoint.odbc_params[0].path`). */
  readonly sqlEndpointPath: string;
  /**
   * ARN of the Secrets Manager secret holding the credential pair QuickSight signs in with (`username` and `password`
   * keys: the service principal's credentials for the warehouse), created and stored by another layer. Terraform's
   * identity needs `secretsmanager:GetSecretValue` on it when it creates the data source; QuickSight, when users query,
   * reads it through {@link QUICKSIGHT_SECRETS_MANAGER_ROLE_NAME} (see {@link quickSightSecretReadStatements}).
   */
  readonly credentialsSecretArn: string;
  /**
   * Attach a resource policy to the credentials secret that denies reading it (`secretsmanager:GetSecretValue`) to
   * every principal but QuickSight's Secrets Manager role ({@link QUICKSIGHT_SECRETS_MANAGER_ROLE_NAME}, any path) and
   * `alsoAllow` (principal ARNs or patterns: the identity that creates the data source must be one). Use it when this
   * data source is the secret's only reader; the construct then owns the secret's one resource policy.
   * @default - no resource policy: IAM policies alone decide who reads the secret
   */
  readonly secretReaders?: {
    /** Principal ARNs or ARN patterns that may read the secret besides QuickSight (the data source's creator among them). */
    readonly alsoAllow: readonly string[];
  };
  /**
   * QuickSight group ARNs (`arn:aws:quicksight:<region>:<account>:group/<namespace>/<name>`) that own the data source.
   * @default - none: only the account's QuickSight administrators manage it
   */
  readonly ownerGroupArns?: string[];
  /**
   * QuickSight group ARNs that may use the data source (build data sets) without changing it.
   * @default - none
   */
  readonly userGroupArns?: string[];
  /**
   * A VPC connection to create for the data source (private workspace, or one behind IP access lists).
   * @default - none: QuickSight reaches the workspace over its public endpoint
   */
  readonly vpcConnection?: QuickSightVpcConnectionSettings;
  /**
   * ARN of an existing QuickSight VPC connection to use instead of creating one.
   * @default - none
   */
  readonly vpcConnectionArn?: string;
  /**
   * Tags on every resource, on top of the provider's `default_tags`.
   * @default - none beyond the provider's default_tags
   */
  readonly tags?: Record<string, string>;
}

/**
 * A QuickSight data source of type DATABRICKS over one SQL warehouse.
 *
 * QuickSight connects to the workspace host on port 443 with TLS (`disable_ssl = false`) at the warehouse's HTTP path,
 * signing in with the credential pair in the given Secrets Manager secret, so no credential is in code or state. With
 * `vpcConnection` it creates an `aws_quicksight_vpc_connection` and the role QuickSight assumes to manage its network
 * interfaces (trusting `quicksight.amazonaws.com`; EC2 interface actions limited to the given subnets and security
 * groups). Owner and user groups get the documented data source actions.
 *
 * Prerequisites outside Terraform: a QuickSight Enterprise account subscription in the account (created once, by hand;
 * `aws_quicksight_account_subscription` is not managed here), and QuickSight's read access to the secret (Manage
 * QuickSight > Security & permissions > AWS resources > Secrets Manager > select the secret), which creates
 * `aws-quicksight-secretsmanager-role-v0`; {@link quickSightSecretReadStatements} gives what it needs when the secret is
 * encrypted with a customer managed key.
 *
 * @see https://docs.aws.amazon.com/quicksight/latest/user/quicksight-databricks.html
 * @see https://docs.aws.amazon.com/quicksight/latest/user/secrets-manager-integration.html
 * @see https://docs.aws.amazon.com/quicksight/latest/user/working-with-aws-vpc.html
 * @example
 * new QuickSightDatabricksSource(this, "QuickSight", {
 *   dataSourceId: "acme-prod-analytics", name: "Lakehouse (analytics warehouse)",
 *   host: workspaceHost, sqlEndpointPath: warehouse.odbcParams.get(0).path, credentialsSecretArn,
 *   ownerGroupArns: [analystsAdminsGroupArn], userGroupArns: [analystsGroupArn],
 * });
 */
export class QuickSightDatabricksSource extends Construct {
  /** The `aws_quicksight_data_source`. */
  public readonly dataSource: QuicksightDataSource;
  /** ARN of the data source. */
  public readonly dataSourceArn: string;
  /** The VPC connection, when `vpcConnection` was given. */
  public readonly vpcConnection?: QuicksightVpcConnection;
  /** The role QuickSight assumes for the VPC connection, when `vpcConnection` was given. */
  public readonly vpcConnectionRole?: IamRole;
  /** ARN of the VPC connection the data source uses, if any. */
  public readonly vpcConnectionArn?: string;
  /** The secret's resource policy, when `secretReaders` was given. */
  public readonly secretPolicy?: SecretsmanagerSecretPolicy;

  private readonly aws = new LazyAwsContext(this);

  constructor(scope: Construct, id: string, props: QuickSightDatabricksSourceProps) {
    super(scope, id);
    throwIfInvalidProps(this, quickSightPropsProblems(props));
    if (props.vpcConnection) {
      const role = createServiceRole(this, "VpcConnectionRole", {
        name: `${props.dataSourceId}-quicksight-vpc`,
        service: QUICKSIGHT_SERVICE_PRINCIPAL,
        description: `QuickSight VPC connection ${props.dataSourceId}: manages its network interfaces`,
        statements: this.vpcConnectionStatements(props.vpcConnection),
        tags: props.tags,
      });
      this.vpcConnectionRole = role.role;
      this.vpcConnection = new QuicksightVpcConnection(this, "VpcConnection", {
        vpcConnectionId: props.dataSourceId,
        name: `${props.name} (VPC)`,
        roleArn: role.role.arn,
        subnetIds: props.vpcConnection.subnetIds,
        securityGroupIds: props.vpcConnection.securityGroupIds,
        ...(props.vpcConnection.dnsResolvers ? { dnsResolvers: props.vpcConnection.dnsResolvers } : {}),
        tags: props.tags,
        dependsOn: [role.policy],
      });
      this.vpcConnectionArn = this.vpcConnection.arn;
    } else {
      this.vpcConnectionArn = props.vpcConnectionArn;
    }
    const secretPolicy = props.secretReaders ? this.restrictSecretReads(props.credentialsSecretArn, props.secretReaders.alsoAllow) : undefined;
    this.secretPolicy = secretPolicy;
    this.dataSource = new QuicksightDataSource(this, "DataSource", {
      dataSourceId: props.dataSourceId,
      name: props.name,
      type: "DATABRICKS",
      parameters: { databricks: { host: props.host, port: HTTPS_PORT, sqlEndpointPath: props.sqlEndpointPath } },
      credentials: { secretArn: props.credentialsSecretArn },
      sslProperties: { disableSsl: false },
      ...(this.vpcConnectionArn ? { vpcConnectionProperties: { vpcConnectionArn: this.vpcConnectionArn } } : {}),
      permission: dataSourcePermissions(props),
      tags: props.tags,
      ...(secretPolicy ? { dependsOn: [secretPolicy] } : {}),
    });
    this.dataSourceArn = this.dataSource.arn;
  }

  /** Denies GetSecretValue on the secret to everyone but QuickSight's role and `alsoAllow`. */
  private restrictSecretReads(secretArn: string, alsoAllow: readonly string[]): SecretsmanagerSecretPolicy {
    return new SecretsmanagerSecretPolicy(this, "SecretPolicy", {
      secretArn,
      policy: renderPolicy([
        {
          sid: "OnlyQuickSightAndTheDeployerRead",
          effect: "Deny",
          principal: "*",
          actions: ["secretsmanager:GetSecretValue"],
          resources: ["*"],
          conditions: {
            StringNotLike: {
              "aws:PrincipalArn": [
                `arn:${this.aws.partition}:iam::${this.aws.accountId}:role/*${QUICKSIGHT_SECRETS_MANAGER_ROLE_NAME}`,
                ...alsoAllow,
              ],
            },
          },
        },
      ]),
    });
  }

  /**
   * Describe actions cannot be limited to resources (EC2 service authorization reference), so they are on `*`; the
   * interface actions are limited to network interfaces in this account and region and the given subnets and groups.
   */
  private vpcConnectionStatements(vpc: QuickSightVpcConnectionSettings): PolicyStatement[] {
    const ec2 = `arn:${this.aws.partition}:ec2:${this.aws.region}:${this.aws.accountId}`;
    return [
      { sid: "DescribeNetwork", actions: ["ec2:DescribeSubnets", "ec2:DescribeSecurityGroups"], resources: ["*"] },
      {
        sid: "ManageNetworkInterfaces",
        actions: ["ec2:CreateNetworkInterface", "ec2:ModifyNetworkInterfaceAttribute", "ec2:DeleteNetworkInterface"],
        resources: [
          `${ec2}:network-interface/*`,
          // A subnet list known only at apply (another layer's output) cannot be expanded here: any subnet of the account.
          ...(Token.isUnresolved(vpc.subnetIds) ? [`${ec2}:subnet/*`] : vpc.subnetIds.map((s) => `${ec2}:subnet/${s}`)),
          ...vpc.securityGroupIds.map((g) => `${ec2}:security-group/${g}`),
        ],
      },
    ];
  }
}

/**
 * Statements for QuickSight's Secrets Manager role ({@link QUICKSIGHT_SECRETS_MANAGER_ROLE_NAME}) to read a data source
 * secret: `secretsmanager:GetSecretValue` on the secret (what the role QuickSight creates holds) and, when the secret is
 * encrypted with a customer managed key, `kms:Decrypt` through Secrets Manager. The role is QuickSight's, so whoever owns
 * the secret applies these (or the equivalent key policy grant); this construct does not.
 */
export function quickSightSecretReadStatements(secretArn: string, secretKmsKeyArn?: string, region?: string): PolicyStatement[] {
  const statements: PolicyStatement[] = [{ sid: "ReadDataSourceSecret", actions: ["secretsmanager:GetSecretValue"], resources: [secretArn] }];
  if (secretKmsKeyArn) {
    statements.push({
      sid: "DecryptDataSourceSecret",
      actions: ["kms:Decrypt"],
      resources: [secretKmsKeyArn],
      conditions: region
        ? { StringEquals: { "kms:ViaService": `secretsmanager.${region}.amazonaws.com` } }
        : { StringLike: { "kms:ViaService": "secretsmanager.*.amazonaws.com" } },
    });
  }
  return statements;
}

function dataSourcePermissions(props: QuickSightDatabricksSourceProps): QuicksightDataSourcePermission[] {
  return [
    ...(props.ownerGroupArns ?? []).map((principal) => ({ principal, actions: [...QUICKSIGHT_DATA_SOURCE_OWNER_ACTIONS] })),
    ...(props.userGroupArns ?? []).map((principal) => ({ principal, actions: [...QUICKSIGHT_DATA_SOURCE_USER_ACTIONS] })),
  ];
}

const DATA_SOURCE_ID_PATTERN = /^[A-Za-z0-9_-]{1,128}$/;
const HOST_PATTERN = /^(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)+$/;
const WAREHOUSE_PATH_PATTERN = /^\/sql\/1\.0\/(warehouses|endpoints)\/[A-Za-z0-9]+$/;
const SECRET_ARN_PATTERN = /^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:.+$/;
const GROUP_ARN_PATTERN = /^arn:aws[a-z-]*:quicksight:[a-z0-9-]+:\d{12}:group\/[A-Za-z0-9._-]+\/[^/\s]+$/;
const VPC_CONNECTION_ARN_PATTERN = /^arn:aws[a-z-]*:quicksight:[a-z0-9-]+:\d{12}:vpcConnection\/.+$/;

function quickSightPropsProblems(props: QuickSightDatabricksSourceProps): string[] {
  const problems: string[] = [];
  const check = (prop: string, value: string | undefined, pattern: RegExp, what: string) => {
    if (value !== undefined && !Token.isUnresolved(value) && !pattern.test(value)) problems.push(`${prop}: "${value}" ${what}`);
  };
  // The VPC connection role is named <dataSourceId>-quicksight-vpc: IAM allows 64 characters.
  check("dataSourceId", props.dataSourceId, DATA_SOURCE_ID_PATTERN, "must be 1-128 letters, digits, _ and -");
  if (props.vpcConnection && !Token.isUnresolved(props.dataSourceId) && props.dataSourceId.length > 49) {
    problems.push(`dataSourceId: "${props.dataSourceId}" is longer than 49 characters; the VPC connection role name would pass IAM's 64`);
  }
  if (!Token.isUnresolved(props.name) && props.name.trim() === "") problems.push("name: is empty; give the data source a display name");
  check("host", props.host, HOST_PATTERN, "must be the workspace host name only, without https:// or a path (e.g. dbc-1234.cloud.databricks.com)");
  check("sqlEndpointPath", props.sqlEndpointPath, WAREHOUSE_PATH_PATTERN, "must be a warehouse HTTP path, /sql/1.0/warehouses/<id>");
  check(
    "credentialsSecretArn",
    props.credentialsSecretArn,
    SECRET_ARN_PATTERN,
    "is not a Secrets Manager secret ARN; QuickSight takes the credentials only from a secret",
  );
  for (const [prop, arns] of [
    ["ownerGroupArns", props.ownerGroupArns],
    ["userGroupArns", props.userGroupArns],
  ] as const) {
    (arns ?? []).forEach((arn, i) =>
      check(
        `${prop}[${i}]`,
        arn,
        GROUP_ARN_PATTERN,
        "is not a QuickSight group ARN (arn:aws:quicksight:<region>:<account>:group/<namespace>/<name>)",
      ),
    );
  }
  const owners = new Set(props.ownerGroupArns ?? []);
  (props.userGroupArns ?? []).forEach((arn, i) => {
    if (owners.has(arn)) problems.push(`userGroupArns[${i}]: "${arn}" is also an owner; list each group once`);
  });
  if (props.secretReaders && props.secretReaders.alsoAllow.length === 0)
    problems.push("secretReaders.alsoAllow: none given; the identity that creates the data source must read the secret too");
  props.secretReaders?.alsoAllow.forEach((arn, i) =>
    check(`secretReaders.alsoAllow[${i}]`, arn, /^arn:aws[a-z-]*:(iam|sts)::(\d{12}|\*):\S+$/, "is not an IAM principal ARN or pattern"),
  );
  problems.push(...vpcProblems(props));
  check("vpcConnectionArn", props.vpcConnectionArn, VPC_CONNECTION_ARN_PATTERN, "is not a QuickSight VPC connection ARN");
  return problems;
}

function vpcProblems(props: QuickSightDatabricksSourceProps): string[] {
  const vpc = props.vpcConnection;
  if (!vpc) return [];
  const problems: string[] = [];
  if (props.vpcConnectionArn !== undefined) {
    problems.push("vpcConnectionArn: given together with vpcConnection; pass one (an existing connection, or the settings of a new one)");
  }
  if (!Token.isUnresolved(vpc.subnetIds) && vpc.subnetIds.length < 2) {
    problems.push(`vpcConnection.subnetIds: ${vpc.subnetIds.length} given; QuickSight needs subnets in at least two availability zones`);
  }
  if (!Token.isUnresolved(vpc.securityGroupIds) && vpc.securityGroupIds.length === 0) {
    problems.push("vpcConnection.securityGroupIds: none given; QuickSight's interfaces need a security group with HTTPS egress to the workspace");
  }
  return problems;
}
