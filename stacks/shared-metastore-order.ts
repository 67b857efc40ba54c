/**
 * The deploy order between environments that share a metastore (in one Databricks account and region): the owner's
 * workspace layer creates the metastore, the sharer's workspace layer checks it and creates the sharer's groups, the
 * owner's unity-catalog layer grants those groups metastore privileges, and the sharer's unity-catalog layer uses
 * them. Both in the app: stack dependencies (the cdktf CLI deploys in that order). One alone: plan-time checks in the
 * stacks fail with a message naming what to deploy first, and a synth warning names the order.
 */
import { Annotations } from "cdktf";
import type { EnvironmentStacks } from "./lakehouse";

/** The ordered pairs, for tests and the README: `[dependent, dependency]` stack ids. */
export function orderSharedMetastores(environments: readonly EnvironmentStacks[]): [string, string][] {
  const byName = new Map(environments.map((e) => [e.config.name, e]));
  const edges: [string, string][] = [];
  for (const owner of environments) {
    const metastore = owner.config.unityCatalog.metastore;
    if (metastore.mode !== "create") continue;
    for (const { environment } of metastore.sharedWith) {
      const sharer = byName.get(environment);
      if (!sharer) {
        Annotations.of(owner.unityCatalog).addWarning(
          `${environment} shares this metastore but is not in this run: deploy ${environment}-workspace before ${owner.config.name}-unity-catalog, and ${environment}-unity-catalog after it (the plan checks the first)`,
        );
        continue;
      }
      for (const [dependent, dependency] of [
        [sharer.workspace, owner.workspace],
        [owner.unityCatalog, sharer.workspace],
        [sharer.unityCatalog, owner.unityCatalog],
      ] as const) {
        dependent.addDependency(dependency);
        edges.push([dependent.node.id, dependency.node.id]);
      }
    }
  }
  for (const sharer of environments) {
    const metastore = sharer.config.unityCatalog.metastore;
    if (metastore.mode !== "existing" || environments.some((e) => sharesWith(e, sharer.config.name))) continue;
    Annotations.of(sharer.unityCatalog).addWarning(
      "uses a metastore created by an environment that is not in this run: deploy that environment's workspace and unity-catalog layers first (its unity-catalog layer grants this environment's group the metastore privileges)",
    );
  }
  return edges;
}

function sharesWith(owner: EnvironmentStacks, environment: string): boolean {
  const metastore = owner.config.unityCatalog.metastore;
  return metastore.mode === "create" && metastore.sharedWith.some((s) => s.environment === environment);
}
