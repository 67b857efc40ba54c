import { readFileSync } from "fs";
import { ALL_RULES } from "../../modules/policy/catalog";
import { POLICY_DOC_PATH, renderPolicyDoc } from "../../scripts/policy-docs";

describe("docs/policy.md", () => {
  const committed = readFileSync(POLICY_DOC_PATH, "utf8");

  it("is the generator's current output (run: npm run policy-docs)", () => {
    expect(committed).toBe(renderPolicyDoc());
  });

  it("documents every rule with its rationale and anchors", () => {
    for (const rule of ALL_RULES) {
      const section = committed.split(`### ${rule.id}\n`)[1]?.split("\n### ")[0] ?? "";
      expect(section).toContain(`**Why:** ${rule.rationale}.`);
      for (const anchor of rule.anchors) {
        expect(section).toContain(`${anchor.source} ${anchor.id}`);
      }
    }
  });

  it("explains how to suppress a rule", () => {
    expect(committed).toContain("## Suppressing a rule");
    expect(committed).toMatch(/suppressRule\(scratchBucket, "S3-NO-FORCE-DESTROY", "[^"]{10,}"\)/);
  });
});
