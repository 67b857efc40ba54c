/**
 * The shape of the grant plan (docs/decisions/0005-one-grant-plan.md): what a layer asks for on a securable the
 * unity-catalog layer owns. Shared plumbing, so a layer can ask without importing another layer's code; the
 * unity-catalog layer renders every request (stacks/unity-catalog/grant-requests.ts).
 */
import type { MedallionLayer } from "../../modules/databricks/unity-catalog/medallion-catalog";
import type { Layer } from "./backend";

interface Request<Target extends string, Access extends string> {
  /** The securable, in every medallion catalog: a layer's schema (and the domain schemas of that layer), the ml schema, or the landing location. */
  readonly target: Target;
  readonly access: Access;
  /** A key of `workspace.groups` or `workspace.servicePrincipals`. */
  readonly principal: string;
  /** The layer that needs the grant (named in messages, and in the decision record's audit trail). */
  readonly requestedBy: Layer;
}

/** One grant a layer needs on a securable the unity-catalog layer owns. */
export type GrantRequest = Request<MedallionLayer, "read" | "write"> | Request<"ml", "read" | "create-models"> | Request<"landing", "read-files">;
