/**
 * A Delta Sharing share with its objects, and the grants that let recipients read it.
 *
 * Arguments checked against databricks provider 1.99.0 (`docs/resources/share.md`, `docs/resources/grants.md`).
 */
import { Grants } from "@cdktf/provider-databricks/lib/grants";
import { Share, type ShareObject } from "@cdktf/provider-databricks/lib/share";
import { Token, type ITerraformDependable, type TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import { throwIfInvalidArguments, throwIfInvalidProps } from "../../core/validation";
import type { ShareRecipient } from "./share-recipient";

/** What a share object is (`data_object_type`): the types this library shares. */
export type ShareObjectType = "TABLE" | "MATERIALIZED_VIEW" | "SCHEMA" | "VIEW" | "MODEL";

/** One object of a share. */
export interface ShareObjectSpec {
  /** Full name: `catalog.schema.name` (tables, views, models) or `catalog.schema` (schemas). */
  readonly name: string;
  /** What the object is (`data_object_type`). */
  readonly type: ShareObjectType;
  /** The name recipients see (`shared_as`, `schema.name`); changing it replaces the share. @default - the object's own name */
  readonly sharedAs?: string;
  /** @default - none */
  readonly comment?: string;
  /**
   * History sharing (`history_data_sharing_status = ENABLED`): recipients may query by version (time travel) from the
   * version shared. Tables and schemas only; not with `changeDataFeed`.
   * @default false
   */
  readonly historySharing?: boolean;
  /** Share the change data feed (`cdf_enabled`). Tables only; not with `historySharing`. @default false */
  readonly changeDataFeed?: boolean;
  /** Lowest version recipients may read (`start_version`), with history or change data feed. @default - the version shared */
  readonly startVersion?: number;
}

/** Props of {@link DeltaShare}. */
export interface DeltaShareProps {
  /** The workspace-level Databricks provider. */
  readonly provider: TerraformProvider;
  /** The share's name (changing it replaces the share). */
  readonly name: string;
  /** The objects shared; at least one, unique by name. */
  readonly objects: readonly ShareObjectSpec[];
  /** Owner (group display name or service principal application id). @default - the identity that applies Terraform */
  readonly owner?: string;
  /** @default - none */
  readonly comment?: string;
  /** @default - none */
  readonly dependsOn?: ITerraformDependable[];
}

const NAME_PARTS: Readonly<Record<ShareObjectType, number>> = { TABLE: 3, MATERIALIZED_VIEW: 3, VIEW: 3, MODEL: 3, SCHEMA: 2 };

/**
 * A `databricks_share` holding exactly the given objects, and (through {@link DeltaShare.grantSelect}) one
 * authoritative `databricks_grants` giving its recipients SELECT.
 *
 * @see https://docs.databricks.com/aws/en/delta-sharing/create-share
 * @example
 * const share = new DeltaShare(this, "Share", {
 *   provider: workspace,
 *   name: "partner_metrics",
 *   objects: [{ name: "main.gold.daily_revenue", type: "TABLE", historySharing: true }],
 * });
 */
export class DeltaShare extends Construct {
  /** The `databricks_share`. */
  public readonly share: Share;
  /** The share's name (a reference to the resource, so users of it wait for it). */
  public readonly shareName: string;
  /** The grants made by {@link DeltaShare.grantSelect}, once it is called. */
  public grants?: Grants;
  private readonly provider: TerraformProvider;

  constructor(scope: Construct, id: string, props: DeltaShareProps) {
    super(scope, id);
    throwIfInvalidProps(this, shareProblems(props));
    this.provider = props.provider;
    this.share = new Share(this, "Share", {
      provider: props.provider,
      name: props.name,
      owner: props.owner,
      comment: props.comment,
      object: props.objects.map(toShareObject),
      dependsOn: props.dependsOn,
    });
    this.shareName = this.share.name;
  }

  /**
   * Lets `recipients` read the share: SELECT for each, in one `databricks_grants` (authoritative for the share: a
   * recipient added by hand is removed on the next apply). Call it once, with every recipient.
   */
  public grantSelect(recipients: readonly ShareRecipient[]): Grants {
    const problems: string[] = [];
    if (this.grants) problems.push("grantSelect: already called for this share; grant every recipient in one call");
    if (recipients.length === 0) problems.push("grantSelect: recipients is empty; pass at least one recipient");
    throwIfInvalidArguments(this, problems);
    this.grants = new Grants(this, "Grants", {
      provider: this.provider,
      share: this.shareName,
      grant: recipients.map((r) => ({ principal: r.recipientName, privileges: ["SELECT"] })),
    });
    return this.grants;
  }
}

function toShareObject(o: ShareObjectSpec): ShareObject {
  return {
    name: o.name,
    dataObjectType: o.type,
    ...(o.sharedAs !== undefined ? { sharedAs: o.sharedAs } : {}),
    ...(o.comment !== undefined ? { comment: o.comment } : {}),
    ...(o.historySharing ? { historyDataSharingStatus: "ENABLED" } : {}),
    ...(o.changeDataFeed ? { cdfEnabled: true } : {}),
    ...(o.startVersion !== undefined ? { startVersion: o.startVersion } : {}),
  };
}

function shareProblems(props: DeltaShareProps): string[] {
  const problems: string[] = [];
  if (!Token.isUnresolved(props.name) && !/^[A-Za-z0-9_-]{1,255}$/.test(props.name))
    problems.push(`name: "${props.name}" is not allowed; use letters, digits, underscores and hyphens`);
  if (props.objects.length === 0) problems.push("objects: is empty; a share holds at least one object");
  const seen = new Set<string>();
  props.objects.forEach((o, i) => {
    const at = `objects[${i}]`;
    if (!Token.isUnresolved(o.name)) {
      if (seen.has(o.name)) problems.push(`${at}.name: "${o.name}" is shared twice; list each object once`);
      seen.add(o.name);
      const parts = o.name.split(".");
      if (parts.length !== NAME_PARTS[o.type] || parts.some((p) => p.length === 0))
        problems.push(
          `${at}.name: "${o.name}" is not a full ${o.type.toLowerCase()} name; use ${o.type === "SCHEMA" ? "catalog.schema" : "catalog.schema.name"}`,
        );
    }
    if (o.historySharing && o.changeDataFeed)
      problems.push(
        `${at}: historySharing and changeDataFeed are both on; the API takes one of them (share.md: cdf_enabled conflicts with history_data_sharing_status)`,
      );
    if (o.changeDataFeed && o.type !== "TABLE") problems.push(`${at}.changeDataFeed: a ${o.type} has no change data feed; use it on tables`);
    if (o.historySharing && o.type !== "TABLE" && o.type !== "SCHEMA")
      problems.push(`${at}.historySharing: applies to tables and schemas, not a ${o.type}`);
    if (o.startVersion !== undefined && (!Number.isInteger(o.startVersion) || o.startVersion < 0 || !(o.historySharing || o.changeDataFeed)))
      problems.push(`${at}.startVersion: ${o.startVersion} is not allowed; use a whole number from 0, with historySharing or changeDataFeed`);
  });
  return problems;
}
