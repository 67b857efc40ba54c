/**
 * Rule packs and the catalogue they make up. A pack is data: its rules, how they roll out, and what it
 * declares about its provider's types for the rules of every pack (which types hold data, which flags
 * delete contents, which package describes the types). Adding a provider is adding a pack, not editing
 * the engine: the data-protection rules read the union of every registered pack's declarations.
 */
import { BlockMatcher } from "./matcher";
import { PolicyRule } from "./rule";
import { PackName, Rollout } from "./types";

/** A flag that deletes a resource's contents along with it (`force_destroy`, `purge_on_delete`). */
export interface CascadingDelete {
  /** The resources that have the flag. */
  readonly match: BlockMatcher;
  /** The flag's attribute; true (or an expression) is a finding where data is protected. */
  readonly attribute: string;
}

/** A named group of rules for one domain or provider, with what it declares about that provider's types. */
export interface RulePack {
  /** The pack name: its file under modules/policy/rules/. */
  readonly name: PackName;
  /** What the pack covers, one line. */
  readonly description: string;
  /** Its rules, in the order the report and the docs show them. */
  readonly rules: readonly PolicyRule[];
  /** How the pack's rules roll out, unless a rule sets its own. @default "enforce" */
  readonly rollout?: Rollout;
  /** Resources that hold data or identity and must survive a mistaken destroy (DATA-PREVENT-DESTROY). @default - none */
  readonly dataHolding?: readonly BlockMatcher[];
  /** Flags that delete a resource's contents along with it (DATA-NO-FORCE-DESTROY). @default - none */
  readonly cascadingDelete?: readonly CascadingDelete[];
  /**
   * Prebuilt provider packages by provider name (the type prefix), read for attribute names (REFS-RESOLVE,
   * TAGS-REQUIRED): `{ aws: "@cdktf/provider-aws" }`. Bindings generated with `cdktf get` need none: the
   * construct's own class is read. @default - none
   */
  readonly providerPackages?: Readonly<Record<string, string>>;
}

/** What every registered pack declares, together, each entry naming the pack that declared it. */
export interface PackDeclarations {
  readonly dataHolding: readonly { readonly pack: PackName; readonly match: BlockMatcher }[];
  readonly cascadingDelete: readonly (CascadingDelete & { readonly pack: PackName })[];
  readonly providerPackages: Readonly<Record<string, string>>;
}

/**
 * The registered packs: their rules (each with its effective rollout) and the union of their declarations.
 * Throws, listing every problem, on duplicate pack names or rule ids, a rule filed under another pack, or
 * two packs naming different packages for one provider.
 *
 * @example
 * const catalog = new PolicyCatalog([...RULE_PACKS, RESTAPI_PACK]);
 * evaluateModel(model, settings, {}, catalog);
 */
export class PolicyCatalog {
  /** The packs, in order, each rule's `rollout` filled in. */
  public readonly packs: readonly RulePack[];
  /** Every rule, pack by pack. */
  public readonly rules: readonly PolicyRule[];
  /** The union of the packs' declarations. */
  public readonly declarations: PackDeclarations;
  private readonly byId: ReadonlyMap<string, PolicyRule>;

  constructor(packs: readonly RulePack[]) {
    const problems = catalogProblems(packs);
    if (problems.length > 0) {
      throw new Error(`the policy catalogue is invalid:\n  ${problems.join("\n  ")}`);
    }
    this.packs = packs.map(withRollout);
    this.rules = this.packs.flatMap((pack) => pack.rules);
    this.declarations = declarationsOf(packs);
    this.byId = new Map(this.rules.map((rule) => [rule.id, rule]));
  }

  /** The rule with this id, if there is one. */
  public findRule(id: string): PolicyRule | undefined {
    return this.byId.get(id);
  }
}

/** The pack with each rule's rollout made explicit: its own, else the pack's, else enforce. */
function withRollout(pack: RulePack): RulePack {
  return { ...pack, rules: pack.rules.map((rule) => ({ ...rule, rollout: rule.rollout ?? pack.rollout ?? "enforce" })) };
}

/** The union of the packs' declarations, in pack order. */
function declarationsOf(packs: readonly RulePack[]): PackDeclarations {
  return {
    dataHolding: packs.flatMap((pack) => (pack.dataHolding ?? []).map((match) => ({ pack: pack.name, match }))),
    cascadingDelete: packs.flatMap((pack) => (pack.cascadingDelete ?? []).map((c) => ({ ...c, pack: pack.name }))),
    providerPackages: Object.assign({}, ...packs.map((pack) => pack.providerPackages ?? {})) as Record<string, string>,
  };
}

function catalogProblems(packs: readonly RulePack[]): string[] {
  const problems = [
    ...duplicates(packs.map((p) => p.name)).map((name) => `pack "${name}" is registered twice`),
    ...duplicates(packs.flatMap((p) => p.rules.map((r) => r.id))).map((id) => `rule ${id} is registered twice`),
    ...packs.flatMap((p) => p.rules.filter((r) => r.pack !== p.name).map((r) => `rule ${r.id} says pack "${r.pack}" but is in pack "${p.name}"`)),
  ];
  const packageOf = new Map<string, { pkg: string; pack: string }>();
  for (const pack of packs) {
    for (const [provider, pkg] of Object.entries(pack.providerPackages ?? {})) {
      const earlier = packageOf.get(provider);
      if (earlier && earlier.pkg !== pkg) {
        problems.push(`provider ${provider} is ${earlier.pkg} in pack "${earlier.pack}" but ${pkg} in pack "${pack.name}"`);
      }
      packageOf.set(provider, earlier ?? { pkg, pack: pack.name });
    }
  }
  return problems;
}

function duplicates(values: readonly string[]): string[] {
  return [...new Set(values.filter((v, i) => values.indexOf(v) !== i))];
}
