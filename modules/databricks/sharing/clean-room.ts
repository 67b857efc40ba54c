/**
 * A Databricks clean room and its assets, through the Clean Rooms REST API (the databricks provider has no clean room
 * resources since 1.92), managed by the generic REST provider so that plan, apply, destroy and refresh cover them.
 *
 * Shapes (databricks-sdk-go v0.175.0 service/cleanrooms model.go and impl.go; https://docs.databricks.com/api/workspace/cleanrooms):
 * - POST   /api/2.0/clean-rooms                                  body: CleanRoom (name, owner, comment, remote_detailed_info)
 * - GET    /api/2.0/clean-rooms/{name}
 * - PATCH  /api/2.0/clean-rooms/{name}                           body: { "clean_room": CleanRoom } (comment, owner)
 * - DELETE /api/2.0/clean-rooms/{name}
 * - POST   /api/2.0/clean-rooms/{clean_room_name}/assets         body: CleanRoomAsset
 * - GET, PATCH (body: CleanRoomAsset), DELETE /api/2.0/clean-rooms/{clean_room_name}/assets/{asset_type}/{name}
 */
import { Token, type ITerraformDependable, type TerraformProvider } from "cdktf";
import { Sleep } from "@cdktf/provider-time/lib/sleep";
import { Construct } from "constructs";
import { throwIfInvalidArguments, throwIfInvalidProps } from "../../core/validation";
import { canonicalJson, type JsonValue } from "../../rest/json-body";
import { RestObject } from "../../rest/rest-object";

/** The collection path of clean rooms. */
export const CLEAN_ROOMS_PATH = "/api/2.0/clean-rooms";

/** A collaborator invited into the clean room: by sharing identifier, or by e-mail with the workspace to invite into. */
export interface CleanRoomCollaborator {
  /** Unique alias in the clean room (Unity Catalog naming: lowercase letters, digits, underscores). */
  readonly alias: string;
  /** The collaborator's global metastore id `<cloud>:<region>:<uuid>`. @default - invited by e-mail */
  readonly globalMetastoreId?: string;
  /** E-mail of the person who accepts the invitation. @default - none (then globalMetastoreId is required) */
  readonly inviteEmail?: string;
  /** Workspace id the invitation is for; required with inviteEmail. @default - none */
  readonly inviteWorkspaceId?: number;
}

/** Egress of the central clean room's serverless compute. */
export interface CleanRoomEgress {
  /** RESTRICTED_ACCESS (only the listed destinations) or FULL_ACCESS. @default RESTRICTED_ACCESS */
  readonly restrictionMode?: "RESTRICTED_ACCESS" | "FULL_ACCESS";
  /** Host names notebooks may reach with restricted access. @default - none */
  readonly allowedDomains?: readonly string[];
}

/** Props of {@link CleanRoom}. */
export interface CleanRoomProps {
  /** The restapi provider of the workspace (OAuth M2M). */
  readonly restApi: TerraformProvider;
  /** The clean room's name (Unity Catalog securable naming). Changing it replaces the clean room. */
  readonly name: string;
  /** The cloud region of the central clean room, e.g. us-east-1. Changing it replaces the clean room. */
  readonly region: string;
  /** This side's collaborator: its alias and this metastore's global id (`aws:<region>:<metastore id>`). */
  readonly creator: {
    /** This side's alias in the clean room: lowercase letters, digits and underscores, starting with a letter. */
    readonly alias: string;
    /** This metastore's global id, `aws:<region>:<metastore id>` (what `SELECT CURRENT_METASTORE()` returns). */
    readonly globalMetastoreId: string;
  };
  /** The other collaborators (1 to 9: a clean room has at most 10). Changing them replaces the clean room. */
  readonly collaborators: readonly CleanRoomCollaborator[];
  /** Owner of the local clean room securable (a group's display name). @default - the identity that applies Terraform */
  readonly owner?: string;
  /** @default - none */
  readonly comment?: string;
  /** @default - restricted, no destinations */
  readonly egress?: CleanRoomEgress;
  /** Keep Terraform from destroying the clean room (deleting it ends it for every collaborator). @default true */
  readonly protect?: boolean;
  /**
   * Seconds to wait after the clean room is created before adding assets: creation returns while the room is still
   * PROVISIONING, and assets can be added only once it is ACTIVE (databricks-sdk-go cleanrooms,
   * `WaitGetCleanRoomActive`). A `time_sleep`, so the stack needs a time provider (@cdktf/provider-time).
   * @default 600
   */
  readonly provisioningWaitSeconds?: number;
  /** @default - none */
  readonly dependsOn?: ITerraformDependable[];
}

