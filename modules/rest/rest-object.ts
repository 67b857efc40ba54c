/**
 * A typed binding for `restapi_object`, the one resource type of Mastercard/restapi this project uses.
 *
 * Schema: v3.0.0 (`docs/resources/object.md` and `internal/provider/resource_api_object.go` at tag v3.0.0 of
 * github.com/Mastercard/terraform-provider-restapi). What the provider does with an object, read from that source:
 * - create: `create_method` (POST) of `data` to `create_path` (default `path`); the id comes from `data` at
 *   `id_attribute`, or from the response when the provider sets `create_returns_object`;
 * - read (every plan and refresh): `read_method` (GET) of `read_path` (default `path/{id}`); a 404 removes the object
 *   from state, so a deleted object is planned for creation again;
 * - update (when `data` changes): `update_method` (PUT) to `update_path` with `update_data` if set, else `data`;
 *   a change of a field listed in `force_new` replaces the object instead (delete, then create);
 * - delete: `destroy_method` (DELETE) of `destroy_path` (default `path/{id}`); 404 and 410 count as deleted.
 */
import { TerraformResource, type ITerraformDependable, type TerraformProvider, type TerraformResourceLifecycle } from "cdktf";
import type { Construct } from "constructs";
import { throwIfInvalidProps } from "../core/validation";
import { RESTAPI_PROVIDER_VERSION, withoutUndefined } from "./restapi-provider";

/** An HTTP method the provider may use for an operation. */
export type RestMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/** Props of {@link RestObject}. */
export interface RestObjectProps {
  /** The restapi provider (its `uri` is the base of every path). */
  readonly provider: TerraformProvider;
  /** The collection path, e.g. `/api/2.0/clean-rooms`; reads, updates and deletes default to `<path>/{id}`. */
  readonly path: string;
  /** The object as managed: a JSON object text (build it with `canonicalJson`). */
  readonly data: string;
  /** Where the object is created. @default - `path` */
  readonly createPath?: string;
  /** Where it is read; `{id}` is replaced by the object's id. @default `<path>/{id}` */
  readonly readPath?: string;
  /** Where it is updated. @default `<path>/{id}` */
  readonly updatePath?: string;
  /** Where it is deleted. @default `<path>/{id}` */
  readonly destroyPath?: string;
  /** @default POST (the provider's) */
  readonly createMethod?: RestMethod;
  /** @default GET (the provider's) */
  readonly readMethod?: RestMethod;
  /** @default PUT (the provider's) */
  readonly updateMethod?: RestMethod;
  /** @default DELETE (the provider's) */
  readonly destroyMethod?: RestMethod;
  /** The body of updates, when the API takes another shape than `data` on update. @default - `data` */
  readonly updateData?: string;
  /** Path (`a/b`) of the object's id in `data` or in the create response. @default id (the provider's) */
  readonly idAttribute?: string;
  /**
   * Fields of `data` (dot paths) whose change replaces the object, for fields the API does not update in place.
   * @default - none: every change is an update
   */
  readonly forceNew?: readonly string[];
  /**
   * Ignore fields the server adds to the object (defaults, timestamps, status) when comparing it with `data`.
   * @default true
   */
  readonly ignoreServerAdditions?: boolean;
  /** Remote fields whose changes are ignored (dot paths). @default - none */
  readonly ignoreChangesTo?: readonly string[];
  /** Terraform lifecycle (`prevent_destroy` for objects that hold data). @default - none */
  readonly lifecycle?: TerraformResourceLifecycle;
  /** Explicit dependencies. @default - none */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * One object managed through a REST API (`restapi_object`).
 *
 * @see https://registry.terraform.io/providers/Mastercard/restapi/3.0.0/docs/resources/object
 * @example
 * new RestObject(this, "CleanRoom", {
 *   provider: restapi,
 *   path: "/api/2.0/clean-rooms",
 *   idAttribute: "name",
 *   data: canonicalJson({ name: "retail-overlap", remote_detailed_info: { cloud_vendor: "aws", region: "us-east-1", collaborators: [] } }),
 * });
 */
export class RestObject extends TerraformResource {
  /** The Terraform resource type this class binds. */
  public static readonly tfResourceType = "restapi_object";
  private readonly props: RestObjectProps;

