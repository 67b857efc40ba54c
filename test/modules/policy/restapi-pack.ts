/**
 * A provider's pack as a later layer would add it, for tests only: the generic REST provider's `restapi_object`
 * is a clean room or a marketplace listing depending on its `path`. The pack declares clean rooms data-holding
 * (so DATA-PREVENT-DESTROY protects them) with a cascading-delete flag (`force_destroy`, made up for the test), and
 * brings one rule, rolling out as a warning.
 */
import { RULE_PACKS } from "../../../modules/policy/catalog";
import { BlockMatcher } from "../../../modules/policy/matcher";
import { PolicyCatalog, RulePack } from "../../../modules/policy/pack";
import { fail, PASS, ResourceRule } from "../../../modules/policy/rule";
import { isSet } from "../../../modules/policy/values";

/** Clean rooms created through the REST provider. */
export const CLEAN_ROOMS: BlockMatcher = { type: "restapi_object", where: { path: /^\/api\/2\.0\/clean-rooms(\/|$)/ }, description: "clean rooms" };

const cleanRoomBody: ResourceRule = {
  id: "RESTAPI-CLEAN-ROOM-BODY",
  pack: "restapi",
  scope: "resource",
  severity: "medium",
  title: "Clean rooms created through the REST provider send a request body",
  rationale: "A clean room without a body is created with the API's defaults, which nobody reviewed",
  anchors: [{ source: "Databricks", id: "Clean Rooms API: create" }],
  appliesTo: [CLEAN_ROOMS],
  fix: "set data to the clean room's JSON definition",
  rollout: "warn",
  check: (block) => (isSet(block.attrs.data) ? PASS : fail("data is not set")),
};

/** The pack: rules plus what it declares about `restapi_object`. */
export const RESTAPI_PACK: RulePack = {
  name: "restapi",
  description: "Databricks objects created through the generic REST provider",
  rules: [cleanRoomBody],
  dataHolding: [CLEAN_ROOMS],
  cascadingDelete: [{ match: CLEAN_ROOMS, attribute: "force_destroy" }],
};

/** The shipped packs and the REST provider's pack. */
export const CATALOG_WITH_RESTAPI = new PolicyCatalog([...RULE_PACKS, RESTAPI_PACK]);
