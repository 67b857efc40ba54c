/**
 * A local stand-in for `terraform validate`'s reference checks: every `${...}` names an object that
 * exists in the stack and, where the provider packages tell, an attribute its type has.
 */
import { Reference, referencesInValue, scanExpression } from "../expressions";
import { RulePack } from "../pack";
import { attributeNames } from "../provider-schema";
import { ResourceRule, RuleContext } from "../rule";
import { blocksOf, stringsOf } from "../values";
import { terraform } from "./anchors";
import { allProblems } from "./common";

/** Roots Terraform provides inside blocks: `count.index`, `each.value`, `path.module`, `terraform.workspace`, `self.x`. */
const BUILTIN_ROOTS = new Set(["count", "each", "path", "terraform", "self"]);

/** Objects a root keyword names, for messages. */
const KIND_OF_ROOT: Readonly<Record<string, string>> = { var: "variable", local: "local", module: "module" };

const resolvableReferences: ResourceRule = {
  id: "REFS-RESOLVE",
  pack: "references",
  scope: "resource",
  severity: "high",
  title: "Every reference names an object in the stack and an attribute its type has",
  rationale: "A dangling reference (a renamed construct, a cross-stack token, a mistyped attribute) only fails at plan time, after review",
  anchors: [terraform("terraform validate: reference checks", "https://developer.hashicorp.com/terraform/cli/commands/validate")],
  appliesTo: ["*"],
  fix: "reference an object defined in this stack (read other stacks through their typed remote-state outputs) and an attribute of its type",
  notes:
    "Attributes are read from the classes of the provider packages the packs declare (one lazy load per type), else from the construct's own class; a type neither knows is a finding. Depends_on entries and provider aliases are checked too.",
  check: (block, ctx) => {
    const bound = dynamicIterators(block.attrs);
    const { depends_on: dependsOn, provider, ...rest } = block.attrs;
    const problems = referencesInValue(rest).map((ref) => referenceProblem(ref, ctx, bound));
    for (const dependency of stringsOf(dependsOn)) {
      const refs: Reference[] = [];
      scanExpression(dependency, refs);
      problems.push(...refs.map((ref) => referenceProblem(ref, ctx, bound)));
    }
    if (block.kind !== "provider") {
      problems.push(providerProblem(provider, ctx));
    }
    return allProblems([...new Set(problems)]);
  },
};

/** Names bound by `dynamic` blocks: their labels (the default iterator) and explicit `iterator` names. */
function dynamicIterators(value: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(value)) {
    value.forEach((v) => dynamicIterators(v, into));
  } else if (value !== null && typeof value === "object") {
    for (const [key, inner] of Object.entries(value)) {
      if (key === "dynamic") {
        for (const [label, body] of Object.entries(inner as Record<string, unknown>)) {
          into.add(label);
          blocksOf(body).forEach((b) => stringsOf(b.iterator).forEach((name) => into.add(name)));
        }
      }
      dynamicIterators(inner, into);
    }
  }
  return into;
}

function referenceProblem(ref: Reference, ctx: RuleContext, bound: ReadonlySet<string>): string | undefined {
  if (BUILTIN_ROOTS.has(ref.root) || bound.has(ref.root)) {
    return undefined;
  }
  const kind = KIND_OF_ROOT[ref.root];
  if (kind !== undefined) {
    const address = `${ref.root}.${ref.traversal[0] ?? ""}`;
    return ctx.model.find(address) ? undefined : `${ref.text} names no ${kind} in this stack`;
  }
  if (ref.root === "data") {
    const [type, name, attribute] = ref.traversal;
    return objectProblem(ctx, "data", type, name, attribute, ref.text);
  }
  if (ref.root.includes("_")) {
    const [name, attribute] = ref.traversal;
    return objectProblem(ctx, "resource", ref.root, name, attribute, ref.text);
  }
  return ref.traversal.length > 0 ? `${ref.text} is not a reference Terraform understands` : undefined;
}

function objectProblem(
  ctx: RuleContext,
  kind: "resource" | "data",
  type: string | undefined,
  name: string | undefined,
  attribute: string | undefined,
  text: string,
): string | undefined {
  if (!type || !name) {
    return `${text} is incomplete`;
  }
  const target = ctx.model.find(kind === "data" ? `data.${type}.${name}` : `${type}.${name}`);
  if (!target) {
    return `${text} names no ${kind === "data" ? "data source" : "resource"} in this stack`;
  }
  if (attribute === undefined) {
    return undefined;
  }
  const constructClass = ctx.constructOf(target)?.constructor as { tfResourceType?: unknown; prototype: object } | undefined;
  const names = attributeNames(kind, type, ctx.declarations.providerPackages, constructClass);
  if (!names) {
    return `${type} is not a type the installed provider packages know, so ${text} cannot be checked`;
  }
  return names.has(attribute) ? undefined : `${text}: ${type} has no attribute ${attribute}`;
}

function providerProblem(provider: unknown, ctx: RuleContext): string | undefined {
  if (typeof provider !== "string" || provider === "") {
    return undefined;
  }
  const [name, alias] = provider.split(".");
  const address = alias === undefined ? `provider.${name}` : `provider.${name}.${alias}`;
  return ctx.model.find(address) ? undefined : `provider ${provider} is not configured in this stack`;
}

/** The references pack. */
export const REFERENCES_PACK: RulePack = {
  name: "references",
  description: "References resolve within the stack (a local terraform validate)",
  rules: [resolvableReferences],
  providerPackages: { aws: "@cdktf/provider-aws", databricks: "@cdktf/provider-databricks", time: "@cdktf/provider-time" },
};
