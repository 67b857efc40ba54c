import { Testing } from "cdktf";
import { ENVIRONMENTS, validateEnvironments, type EnvironmentConfig } from "../../environments";
import { buildLakehouse } from "../../stacks/lakehouse";

const configs = validateEnvironments(Object.values(ENVIRONMENTS));
/** [owner, sharer] pairs of registered environments that share a metastore. */
const sharing = configs.flatMap((owner) => {
  const metastore = owner.unityCatalog.metastore;
  return metastore.mode === "create"
    ? metastore.sharedWith.map((s) => [owner, configs.find((c) => c.name === s.environment) as EnvironmentConfig] as const)
    : [];
});

function warningsOf(stack: { node: { metadata: { type: string; data: unknown }[] } }): string[] {
  return stack.node.metadata.filter((m) => m.type === "@cdktf/warn").map((m) => String(m.data));
}

describe("the deploy order of environments that share a metastore", () => {
  it("has at least one shared metastore among the registered environments to order", () => {
    expect(sharing.length).toBeGreaterThan(0);
  });

  it.each(sharing.map(([owner, sharer]) => [owner.name, sharer.name, owner, sharer] as const))(
    "orders %s and %s: owner's workspace, sharer's workspace, owner's unity-catalog, sharer's unity-catalog",
    (_, __, owner, sharer) => {
      const stacks = buildLakehouse(Testing.app(), configs);
      const of = (config: EnvironmentConfig) => {
        const found = stacks.find((s) => s.config.name === config.name);
        if (!found) throw new Error(`no stacks for ${config.name}`);
        return found;
      };
      expect(of(sharer).workspace.dependencies).toContain(of(owner).workspace);
      expect(of(owner).unityCatalog.dependencies).toContain(of(sharer).workspace);
      expect(of(sharer).unityCatalog.dependencies).toContain(of(owner).unityCatalog);
    },
  );

  it.each(sharing.map(([owner, sharer]) => [owner.name, sharer.name, owner, sharer] as const))(
    "with %s alone, warns that %s-workspace comes first (and the plan checks it)",
    (_, sharerName, owner) => {
      const [alone] = buildLakehouse(Testing.app(), [owner]);
      expect(warningsOf(alone.unityCatalog)).toEqual([expect.stringContaining(`deploy ${sharerName}-workspace before ${owner.name}-unity-catalog`)]);
      expect(alone.unityCatalog.dependencies).toEqual([alone.networkStorage, alone.workspace]);
    },
  );

  it.each(sharing.map(([owner, sharer]) => [sharer.name, owner.name, sharer] as const))(
    "with %s alone, warns that %s's layers come first",
    (_, __, sharer) => {
      const [alone] = buildLakehouse(Testing.app(), [sharer]);
      expect(warningsOf(alone.unityCatalog)).toEqual([expect.stringContaining("uses a metastore created by an environment that is not in this run")]);
    },
  );

  it("adds no warning where every sharing environment is in the run", () => {
    for (const environment of buildLakehouse(Testing.app(), configs)) expect(warningsOf(environment.unityCatalog)).toEqual([]);
  });
});