  constructor(scope: Construct, id: string, props: RestObjectProps) {
    super(scope, id, {
      terraformResourceType: "restapi_object",
      terraformGeneratorMetadata: { providerName: "restapi", providerVersion: RESTAPI_PROVIDER_VERSION },
      provider: props.provider,
      lifecycle: props.lifecycle,
      dependsOn: props.dependsOn,
    });
    const problems: string[] = [];
    for (const [name, value] of Object.entries({
      path: props.path,
      createPath: props.createPath,
      readPath: props.readPath,
      updatePath: props.updatePath,
      destroyPath: props.destroyPath,
    }))
      if (value !== undefined && !value.startsWith("/"))
        problems.push(`${name}: "${value}" is not allowed; use a path from the API root, starting with /`);
    if (!isJsonObjectText(props.data)) problems.push("data: is not a JSON object; build it with canonicalJson");
    if (props.updateData !== undefined && !isJsonObjectText(props.updateData))
      problems.push("updateData: is not a JSON object; build it with canonicalJson");
    throwIfInvalidProps(this, problems);
    this.props = props;
  }

  /** The object's id: the value at `idAttribute` in `data` or in the create response. */
  public get id(): string {
    return this.getStringAttribute("id");
  }

  /** The object's fields as last read from the API (primitives as strings). */
  public get apiData(): Record<string, string> {
    return this.getStringMapAttribute("api_data");
  }

  /** The raw body of the last read. */
  public get apiResponse(): string {
    return this.getStringAttribute("api_response");
  }

  /** The raw body of the create response. */
  public get createResponse(): string {
    return this.getStringAttribute("create_response");
  }

  /** The collection path. */
  public get path(): string {
    return this.getStringAttribute("path");
  }

  /** The managed object, as JSON text. */
  public get data(): string {
    return this.getStringAttribute("data");
  }

  // Inputs the policy engine reads as attribute names (getters below cdktf's base class, as generated bindings have).
  /** `create_path` as configured. */
  public get createPath(): string {
    return this.getStringAttribute("create_path");
  }
  /** `read_path` as configured. */
  public get readPath(): string {
    return this.getStringAttribute("read_path");
  }
  /** `update_path` as configured. */
  public get updatePath(): string {
    return this.getStringAttribute("update_path");
  }
  /** `destroy_path` as configured. */
  public get destroyPath(): string {
    return this.getStringAttribute("destroy_path");
  }
  /** `create_method` as configured. */
  public get createMethod(): string {
    return this.getStringAttribute("create_method");
  }
  /** `read_method` as configured. */
  public get readMethod(): string {
    return this.getStringAttribute("read_method");
  }
  /** `update_method` as configured. */
  public get updateMethod(): string {
    return this.getStringAttribute("update_method");
  }
  /** `destroy_method` as configured. */
  public get destroyMethod(): string {
    return this.getStringAttribute("destroy_method");
  }
  /** `update_data` as configured. */
  public get updateData(): string {
    return this.getStringAttribute("update_data");
  }
  /** `id_attribute` as configured. */
  public get idAttribute(): string {
    return this.getStringAttribute("id_attribute");
  }
  /** `force_new` as configured. */
  public get forceNew(): string[] {
    return this.getListAttribute("force_new");
  }
  /** `ignore_server_additions` as configured. */
  public get ignoreServerAdditions(): boolean {
    return this.getBooleanAttribute("ignore_server_additions") as unknown as boolean;
  }
  /** `ignore_changes_to` as configured. */
  public get ignoreChangesTo(): string[] {
    return this.getListAttribute("ignore_changes_to");
  }

  protected override synthesizeAttributes(): { [name: string]: unknown } {
    const p = this.props;
    return withoutUndefined({
      path: p.path,
      data: p.data,
      create_path: p.createPath,
      read_path: p.readPath,
      update_path: p.updatePath,
      destroy_path: p.destroyPath,
      create_method: p.createMethod,
      read_method: p.readMethod,
      update_method: p.updateMethod,
      destroy_method: p.destroyMethod,
      update_data: p.updateData,
      id_attribute: p.idAttribute,
      force_new: p.forceNew && p.forceNew.length > 0 ? [...p.forceNew] : undefined,
      ignore_server_additions: p.ignoreServerAdditions ?? true,
      ignore_changes_to: p.ignoreChangesTo && p.ignoreChangesTo.length > 0 ? [...p.ignoreChangesTo] : undefined,
    });
  }

  protected override synthesizeHclAttributes(): { [name: string]: unknown } {
    return this.synthesizeAttributes();
  }
}

/** True when `text` parses as a JSON object, or is a Terraform token (resolved later). */
function isJsonObjectText(text: string): boolean {
  if (text.includes("${TfToken[")) return true;
  try {
    const parsed: unknown = JSON.parse(text);
    return parsed !== null && typeof parsed === "object" && !Array.isArray(parsed);
  } catch {
    return false;
  }
}
