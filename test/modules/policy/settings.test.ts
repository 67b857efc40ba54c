import { GuardrailSettings, resolveGuardrailSettings } from "../../../modules/policy/settings";
import { STRICT_SETTINGS } from "./fixtures";

describe("resolveGuardrailSettings", () => {
  it("fills in the defaults of the optional settings", () => {
    expect(resolveGuardrailSettings(STRICT_SETTINGS)).toEqual({
      ...STRICT_SETTINGS,
      maxTokenLifetimeDays: 90,
      auditLogDeliveryExists: false,
      requireHardenedWorkspace: false,
      awsAccountIds: [],
    });
  });

  it("names every invalid field, its value and what is allowed, in one error", () => {
    const bad = {
      ...STRICT_SETTINGS,
      protectData: "yes",
      requiredTags: ["Project", "", "Project"],
      maxTokenLifetimeDays: 0,
      awsAccountIds: ["12345"],
    } as unknown as GuardrailSettings;
    expect(() => resolveGuardrailSettings(bad)).toThrow(
      [
        "guardrail settings are invalid:",
        '  protectData: "yes" is not a boolean; set true or false',
        '  requiredTags[1]: "" is not a tag key; give a non-empty string',
        '  requiredTags[2]: "Project" is listed twice; list each key once',
        "  maxTokenLifetimeDays: 0 is not allowed; give a whole number of days from 1 to 730",
        '  awsAccountIds[0]: "12345" is not an AWS account id; give 12 digits',
      ].join("\n"),
    );
  });
});
