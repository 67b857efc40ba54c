/**
 * A Unity Catalog external location: an S3 prefix governed by Unity Catalog through a storage credential.
 */
import { ExternalLocation } from "@cdktf/provider-databricks/lib/external-location";
import { Token, type ITerraformDependable, type TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import { LOCATION_READ_FILES, Privilege } from "./privileges";
import type { Principal } from "../principal";
import { SecurableGrants, type GrantResult } from "./securable-grants";
import { throwIfInvalidProps } from "../../core/validation";

/** Isolation mode of a storage credential or external location bound to specific workspaces. */
export const ISOLATION_MODE_ISOLATED = "ISOLATION_MODE_ISOLATED";

/** Properties of {@link UnityCatalogExternalLocation}. */
export interface UnityCatalogExternalLocationProps {
  /** The workspace-level Databricks provider. */
  readonly provider: TerraformProvider;
  /** Name, unique in the metastore (so include the stage when environments share one). */
  readonly name: string;
  /** `s3://<bucket>/` or `s3://<bucket>/<prefix>/`; must not overlap another external location. */
  readonly url: string;
  /** The storage credential that reaches the bucket. */
  readonly credentialName: string;
  /**
   * Refuse writes through this location (a landing zone written by AWS services, source data federated from Glue).
   * @default false
   */
  readonly readOnly?: boolean;
  /**
   * Let Databricks set up S3 notifications (an SNS topic and SQS queue named `csms-*`) so that Auto Loader and file
   * arrival triggers learn of new files without listing. The credential's role needs the file events permissions.
   * @default false
   */
  readonly fileEvents?: boolean;
  /**
   * KMS key of the location's objects (SSE-KMS): the key Databricks writes with, and on a read-only location the
   * record of the bucket's key (nothing is written through it, reads decrypt with the key stored with each object).
   * @default - the bucket's default encryption
   */
  readonly kmsKeyArn?: string;
  /**
   * Owner (a group name); the owner has every privilege and may grant.
   * @default - the identity that runs Terraform
   */
  readonly owner?: string;
  /** @default - no comment */
  readonly comment?: string;
  /**
   * Bind the location to the workspaces it is bound to explicitly (the one that creates it) instead of every
   * workspace of the metastore.
   * @default true
   */
  readonly isolated?: boolean;
  /**
   * Sets Terraform `prevent_destroy` on the location (its grants and the tables and volumes over it depend on it).
   * @default true
   */
  readonly protect?: boolean;
  /**
   * Resources to wait for (the credential role's IAM propagation wait, the metastore assignment).
   * @default - none
   */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * A Unity Catalog external location over S3, isolated to its workspace, protected from destroy and never force-destroyed.
 *
 * Grants go through the `grant...` methods and end up in one authoritative `databricks_grants` resource.
 *
 * @see https://docs.databricks.com/aws/en/connect/unity-catalog/cloud-storage/external-locations
 * @example
 * const landing = credential.addExternalLocation("Landing", {
 *   name: "acme_dev_landing", url: "s3://acme-dev-landing/", readOnly: true, fileEvents: true,
 * });
 * landing.grantReadFiles("acme-dev-data-engineers");
 */
export class UnityCatalogExternalLocation extends Construct {
  /** The `databricks_external_location` resource. */
  public readonly location: ExternalLocation;
  /** The location's name (a reference, so dependants wait for it). */
  public readonly name: string;
  /** The location's URL as given. */
  public readonly url: string;
  private readonly grants: SecurableGrants;

  constructor(scope: Construct, id: string, props: UnityCatalogExternalLocationProps) {
    super(scope, id);
    throwIfInvalidProps(this, locationPropsProblems(props));
    const fileEvents = props.fileEvents ?? false;
    this.location = new ExternalLocation(this, "Location", {
      provider: props.provider,
      name: props.name,
      url: props.url,
      credentialName: props.credentialName,
      readOnly: props.readOnly ?? false,
      isolationMode: (props.isolated ?? true) ? ISOLATION_MODE_ISOLATED : "ISOLATION_MODE_OPEN",
      forceDestroy: false,
      lifecycle: { preventDestroy: props.protect ?? true },
      enableFileEvents: fileEvents,
      ...(fileEvents ? { fileEventQueue: { managedSqs: {} } } : {}),
      ...(props.kmsKeyArn ? { encryptionDetails: { sseEncryptionDetails: { algorithm: "AWS_SSE_KMS", awsKmsKeyArn: props.kmsKeyArn } } } : {}),
      ...(props.owner ? { owner: props.owner } : {}),
      ...(props.comment ? { comment: props.comment } : {}),
      ...(props.dependsOn ? { dependsOn: props.dependsOn } : {}),
    });
    this.name = this.location.name;
    this.url = props.url;
    this.grants = new SecurableGrants(this, "Grants", { provider: props.provider, securableType: "externalLocation", securableName: this.name });
  }

  /** Lets `principal` read files under the location directly (paths, Auto Loader). */
  public grantReadFiles(principal: Principal): GrantResult {
    return this.grants.add(principal, LOCATION_READ_FILES);
  }

  /** Grants any privileges on the location. */
  public grant(principal: Principal, privileges: readonly Privilege[]): GrantResult {
    return this.grants.add(principal, privileges);
  }

  /** The privileges of `principal` on this location. */
  public privilegesOf(principal: Principal | string): Privilege[] {
    return this.grants.privilegesOf(principal);
  }
}

function locationPropsProblems(props: UnityCatalogExternalLocationProps): string[] {
  const problems: string[] = [];
  if (!Token.isUnresolved(props.url) && !/^s3:\/\/[a-z0-9][a-z0-9-]{1,61}[a-z0-9](\/.*)?$/.test(props.url)) {
    problems.push(`url: "${props.url}" is not an S3 URL like s3://bucket/ or s3://bucket/prefix/ (bucket names without dots)`);
  }
  if (!Token.isUnresolved(props.name) && props.name.trim().length === 0) problems.push("name: is empty");
  return problems;
}
