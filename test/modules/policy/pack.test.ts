import { PolicyCatalog, RulePack } from "../../../modules/policy/pack";
import { PASS, ResourceRule } from "../../../modules/policy/rule";
import { CLEAN_ROOMS, RESTAPI_PACK } from "./restapi-pack";

function rule(id: string, pack: string): ResourceRule {
  return {
    id,
    pack,
    scope: "resource",
    severity: "low",
    title: "test",
    rationale: "test",
    anchors: [],
    fix: "test",
    appliesTo: ["aws_s3_bucket"],
    check: () => PASS,
  };
}

function pack(name: string, rest: Partial<RulePack> = {}): RulePack {
  return { name, description: `the ${name} pack`, rules: [rule(`${name.toUpperCase()}-RULE`, name)], ...rest };
}

describe("PolicyCatalog", () => {
  it("combines what every pack declares, naming the pack that declared each entry", () => {
    const catalog = new PolicyCatalog([
      pack("storage", { dataHolding: ["aws_s3_bucket"], providerPackages: { aws: "@cdktf/provider-aws" } }),
      RESTAPI_PACK,
    ]);
    expect(catalog.declarations).toEqual({
      dataHolding: [
        { pack: "storage", match: "aws_s3_bucket" },
        { pack: "restapi", match: CLEAN_ROOMS },
      ],
      cascadingDelete: [{ pack: "restapi", match: CLEAN_ROOMS, attribute: "force_destroy" }],
      providerPackages: { aws: "@cdktf/provider-aws" },
    });
  });

  it("gives every rule its effective rollout: its own, else its pack's, else enforce", () => {
    const catalog = new PolicyCatalog([pack("a"), pack("b", { rollout: "warn" }), RESTAPI_PACK]);
    expect(catalog.rules.map((r) => [r.id, r.rollout])).toEqual([
      ["A-RULE", "enforce"],
      ["B-RULE", "warn"],
      ["RESTAPI-CLEAN-ROOM-BODY", "warn"],
    ]);
    expect(catalog.findRule("B-RULE")?.rollout).toBe("warn");
  });

  it("refuses duplicate packs and rules, a rule filed under another pack, and two packages for one provider, listing each", () => {
    const packs = [
      pack("a", { providerPackages: { aws: "@cdktf/provider-aws" } }),
      pack("a"),
      { ...pack("b", { providerPackages: { aws: "aws-fork" } }), rules: [rule("A-RULE", "a")] },
    ];
    expect(() => new PolicyCatalog(packs)).toThrow(
      [
        "the policy catalogue is invalid:",
        '  pack "a" is registered twice',
        "  rule A-RULE is registered twice",
        '  rule A-RULE says pack "a" but is in pack "b"',
        '  provider aws is @cdktf/provider-aws in pack "a" but aws-fork in pack "b"',
      ].join("\n"),
    );
  });
});
