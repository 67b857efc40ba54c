/**
 * Delta Sharing recipients from config, and the grants of each share to its recipients. A token recipient always has
 * the partner's IP access list and an expiring token (validation refuses one without; the guardrails check the
 * synthesized recipient again).
 */
import type { DeltaShare } from "../../modules/databricks/sharing/delta-share";
import { ShareRecipient } from "../../modules/databricks/sharing/share-recipient";
import type { CollaborationContext } from "./context";

/** One recipient per `collaboration.recipients` entry, by key. */
export function createRecipients(ctx: CollaborationContext): Record<string, ShareRecipient> {
  return Object.fromEntries(
    ctx.collaboration.recipients.map((r) => [
      r.name,
      new ShareRecipient(ctx.stack, `Recipient-${r.name}`, {
        provider: ctx.workspaceProvider,
        name: ctx.stack.naming.unityCatalog(r.name),
        owner: ctx.owner,
        comment: r.comment,
        authentication:
          r.kind === "databricks"
            ? { kind: "databricks", globalMetastoreId: r.globalMetastoreId }
            : // Validation guarantees both (collaboration rules); the construct refuses them missing as well.
              { kind: "token", allowedIpAddresses: r.ipAccessList ?? [], tokenLifetimeDays: r.tokenLifetimeDays ?? 0 },
      }),
    ]),
  );
}

/** SELECT on each share for the recipients that list it: one authoritative grants resource per share with any. */
export function grantShares(ctx: CollaborationContext, shares: Record<string, DeltaShare>, recipients: Record<string, ShareRecipient>): void {
  for (const [key, share] of Object.entries(shares)) {
    const readers = ctx.collaboration.recipients.filter((r) => r.shares.includes(key)).map((r) => recipients[r.name]);
    if (readers.length > 0) share.grantSelect(readers);
  }
}
