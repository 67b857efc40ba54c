/**
 * Catalog federation to the AWS Glue Data Catalog: a Unity Catalog service credential over an IAM role that reads
 * Glue, a GLUE connection, and the foreign catalog with its authorized paths.
 */
import { Token, type ITerraformDependable } from "cdktf";
import type { Construct } from "constructs";
import type { PolicyStatement } from "../../aws/policy-document";
import { ForeignCatalog } from "./foreign-catalog";
import { Privilege } from "./privileges";
import type { Principal } from "../principal";
import type { GrantResult } from "./securable-grants";
import { UnityCatalogServiceCredential, type UnityCatalogServiceCredentialProps } from "../pipelines/unity-catalog-service-credential";
import { pathOf } from "../../core/errors";
import { throwIfInvalidInput } from "../../core/validation";
import { serviceCredentialProblems } from "../pipelines/service-credential-problems";

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
export interface GlueFederationProps extends Omit<UnityCatalogServiceCredentialProps, "statements" | "comment" | "roleDescription"> {
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
   * Resources the foreign catalog waits for (the external locations over the authorized paths).
   * @default - none
   */
  readonly catalogDependsOn?: ITerraformDependable[];
}

/**
 * Federates the Glue Data Catalog of one account and region into Unity Catalog, read-only.
 *
 * The service credential (`databricks_credential`, purpose SERVICE) and its IAM role are a
 * {@link UnityCatalogServiceCredential} (this class extends it, so the credential and role keep their construct paths
 * `<id>/ServiceCredential` and `<id>/Role`): the credential is created first with the role ARN built from the role's
 * fixed name; the role trusts the Unity Catalog master role and itself with the credential's external id
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
export class GlueFederation extends UnityCatalogServiceCredential {
  /** The connection and foreign catalog. */
  public readonly foreignCatalog: ForeignCatalog;

  constructor(scope: Construct, id: string, props: GlueFederationProps) {
    // Every problem at once, before super(): the base class creates the role and the credential as it is built.
    const credentialProps = glueCredentialProps(props);
    throwIfInvalidInput(pathOf(scope, id), [...serviceCredentialProblems(credentialProps), ...gluePropsProblems(props)]);
    super(scope, id, credentialProps);
    this.foreignCatalog = new ForeignCatalog(this, "Federation", {
      provider: props.provider,
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
  }

  /** Grants privileges on the service credential (e.g. ACCESS to run code with it); the same as {@link grant}. */
  public grantOnCredential(principal: Principal, privileges: readonly Privilege[]): GrantResult {
    return this.grant(principal, privileges);
  }
}

/** The service credential part of `props`: a credential and role that may only read the Glue catalog. */
function glueCredentialProps(props: GlueFederationProps): UnityCatalogServiceCredentialProps {
  return {
    provider: props.provider,
    credentialName: props.credentialName,
    roleName: props.roleName,
    awsAccountId: props.awsAccountId,
    statements: glueReadStatements(props),
    comment: "Reads the AWS Glue Data Catalog for catalog federation",
    roleDescription: `Unity Catalog service credential ${props.credentialName}: reads the Glue Data Catalog`,
    workspaceIds: props.workspaceIds,
    owner: props.owner,
    protect: props.protect,
    propagationSeconds: props.propagationSeconds,
    dependsOn: props.dependsOn,
    tags: props.tags,
  };
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
    if (!Token.isUnresolved(path) && !/^s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](\/.*)?$/.test(path)) {
      problems.push(`authorizedPaths[${i}]: "${path}" is not an S3 URL like s3://bucket/prefix/`);
    }
    if (!Token.isUnresolved(path) && path.includes(",")) problems.push(`authorizedPaths[${i}]: "${path}" contains a comma, the list separator`);
  });
  (props.databases ?? []).forEach((db, i) => {
    if (!/^[a-z0-9_]{1,255}$/.test(db)) problems.push(`databases[${i}]: "${db}" is not a Glue database name (lowercase letters, digits, _)`);
  });
  return problems;
}