/** Seconds a new clean room is given to become ACTIVE before assets are added. */
export const DEFAULT_PROVISIONING_WAIT_SECONDS = 600;

const ALIAS = /^[a-z][a-z0-9_]{0,63}$/;
const GLOBAL_METASTORE_ID = /^(aws|azure|gcp):[a-z0-9-]+:[0-9a-f-]{36}$/;

/**
 * A clean room (`restapi_object` on `/api/2.0/clean-rooms`), with table and notebook assets added by methods.
 *
 * @see https://docs.databricks.com/aws/en/clean-rooms/create-clean-room
 * @example
 * const room = new CleanRoom(this, "CleanRoom", {
 *   restApi,
 *   name: "retail_overlap",
 *   region: "us-east-1",
 *   creator: { alias: "lakehouse", globalMetastoreId: "aws:us-east-1:11111111-2222-3333-4444-555555555555" },
 *   collaborators: [{ alias: "acme", globalMetastoreId: "aws:us-west-2:66666666-7777-8888-9999-000000000000" }],
 * });
 * room.addTable("AccountsTable", "main.gold.accounts_by_industry");
 */
export class CleanRoom extends Construct {
  /** The wait between the clean room's creation and its assets (`time_sleep`). */
  public readonly provisioned: Sleep;
  /** The `restapi_object` of the clean room. */
  public readonly object: RestObject;
  /** The clean room's name. */
  public readonly cleanRoomName: string;
  /** The request body sent on create (canonical JSON). */
  public readonly body: string;
  private readonly restApi: TerraformProvider;
  private readonly assets = new Set<string>();

  constructor(scope: Construct, id: string, props: CleanRoomProps) {
    super(scope, id);
    throwIfInvalidProps(this, cleanRoomProblems(props));
    this.restApi = props.restApi;
    this.cleanRoomName = props.name;
    const egress = props.egress ?? {};
    const remote: JsonValue = {
      cloud_vendor: "aws",
      region: props.region,
      collaborators: [
        { collaborator_alias: props.creator.alias, global_metastore_id: props.creator.globalMetastoreId },
        ...props.collaborators.map((c) => ({
          collaborator_alias: c.alias,
          global_metastore_id: c.globalMetastoreId,
          invite_recipient_email: c.inviteEmail,
          invite_recipient_workspace_id: c.inviteWorkspaceId,
        })),
      ],
      egress_network_policy: {
        internet_access: {
          restriction_mode: egress.restrictionMode ?? "RESTRICTED_ACCESS",
          allowed_internet_destinations:
            egress.allowedDomains && egress.allowedDomains.length > 0
              ? [...egress.allowedDomains].sort().map((destination) => ({ destination, protocol: "TCP", type: "FQDN" }))
              : undefined,
        },
      },
    };
    this.body = canonicalJson({ name: props.name, owner: props.owner, comment: props.comment, remote_detailed_info: remote });
    this.object = new RestObject(this, "CleanRoom", {
      provider: props.restApi,
      path: CLEAN_ROOMS_PATH,
      idAttribute: "name",
      data: this.body,
      // Only the comment and the owner change in place (PATCH with { clean_room }); the central clean room's
      // definition (name, region, collaborators, egress) is set at creation, so a change of it replaces the room.
      updateMethod: "PATCH",
      updateData: canonicalJson({ clean_room: { owner: props.owner, comment: props.comment } }),
      forceNew: ["name", "remote_detailed_info"],
      lifecycle: { preventDestroy: props.protect ?? true },
      dependsOn: props.dependsOn,
    });
    // Replaced with the room, so a new room waits again before its assets are added.
    this.provisioned = new Sleep(this, "Provisioned", {
      createDuration: `${props.provisioningWaitSeconds ?? DEFAULT_PROVISIONING_WAIT_SECONDS}s`,
      triggers: { clean_room: this.object.id },
    });
  }

  /**
   * Adds a table of this metastore to the clean room (asset type TABLE). Its owner must keep SELECT on the table for
   * as long as it is shared. `localName` is `catalog.schema.table`; collaborators see it under the same name.
   */
  public addTable(id: string, localName: string): RestObject {
    return this.addAsset(id, "TABLE", localName, { table_local_details: { local_name: localName } });
  }

  /**
   * Adds a notebook (asset type NOTEBOOK_FILE). `contentBase64` is the notebook exported in HTML format, base64
   * encoded (the API's format: the content of `GET /api/2.0/workspace/export?format=HTML`); `runners` are the aliases
   * of collaborators who may run it.
   */
  public addNotebook(id: string, name: string, contentBase64: string, runners: readonly string[], dependsOn?: ITerraformDependable[]): RestObject {
    return this.addAsset(
      id,
      "NOTEBOOK_FILE",
      name,
      { notebook: { notebook_content: contentBase64, runner_collaborator_aliases: runners.length > 0 ? [...runners] : undefined } },
      dependsOn,
    );
  }

