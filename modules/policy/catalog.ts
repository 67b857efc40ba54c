/**
 * The registered rule packs, in the order the report and the docs show them. A new provider's pack (its
 * rules and what it declares about its types, see pack.ts) is registered here, and nowhere else.
 */
import { PolicyCatalog, RulePack } from "./pack";
import { PolicyRule } from "./rule";
import { DATA_PROTECTION_PACK } from "./rules/data-protection";
import { DATABASES_PACK } from "./rules/databases";
import { DATABRICKS_PACK } from "./rules/databricks";
import { ETL_PACK } from "./rules/etl";
import { IAM_PACK } from "./rules/iam";
import { KMS_PACK } from "./rules/kms";
import { NETWORK_PACK } from "./rules/network";
import { REFERENCES_PACK } from "./rules/references";
import { REST_PACK } from "./rules/rest";
import { S3_PACK } from "./rules/s3";
import { SECRETS_PACK } from "./rules/secrets";
import { STATE_PACK } from "./rules/state";
import { STREAMS_PACK } from "./rules/streams";
import { TAGS_PACK } from "./rules/tags";

/** Every registered rule pack. */
export const RULE_PACKS: readonly RulePack[] = [
  S3_PACK,
  KMS_PACK,
  IAM_PACK,
  NETWORK_PACK,
  STREAMS_PACK,
  DATABASES_PACK,
  ETL_PACK,
  DATABRICKS_PACK,
  REST_PACK,
  SECRETS_PACK,
  DATA_PROTECTION_PACK,
  STATE_PACK,
  TAGS_PACK,
  REFERENCES_PACK,
];

/** The catalogue the guardrails run: every registered pack, validated, with their declarations combined. */
export const POLICY_CATALOG = new PolicyCatalog(RULE_PACKS);

/** Every rule, pack by pack, each with its effective rollout. */
export const ALL_RULES: readonly PolicyRule[] = POLICY_CATALOG.rules;

/** The rule with this id, if there is one. */
export function findRule(id: string): PolicyRule | undefined {
  return POLICY_CATALOG.findRule(id);
}
