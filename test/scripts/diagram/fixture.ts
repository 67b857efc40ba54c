/**
 * The diagram tests' fixture: a small synthesized output folder for environment "dev" (its six stacks, three of them
 * empty, a handful of resources), and models made from it.
 */
import { join } from "node:path";
import { environmentModel, type EnvironmentModel } from "../../../scripts/diagram/environment-model";
import { completeLayers, readEnvironment, type EnvironmentResources } from "../../../scripts/diagram/synthesized-stacks";

/** The fixture's output folder (as cdktf.out would be). */
export const FIXTURE_OUTDIR = join(__dirname, "fixtures", "synthesized");

/** The fixture's environment as read from its stacks. */
export function fixtureResources(): EnvironmentResources {
  return readEnvironment(FIXTURE_OUTDIR, "dev", completeLayers(FIXTURE_OUTDIR, "dev"));
}

/** The fixture's model, optionally as another environment without the resources of some types. */
export function fixtureModel(env = "dev", withoutTypes: readonly string[] = []): EnvironmentModel {
  const resources = fixtureResources();
  return environmentModel({ ...resources, env, resources: resources.resources.filter((r) => !withoutTypes.includes(r.type)) });
}