  private addAsset(
    id: string,
    type: "TABLE" | "NOTEBOOK_FILE",
    name: string,
    details: Record<string, JsonValue>,
    dependsOn?: ITerraformDependable[],
  ): RestObject {
    const problems: string[] = [];
    if (!Token.isUnresolved(name) && this.assets.has(`${type}/${name}`)) problems.push(`asset ${type} "${name}" is added twice; add it once`);
    if (!Token.isUnresolved(name) && type === "TABLE" && name.split(".").length !== 3) problems.push(`table "${name}" is not catalog.schema.table`);
    throwIfInvalidArguments(this, problems);
    this.assets.add(`${type}/${name}`);
    const assets = `${CLEAN_ROOMS_PATH}/${this.cleanRoomName}/assets`;
    return new RestObject(this, id, {
      provider: this.restApi,
      path: assets,
      idAttribute: "name",
      data: canonicalJson({ name, asset_type: type, clean_room_name: this.cleanRoomName, ...details }),
      readPath: `${assets}/${type}/{id}`,
      updatePath: `${assets}/${type}/{id}`,
      destroyPath: `${assets}/${type}/{id}`,
      updateMethod: "PATCH",
      forceNew: ["name", "asset_type", ...(type === "TABLE" ? ["table_local_details"] : [])],
      // An asset belongs to its clean room: created after it is active, deleted (unshared) before it, and created
      // again in a room that replaces it (the new room starts empty).
      dependsOn: [this.object, this.provisioned, ...(dependsOn ?? [])],
      // A bare address, as Terraform JSON requires: cdktf renders a construct here as "${...}", which Terraform
      // refuses (hashicorp/terraform-cdk#3196).
      lifecycle: { replaceTriggeredBy: [`${this.object.terraformResourceType}.${this.object.friendlyUniqueId}`] },
    });
  }
}

function cleanRoomProblems(props: CleanRoomProps): string[] {
  const problems: string[] = [];
  if (!Token.isUnresolved(props.name) && !/^[a-z][a-z0-9_-]{0,63}$/.test(props.name))
    problems.push(`name: "${props.name}" is not allowed; use lowercase letters, digits, _ and -`);
  const aliases = [props.creator.alias, ...props.collaborators.map((c) => c.alias)];
  aliases.forEach((alias, i) => {
    const at = i === 0 ? "creator.alias" : `collaborators[${i - 1}].alias`;
    if (!ALIAS.test(alias)) problems.push(`${at}: "${alias}" is not allowed; use lowercase letters, digits and underscores, starting with a letter`);
    if (aliases.indexOf(alias) < i) problems.push(`${at}: "${alias}" is used twice; aliases are unique in a clean room`);
  });
  if (props.collaborators.length < 1 || props.collaborators.length > 9)
    problems.push(`collaborators: ${props.collaborators.length} given; a clean room has 1 to 9 collaborators besides its creator`);
  props.collaborators.forEach((c, i) => {
    const at = `collaborators[${i}]`;
    if (c.globalMetastoreId === undefined && c.inviteEmail === undefined)
      problems.push(`${at}: has neither globalMetastoreId nor inviteEmail; give the partner's sharing identifier or the e-mail to invite`);
    if (c.globalMetastoreId !== undefined && !Token.isUnresolved(c.globalMetastoreId) && !GLOBAL_METASTORE_ID.test(c.globalMetastoreId))
      problems.push(`${at}.globalMetastoreId: "${c.globalMetastoreId}" is not <cloud>:<region>:<metastore uuid>`);
    if (c.inviteEmail !== undefined && c.inviteWorkspaceId === undefined)
      problems.push(`${at}.inviteWorkspaceId: is required with inviteEmail (the API: "Must be specified if invite_recipient_email is specified")`);
  });
  if (!Token.isUnresolved(props.creator.globalMetastoreId) && !GLOBAL_METASTORE_ID.test(props.creator.globalMetastoreId))
    problems.push(`creator.globalMetastoreId: "${props.creator.globalMetastoreId}" is not <cloud>:<region>:<metastore uuid>`);
  if (props.egress?.restrictionMode === "FULL_ACCESS" && (props.egress.allowedDomains?.length ?? 0) > 0)
    problems.push("egress.allowedDomains: only applies with restrictionMode RESTRICTED_ACCESS");
  return problems;
}
