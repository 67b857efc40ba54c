/**
 * A Unity Catalog service credential (`databricks_credential`, purpose SERVICE) over its own IAM role: what code
 * running in Databricks uses to call AWS services (Kinesis, MSK, Glue) without keys.
 */
import { Credential } from "@cdktf/provider-databricks/lib/credential";
import type { DatabricksProvider } from "@cdktf/provider-databricks/lib/provider";
import type { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import type { PolicyStatement } from "../../aws/policy-document";
import { throwIfInvalidProps } from "../../core/validation";
import type { Principal } from "../principal";
import { SERVICE_CREDENTIAL_ACCESS, type Privilege } from "../unity-catalog/privileges";
import { SecurableGrants, type GrantResult } from "../unity-catalog/securable-grants";
import { ISOLATION_MODE_ISOLATED } from "../unity-catalog/unity-catalog-external-location";
import { UnityCatalogIamRole, iamRoleArn } from "../unity-catalog/unity-catalog-iam-role";
import { serviceCredentialProblems } from "./service-credential-problems";

/** Properties of {@link UnityCatalogServiceCredential}. */
export interface UnityCatalogServiceCredentialProps {
  /** The workspace-level Databricks provider (the credential, its grants and the role's trust policy data source). */
  readonly provider: DatabricksProvider;
  /** Name of the service credential, unique among the metastore's storage and service credentials. */
  readonly credentialName: string;
  /** Name of the IAM role to create for it (fixed: the credential names the role's ARN before the role exists). */
  readonly roleName: string;
  /** Our AWS account id (12 digits), where the role lives. */
  readonly awsAccountId: string;
  /**
   * What the role may do, resources by ARN (e.g. reading given Kinesis streams, connecting to an MSK cluster). The
   * statement that lets the role assume itself, which Unity Catalog requires, is added.
   */
  readonly statements: PolicyStatement[];
  /** What the credential is for, shown in Unity Catalog. */
  readonly comment: string;
  /**
   * What the role is for, shown in IAM.
   * @default - `Unity Catalog service credential <credentialName>: <comment>`
   */
  readonly roleDescription?: string;
  /**
   * Workspaces that may use the credential; it is isolated from every other workspace of the metastore.
   * @default - every workspace of the metastore (not isolated)
   */
  readonly workspaceIds?: number[];
  /**
   * Owner of the credential (a group name or service principal application id).
   * @default - the identity that runs Terraform
   */
  readonly owner?: string;
  /**
   * Sets Terraform `prevent_destroy` on the credential (code and connections that use it break when it goes).
   * @default true
   */
  readonly protect?: boolean;
  /**
   * Seconds dependants wait after the role is created (IAM propagation); see {@link UnityCatalogIamRole}.
   * @default 60
   */
  readonly propagationSeconds?: number;
  /**
   * Resources the credential waits for (the metastore assignment).
   * @default - none
   */
  readonly dependsOn?: ITerraformDependable[];
  /**
   * Tags on the IAM role, on top of the provider's `default_tags`.
   * @default - none beyond the provider's default_tags
   */
  readonly tags?: Record<string, string>;
}

/**
 * A Unity Catalog service credential and its IAM role, with grants on the credential.
 *
 * The credential is created first, naming the role by the ARN built from the role's fixed name; the role
 * ({@link UnityCatalogIamRole}) trusts the Unity Catalog master role and itself with the credential's external id and
 * may do what `statements` allow. Code uses the credential by name (`dbutils.credentials.getServiceCredentialsProvider`
 * in Python, the `serviceCredential` option of the Kinesis source) once its principal holds ACCESS on it
 * ({@link UnityCatalogServiceCredential.grantAccess}). Anything that validates the role on creation (a connection)
 * should wait on `role.ready`.
 *
 * Construct ids (`ServiceCredential`, `Role`, `CredentialGrants`) are public API: subclasses such as the Glue
 * federation keep their resource addresses through them.
 *
 * @see https://docs.databricks.com/aws/en/connect/unity-catalog/cloud-services/service-credentials
 * @example
 * const kinesis = new UnityCatalogServiceCredential(this, "KinesisCredential", {
 *   provider: workspace, credentialName: "acme_prod_kinesis", roleName: "acme-prod-uc-kinesis", awsAccountId: "123456789012",
 *   comment: "Reads the telemetry Kinesis streams",
 *   statements: [{ sid: "ReadStreams", actions: ["kinesis:DescribeStream", "kinesis:GetRecords", "kinesis:GetShardIterator", "kinesis:ListShards"],
 *     resources: ["arn:aws:kinesis:eu-west-1:123456789012:stream/acme-prod-telemetry"] }],
 *   workspaceIds: [1234567890],
 * });
 * kinesis.grantAccess(servicePrincipal(orchestratorApplicationId));
 */
export class UnityCatalogServiceCredential extends Construct {
  /** The `databricks_credential` resource (purpose SERVICE). */
  public readonly credential: Credential;
  /** The credential's name (a reference, so users wait for the credential). */
  public readonly credentialName: string;
  /** The credential's IAM role. */
  public readonly role: UnityCatalogIamRole;
  private readonly credentialGrants: SecurableGrants;

  constructor(scope: Construct, id: string, props: UnityCatalogServiceCredentialProps) {
    super(scope, id);
    throwIfInvalidProps(this, serviceCredentialProblems(props));
    const { provider } = props;
    const isolated = (props.workspaceIds ?? []).length > 0;
    this.credential = new Credential(this, "ServiceCredential", {
      provider,
      name: props.credentialName,
      purpose: "SERVICE",
      lifecycle: { preventDestroy: props.protect ?? true },
      awsIamRole: { roleArn: iamRoleArn(props.awsAccountId, props.roleName) },
      forceDestroy: false,
      comment: props.comment,
      ...(isolated ? { isolationMode: ISOLATION_MODE_ISOLATED } : {}),
      ...(props.owner ? { owner: props.owner } : {}),
      ...(props.dependsOn ? { dependsOn: props.dependsOn } : {}),
    });
    this.credentialName = this.credential.name;
    this.role = new UnityCatalogIamRole(this, "Role", {
      provider,
      roleName: props.roleName,
      awsAccountId: props.awsAccountId,
      externalId: this.credential.awsIamRole.externalId,
      statements: props.statements,
      description: props.roleDescription ?? `Unity Catalog service credential ${props.credentialName}: ${props.comment}`,
      propagationSeconds: props.propagationSeconds,
      tags: props.tags,
    });
    this.credentialGrants = new SecurableGrants(this, "CredentialGrants", {
      provider,
      securableType: "credential",
      securableName: this.credentialName,
    });
  }

  /** Grants privileges on the credential (ACCESS to use it from code). */
  public grant(principal: Principal, privileges: readonly Privilege[]): GrantResult {
    return this.credentialGrants.add(principal, privileges);
  }

  /** Lets `principal` use the credential from code ({@link SERVICE_CREDENTIAL_ACCESS}). */
  public grantAccess(principal: Principal): GrantResult {
    return this.grant(principal, SERVICE_CREDENTIAL_ACCESS);
  }
}
