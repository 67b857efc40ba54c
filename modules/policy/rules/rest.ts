/**
 * The generic REST provider (Mastercard/restapi), through which the collaboration layer manages what the databricks
 * provider has no resource for (Clean Rooms, the Marketplace): it signs in with OAuth machine-to-machine credentials
 * held in sensitive variables, and clean rooms survive a mistaken destroy in protected environments.
 */
import { isExpression, referencesIn } from "../expressions";
import type { BlockMatcher } from "../matcher";
import { RulePack } from "../pack";
import { fail, PASS, ResourceRule, RuleContext, SKIP, StackRule } from "../rule";
import { blockOf, isSet, isTrue } from "../values";
import { databricks, terraform } from "./anchors";
import { allProblems, mustBeTrue, whenProtected } from "./common";

/** Clean rooms (not their assets) created through the REST provider: the collection path of the Clean Rooms API. */
export const REST_CLEAN_ROOMS: BlockMatcher = {
  type: "restapi_object",
  where: { path: /^\/api\/2\.0\/clean-rooms\/?$/ },
  description: "clean rooms",
};

/** The problem with a credential argument: it must be a reference to a sensitive variable. */
function credentialProblem(ctx: RuleContext, attribute: string, value: unknown): string | undefined {
  if (!isSet(value)) return `${attribute} is not set`;
  if (!isExpression(value)) return `${attribute} is a literal in the configuration`;
  const variables = referencesIn(value).filter((r) => r.root === "var" && r.traversal.length > 0);
  if (variables.length === 0) return `${attribute} is ${value}, not a variable`;
  const unsafe = variables.map((r) => `var.${r.traversal[0]}`).filter((address) => !isTrue(ctx.model.find(address)?.attrs.sensitive));
  return unsafe.length > 0 ? `${attribute} comes from ${unsafe.join(", ")}, which is not sensitive` : undefined;
}

const oauthM2m: StackRule = {
  id: "REST-OAUTH-M2M",
  pack: "rest",
  scope: "stack",
  severity: "high",
  title: "The REST provider signs in with OAuth client credentials from sensitive variables, never a static token or password",
  rationale:
    "A token or password in the provider block ends up in the synthesized JSON and in plan output; OAuth M2M gets short-lived tokens from credentials Terraform keeps out of its output",
  anchors: [databricks("Authorize unattended access to Databricks resources with a service principal using OAuth (M2M)")],
  inspects: ["provider.restapi"],
  fix: "configure oauth_client_credentials with oauth_client_id and oauth_client_secret from variables marked sensitive (DatabricksWorkspaceRestApi does), and drop bearer_token, username, password and an Authorization header",
  notes:
    "Stacks without a restapi provider are skipped. The provider's schema does not mark oauth_client_secret sensitive (v3.0.0), so the variable must be.",
  check: (ctx) => {
    const providers = ctx.model.ofKind("provider").filter((b) => b.type === "restapi");
    if (providers.length === 0) return SKIP;
    return allProblems(
      providers.flatMap((p) => {
        const at = p.name === "default" ? "restapi" : `restapi.${p.name}`;
        const oauth = blockOf(p.attrs.oauth_client_credentials);
        const headers = blockOf(p.attrs.headers) ?? {};
        return [
          ...["bearer_token", "username", "password"].filter((a) => isSet(p.attrs[a])).map((a) => `${at}: ${a} is set`),
          ...Object.keys(headers)
            .filter((h) => h.toLowerCase() === "authorization")
            .map(() => `${at}: headers carry an Authorization header`),
          ...(oauth
            ? [
                credentialProblem(ctx, `${at}: oauth_client_credentials.oauth_client_id`, oauth.oauth_client_id),
                credentialProblem(ctx, `${at}: oauth_client_credentials.oauth_client_secret`, oauth.oauth_client_secret),
              ]
            : [`${at}: has no oauth_client_credentials`]),
        ];
      }),
    );
  },
};

const cleanRoomProtected: ResourceRule = {
  id: "REST-CLEAN-ROOM-PREVENT-DESTROY",
  pack: "rest",
  scope: "resource",
  severity: "high",
  title: "Clean rooms created through the REST provider have lifecycle.prevent_destroy in protected environments",
  rationale:
    "Deleting a clean room removes it from the metastore and leaves it DELETED, usable by no one, for every collaborator; a replacement forced by a changed collaborator list does the same",
  anchors: [
    terraform("lifecycle meta-argument: prevent_destroy", "https://developer.hashicorp.com/terraform/language/meta-arguments/lifecycle"),
    databricks("Clean Rooms API: delete a clean room"),
  ],
  appliesTo: [REST_CLEAN_ROOMS],
  appliesWhen: "protectData is on",
  fix: "set lifecycle { prevent_destroy = true } (CleanRoom's protect prop, on by default)",
  notes:
    "The rule of DATA-PREVENT-DESTROY, for a generic type: restapi_object has no prebuilt provider package for the catalogue to declare it data-holding by, so the pack checks its clean rooms itself.",
  check: (block, ctx) =>
    whenProtected(ctx.settings.protectData, () => {
      const problem = mustBeTrue("lifecycle.prevent_destroy", blockOf(block.attrs.lifecycle)?.prevent_destroy);
      return problem === undefined ? PASS : fail(problem);
    }),
};

/** The REST provider pack (the generic REST provider: Mastercard/restapi). */
export const REST_PACK: RulePack = {
  name: "rest",
  description: "Objects managed through the generic REST provider (Clean Rooms, the Marketplace)",
  rules: [oauthM2m, cleanRoomProtected],
};
