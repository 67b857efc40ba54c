import { readdirSync, readFileSync } from "fs";
import { join } from "path";
import { ALL_RULES, findRule, POLICY_CATALOG, RULE_PACKS } from "../../../modules/policy/catalog";
import { patternOf } from "../../../modules/policy/matcher";
import { attributeNames } from "../../../modules/policy/provider-schema";

const RULES_DIR = join(__dirname, "..", "..", "..", "modules", "policy", "rules");
const RULE_TESTS_DIR = join(__dirname, "rules");

describe("the rule catalogue", () => {
  it("gives every rule a unique upper-case id", () => {
    const ids = ALL_RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) {
      expect(id).toMatch(/^[A-Z0-9]+(-[A-Z0-9]+)+$/);
    }
  });

  it("documents every rule: title, rationale, fix and at least one anchor, each on one line", () => {
    for (const rule of ALL_RULES) {
      for (const text of [rule.title, rule.rationale, rule.fix]) {
        expect(text.length).toBeGreaterThan(10);
        expect(text).not.toMatch(/\n|\.$/);
      }
      expect(rule.anchors.length).toBeGreaterThan(0);
    }
  });

  it("keeps one file per pack under modules/policy/rules, each rule in its own pack", () => {
    const packFiles = readdirSync(RULES_DIR).filter((f) => !["anchors.ts", "common.ts"].includes(f));
    expect(packFiles.sort()).toEqual(RULE_PACKS.map((p) => `${p.name}.ts`).sort());
    for (const pack of RULE_PACKS) {
      expect(pack.rules.every((r) => r.pack === pack.name)).toBe(true);
    }
  });

  it("has a failing fixture, and a passing or not-applicable one, for every rule in the rule tests", () => {
    const tests = readdirSync(RULE_TESTS_DIR)
      .map((f) => readFileSync(join(RULE_TESTS_DIR, f), "utf8"))
      .join("\n");
    for (const rule of ALL_RULES) {
      const block = tests.split(/describeRule\(\{/).find((b) => b.includes(`rule: "${rule.id}"`));
      expect({ rule: rule.id, declared: block !== undefined }).toEqual({ rule: rule.id, declared: true });
      expect(block).toMatch(/fails: \[\s*\{/);
      expect(block).toMatch(/(passes|skips): \[\s*\{/);
    }
  });

  it("enforces every shipped rule: a rule rolling out as a warning is a deliberate, temporary choice", () => {
    expect(ALL_RULES.filter((r) => r.rollout !== "enforce").map((r) => r.id)).toEqual([]);
  });

  it("declares only types the declared provider packages know, with the attribute each cascading delete names", () => {
    const { dataHolding, cascadingDelete, providerPackages } = POLICY_CATALOG.declarations;
    const unknown = [...dataHolding, ...cascadingDelete]
      .map((d) => patternOf(d.match).type)
      .filter((type) => attributeNames("resource", type, providerPackages) === undefined);
    expect(unknown).toEqual([]);
    const missing = cascadingDelete.filter((c) => !attributeNames("resource", patternOf(c.match).type, providerPackages)?.has(c.attribute));
    expect(missing).toEqual([]);
  });

  it("finds rules by id", () => {
    expect(findRule("S3-TLS-ONLY")?.pack).toBe("s3");
    expect(findRule("NOPE")).toBeUndefined();
  });
});
