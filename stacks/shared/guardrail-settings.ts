/**
 * What the guardrails require of an environment's stacks, from its config: stages differ by data, so a stage is
 * held to PrivateLink or customer-managed keys because it is production or because its config turns them on.
 */
import type { EnvironmentConfig } from "../../environments";
import type { GuardrailSettings } from "../../modules/policy";
import { REQUIRED_TAG_KEYS } from "./layer-stack";

export function guardrailSettingsFor(config: EnvironmentConfig): GuardrailSettings {
  return {
    protectData: config.dataProtection,
    requiredTags: REQUIRED_TAG_KEYS,
    requirePrivateLink: config.production || config.network.privateLink.enabled,
    requireCustomerManagedKeys: config.production || config.encryption.customerManagedKeys,
    requireHardenedWorkspace: config.production,
    auditLogDeliveryExists: config.workspace.logDelivery.alreadyExists,
    awsAccountIds: [config.aws.accountId],
  };
}
