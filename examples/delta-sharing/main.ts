/**
 * A Delta Sharing-only app for a team that only shares data: its own stack, on a workspace another team deployed with
 * databricks-lakehouse-aws, built from the package the way an outside team uses it (the package name and its entry
 * points, never a path into its source).
 *
 * The workspace URL comes from the deployed workspace layer's outputs, read from its remote state through the same
 * typed contract the layer publishes (`WorkspaceOutputs`). The app shares two gold tables with a partner on another
 * Databricks account (by sharing identifier) and with one outside Databricks (open sharing: a token recipient limited to
 * its addresses, whose token expires).
 */
import { DatabricksProvider } from "@cdktf/provider-databricks/lib/provider";
import { TimeProvider } from "@cdktf/provider-time/lib/provider";
import { App, TerraformOutput, TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import { WorkspaceOutputs } from "databricks-lakehouse-aws/contracts";
import { DeltaShare, ShareRecipient } from "databricks-lakehouse-aws/databricks/sharing";

/** Where the lakehouse's state is, and what to share with whom. */
interface SharingConfig {
  readonly stateBucket: string;
  readonly stateRegion: string;
  /** The environment of the lakehouse whose workspace shares (its state keys are `<environment>/<layer>.tfstate`). */
  readonly environment: string;
  readonly partnerMetastoreId: string;
  readonly openRecipientCidrs: readonly string[];
}

class SharingStack extends TerraformStack {
  constructor(scope: Construct, id: string, config: SharingConfig) {
    super(scope, id);
    const lakehouse = WorkspaceOutputs.fromRemoteState(this, "lakehouse-workspace", {
      bucket: config.stateBucket,
      key: `${config.environment}/workspace.tfstate`,
      region: config.stateRegion,
    });
    const workspace = new DatabricksProvider(this, "databricks-workspace", { host: lakehouse.workspaceUrl });
    new TimeProvider(this, "time");

    const share = new DeltaShare(this, "PartnerMetrics", {
      provider: workspace,
      name: "partner_metrics",
      objects: [
        { name: "acme_prod_sales.gold.daily_revenue", type: "TABLE", historySharing: true },
        { name: "acme_prod_sales.gold.top_products", type: "TABLE", sharedAs: "metrics.top_products" },
      ],
    });
    const partner = new ShareRecipient(this, "Northwind", {
      provider: workspace,
      name: "northwind",
      authentication: { kind: "databricks", globalMetastoreId: config.partnerMetastoreId },
    });
    const open = new ShareRecipient(this, "Contoso", {
      provider: workspace,
      name: "contoso",
      authentication: { kind: "token", allowedIpAddresses: config.openRecipientCidrs, tokenLifetimeDays: 90 },
    });
    share.grantSelect([partner, open]);

    new TerraformOutput(this, "share_name", { value: share.shareName });
    // A credential: the partner downloads its token once through this link.
    new TerraformOutput(this, "contoso_activation_url", { value: open.activationUrl ?? "", sensitive: true });
  }
}

const app = new App();
new SharingStack(app, "sharing", {
  stateBucket: "acme-terraform-state",
  stateRegion: "us-west-2",
  environment: "prod",
  partnerMetastoreId: "aws:us-west-2:11111111-2222-3333-4444-555555555555",
  openRecipientCidrs: ["203.0.113.0/24"],
});
app.synth();
