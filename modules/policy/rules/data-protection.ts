/**
 * Data protection in protected environments: everything that holds data or identity survives a
 * mistaken destroy. Which types those are is declared by each pack (`dataHolding`, `cascadingDelete` in
 * its pack file), so a new provider's pack brings its own; these rules read the union of every registered
 * pack. Deletion protection and KMS deletion windows are checked in their service packs
 * (RDS-DELETION-PROTECTION, DYNAMODB-DELETION-PROTECTION, KMS-DELETION-WINDOW) under the same setting.
 */
import { isExpression } from "../expressions";
import { matchBlock } from "../matcher";
import { RulePack } from "../pack";
import { fail, PASS, ResourceRule, RuleContext } from "../rule";
import { Block } from "../synth-model";
import { blockOf, isTrue } from "../values";
import { terraform } from "./anchors";
import { allProblems, mustBeTrue, whenProtected } from "./common";

const preventDestroy: ResourceRule = {
  id: "DATA-PREVENT-DESTROY",
  pack: "data-protection",
  scope: "resource",
  severity: "high",
  title: "Resources that hold data or identity have lifecycle.prevent_destroy in protected environments",
  rationale: "prevent_destroy makes Terraform refuse any plan that would delete the resource, including a replacement forced by a changed argument",
  anchors: [terraform("lifecycle meta-argument: prevent_destroy", "https://developer.hashicorp.com/terraform/language/meta-arguments/lifecycle")],
  appliesTo: { declared: "dataHolding" },
  appliesWhen: "protectData is on",
  fix: 'set lifecycle { prevent_destroy = true } (in cdktf: resource.addOverride("lifecycle.prevent_destroy", true) or the lifecycle prop)',
  check: (block, ctx) =>
    whenProtected(ctx.settings.protectData, () => {
      const problem = mustBeTrue("lifecycle.prevent_destroy", blockOf(block.attrs.lifecycle)?.prevent_destroy);
      return problem === undefined ? PASS : fail(problem);
    }),
};

const noCascadingDelete: ResourceRule = {
  id: "DATA-NO-FORCE-DESTROY",
  pack: "data-protection",
  scope: "resource",
  severity: "high",
  title: "Resources with a flag that deletes their contents (force_destroy, purge_on_delete) leave it off in protected environments",
  rationale: "force_destroy (purge_on_delete for Lakebase) deletes every table, volume or branch inside along with the object",
  anchors: [terraform("databricks provider: force_destroy on metastore, catalog, schema, external location, credentials")],
  appliesTo: { declared: "cascadingDelete" },
  appliesWhen: "protectData is on",
  fix: "remove force_destroy (purge_on_delete) or set it to false",
  notes: "The flags are the cascading deletes the packs declare. S3 buckets' force_destroy is checked in every environment by S3-NO-FORCE-DESTROY.",
  check: (block, ctx) =>
    whenProtected(ctx.settings.protectData, () =>
      allProblems(cascadingFlags(block, ctx).map((attribute) => flagProblem(attribute, block.attrs[attribute]))),
    ),
};

/** The cascading-delete flags the packs declare for this block. */
function cascadingFlags(block: Block, ctx: RuleContext): string[] {
  const declared = ctx.declarations.cascadingDelete.filter((c) => matchBlock(c.match, block, (v) => ctx.model.resolve(v)).kind !== "no-match");
  return [...new Set(declared.map((c) => c.attribute))];
}

function flagProblem(attribute: string, value: unknown): string | undefined {
  if (isExpression(value)) {
    return `${attribute} is ${value}, which cannot be resolved at synth`;
  }
  return isTrue(value) ? `${attribute} is true` : undefined;
}

/** The data-protection pack: its rules apply to what every pack declares, so it declares nothing itself. */
export const DATA_PROTECTION_PACK: RulePack = {
  name: "data-protection",
  description: "Data and identity survive a mistaken destroy",
  rules: [preventDestroy, noCascadingDelete],
};
