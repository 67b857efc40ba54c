/**
 * What every concern of the ingestion layer works with: the stack (scope, config, naming), its providers, the lower
 * layers' contracts, the principal directory, and where files land.
 */
import type { DatabricksProvider } from "@cdktf/provider-databricks/lib/provider";
import type { IngestionConfig } from "../../environments/schema/ingestion";
import type { NetworkStorageOutputs } from "../network-storage/outputs";
import type { LayerStack } from "../shared/layer-stack";
import type { PrincipalDirectory } from "../shared/principal-directory";
import type { UnityCatalogOutputs } from "../unity-catalog/outputs";
import type { WorkspaceOutputs } from "../workspace/outputs";

/** The ingestion layer's shared inputs, built once by the stack and passed to each concern. */
export interface IngestionContext {
  readonly stack: LayerStack;
  readonly ingestion: IngestionConfig;
  /** The workspace-level Databricks provider. */
  readonly workspaceProvider: DatabricksProvider;
  readonly storage: NetworkStorageOutputs;
  readonly workspace: WorkspaceOutputs;
  readonly unityCatalog: UnityCatalogOutputs;
  readonly principals: PrincipalDirectory;
  /** The workspace id as a number (the workspace layer publishes it as a string). */
  readonly workspaceId: number;
  /** Where ingestion services deliver files, and where pipelines read them. */
  readonly landing: Landing;
}

/** The default catalog's landing volume, seen from both sides. */
export interface Landing {
  /** The key prefix of the landing volume in the landing bucket (`<catalog>/`); every AWS writer writes under it. */
  readonly keyPrefix: string;
  /** `/Volumes/<catalog>/bronze/landing`: the same files as Databricks reads them. */
  readonly volumePath: string;
}

/** A landing-zone location, for the AWS writer (a key prefix) and the pipeline reader (a volume path). */
export interface LandingPath {
  /** Key prefix in the landing bucket, ending in `/`. */
  readonly keyPrefix: string;
  /** The same place under the landing volume, ending in `/`. */
  readonly volumePath: string;
}

/** `relative` (like `dms/orders-db/`) under the landing volume, for both sides. */
export function landingPath(landing: Landing, relative: string): LandingPath {
  return { keyPrefix: `${landing.keyPrefix}${relative}`, volumePath: `${landing.volumePath}/${relative}` };
}
