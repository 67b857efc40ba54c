/**
 * Catalog federation to the AWS Glue Data Catalog: a Unity Catalog service credential over an IAM role that reads
 * Glue, a GLUE connection, and the foreign catalog with its authorized paths.
 */
import { Credential } from "@cdktf/provider-databricks/lib/credential";
import type { DatabricksProvider } from "@cdktf/provider-databricks/lib/provider";
import { Token, type ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import type { PolicyStatement } from "../../aws/policy-document";
import { ForeignCatalog } from "./foreign-catalog";
import { Privilege } from "./privileges";
import type { Principal } from "../principal";
import { SecurableGrants, type GrantResult } from "./securable-grants";
import { ISOLATION_MODE_ISOLATED } from "./unity-catalog-external-location";
import { UnityCatalogIamRole, iamRoleArn } from "./unity-catalog-iam-role";
import { throwIfInvalidProps } from "../../core/validation";

/** Glue read actions catalog federation needs (Databricks' sample policy for Hive metastore federation with Glue). */
export const GLUE_READ_ACTIONS: readonly string[] = [
  "glue:GetDatabase",
  "glue:GetDatabases",
  "glue:GetTable",
  "glue:GetTables",
  "glue:GetPartition",
  "glue:GetPartitions",
  "glue:BatchGetPartition",
  "glue:GetUserDefinedFunction",
  "glue:GetUserDefinedFunctions",
];

/** Properties of {@link GlueFederation}. */
export interface GlueFederationProps {
  /** The workspace-level Databricks provider (every Databricks block here, the role's trust policy included). */
  readonly provider: DatabricksProvider;
  /** Name of the service credential, unique in the metastore. */
  readonly credentialName: string;
  /** Name of the IAM role to create for it (fixed, see {@link UnityCatalogIamRole}). */
  readonly roleName: string;
  /** The AWS account whose Glue Data Catalog is federated (ours: the role lives there). */
  readonly awsAccountId: string;
  /** The region of the Glue Data Catalog. */
  readonly region: string;
  /** Connection name, unique in the metastore. */
  readonly connectionName: string;
  /** Foreign catalog name, unique in the metastore. */
  readonly catalogName: string;
  /**
   * S3 prefixes (`s3://bucket/prefix/`) of the Glue tables' data that Unity Catalog may read; each must lie inside an
   * external location.
   */
  readonly authorizedPaths: string[];
  /**
   * Glue databases the role may read.
   * @default - every database of the catalog
   */
  readonly databases?: string[];
  /**
   * Managed storage of the foreign catalog, inside an external location.
   * @default - none
   */
  readonly storageRoot?: string;
  /**
   * Workspaces that may use the credential and the foreign catalog.
   * @default - every workspace of the metastore
   */
  readonly workspaceIds?: number[];
  /**
   * Owner of the credential, connection and catalog (a group name).
   * @default - the identity that runs Terraform
   */
  readonly owner?: string;
  /**
   * Sets Terraform `prevent_destroy` on the service credential and the foreign catalog.
   * @default true
   */
  readonly protect?: boolean;
  /**
   * Seconds the connection waits after the role is created (IAM propagation).
   * @default 60
   */
  readonly propagationSeconds?: number;
  /**
   * Resources the credential waits for (the metastore assignment).
   * @default - none
   */
  readonly dependsOn?: ITerraformDependable[];
  /**
   * Resources the foreign catalog waits for (the external locations over the authorized paths).
   * @default - none
   */
  readonly catalogDependsOn?: ITerraformDependable[];
  /**
   * Tags on the IAM role, on top of the provider's `default_tags`.
   * @default - none beyond the provider's default_tags
   */
  readonly tags?: Record<string, string>;
}

/**
 * Federates the Glue Data Catalog of one account and region into Unity Catalog, read-only.
 *
 * The service credential (`databricks_credential`, purpose SERVICE) is created first with the role ARN built from the
 * role's fixed name; the role trusts the Unity Catalog master role and itself with the credential's external id
 * (`databricks_aws_unity_catalog_assume_role_policy`), and may only read Glue metadata (of the given databases); the
 * GLUE connection waits for IAM to propagate. Reading the tables' files goes through the external locations over
 * `authorizedPaths`, not through this role.
 *
 * @see https://docs.databricks.com/aws/en/data-governance/unity-catalog/hms-federation/hms-federation-glue
 * @example
 * const glue = new GlueFederation(this, "Glue", {
 *   provider: workspace, credentialName: "acme_dev_glue", roleName: "acme-dev-uc-glue", awsAccountId: "123456789012",
 *   region: "eu-west-1", connectionName: "acme_dev_glue", catalogName: "acme_dev_glue",
 *   authorizedPaths: ["s3://acme-dev-landing/glue/"],
 * });
 * glue.foreignCatalog.grantRead("acme-dev-analysts");
 */
export class GlueFederation extends Construct {
  /** The `databricks_credential` resource (purpose SERVICE). */
  public readonly credential: Credential;
  /** The credential's IAM role. */
  public readonly role: UnityCatalogIamRole;
  /** The connection and foreign catalog. */
  public readonly foreignCatalog: ForeignCatalog;
  /** The credential's name (a reference). */
  public readonly credentialName: string;
  private readonly grants: SecurableGrants;

  constructor(scope: Construct, id: string, props: GlueFederationProps) {
    super(scope, id);
    throwIfInvalidProps(this, gluePropsProblems(props));
    const { provider } = props;
    const isolated = (props.workspaceIds ?? []).length > 0;
    this.credential = new Credential(this, "ServiceCredential", {
      provider,
      name: props.credentialName,
      purpose: "SERVICE",
      lifecycle: { preventDestroy: props.protect ?? true },
      awsIamRole: { roleArn: iamRoleArn(props.awsAccountId, props.roleName) },
      forceDestroy: false,
      comment: "Reads the AWS Glue Data Catalog for catalog federation",
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
      statements: glueReadStatements(props),
      description: `Unity Catalog service credential ${props.credentialName}: reads the Glue Data Catalog`,
      propagationSeconds: props.propagationSeconds,
      tags: props.tags,
    });
    this.foreignCatalog = new ForeignCatalog(this, "Federation", {
      provider,
      connectionName: props.connectionName,
      connectionType: "GLUE",
      connectionOptions: { aws_region: props.region, aws_account_id: props.awsAccountId, credential: this.credentialName },
      catalogName: props.catalogName,
      catalogOptions: { authorized_paths: props.authorizedPaths.join(",") },
      comment: "AWS Glue Data Catalog, federated into Unity Catalog",
      dependsOn: [this.role.ready],
      ...(props.storageRoot ? { storageRoot: props.storageRoot } : {}),
      ...(props.workspaceIds ? { workspaceIds: props.workspaceIds } : {}),
      ...(props.owner ? { owner: props.owner } : {}),
      ...(props.protect === undefined ? {} : { protect: props.protect }),
      ...(props.catalogDependsOn ? { catalogDependsOn: props.catalogDependsOn } : {}),
    });
    this.grants = new SecurableGrants(this, "CredentialGrants", { provider, securableType: "credential", securableName: this.credentialName });
  }

  /** Grants privileges on the service credential (e.g. ACCESS to run code with it). */
  public grantOnCredential(principal: Principal, privileges: readonly Privilege[]): GrantResult {
    return this.grants.add(principal, privileges);
  }
}

/** The Glue read statement for `props`: the catalog, and the given databases (or all) with their tables and functions. */
export function glueReadStatements(props: Pick<GlueFederationProps, "awsAccountId" | "region" | "databases">): PolicyStatement[] {
  const base = `arn:aws:glue:${props.region}:${props.awsAccountId}`;
  const databases = props.databases && props.databases.length > 0 ? props.databases : ["*"];
  return [
    {
      sid: "ReadGlueCatalog",
      effect: "Allow",
      actions: [...GLUE_READ_ACTIONS],
      resources: [
        `${base}:catalog`,
        ...databases.flatMap((db) => [`${base}:database/${db}`, `${base}:table/${db}/*`, `${base}:userDefinedFunction/${db}/*`]),
      ],
    },
  ];
}

function gluePropsProblems(props: GlueFederationProps): string[] {
  const problems: string[] = [];
  if (props.authorizedPaths.length === 0) problems.push("authorizedPaths: none given; name the S3 prefixes of the Glue tables' data");
  props.authorizedPaths.forEach((path, i) => {
    if (!Token.isUnresolved(path) && !/^s3:\/\/[a-z0-9][a-z0-9-]{1,61}[a-z0-9](\/.*)?$/.test(path)) {
      problems.push(`authorizedPaths[${i}]: "${path}" is not an S3 URL like s3://bucket/prefix/`);
    }
    if (!Token.isUnresolved(path) && path.includes(",")) problems.push(`authorizedPaths[${i}]: "${path}" contains a comma, the list separator`);
  });
  (props.databases ?? []).forEach((db, i) => {
    if (!/^[a-z0-9_]{1,255}$/.test(db)) problems.push(`databases[${i}]: "${db}" is not a Glue database name (lowercase letters, digits, _)`);
  });
  return problems;
}
