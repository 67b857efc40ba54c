import { App, TerraformProvider } from "cdktf";
import { ENVIRONMENTS, validateEnvironments } from "../../../environments";
import { buildLakehouse } from "../../../stacks/lakehouse";

describe("provider construct ids", () => {
  const app = new App({ outdir: "/tmp/unused-provider-ids", stackTraces: false });
  const stacks = buildLakehouse(app, validateEnvironments(Object.values(ENVIRONMENTS))).flatMap((e) => [
    e.networkStorage,
    e.workspace,
    e.unityCatalog,
  ]);

  it.each(stacks.map((s) => [s.node.id, s] as const))("follow one convention in %s: the Terraform local name, then the alias", (_, stack) => {
    const providers = stack.node.children.filter((c): c is TerraformProvider => c instanceof TerraformProvider);
    expect(providers.length).toBeGreaterThan(0);
    for (const provider of providers) {
      const localName = provider.terraformResourceType;
      expect(provider.node.id).toBe(provider.alias ? `${localName}-${provider.alias}` : localName);
    }
  });
});
