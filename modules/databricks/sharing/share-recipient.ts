/**
 * A Delta Sharing recipient: another Databricks metastore (Databricks-to-Databricks), or an open-sharing client that
 * authenticates with a bearer token from an activation link.
 *
 * Arguments checked against databricks provider 1.99.0 (`docs/resources/recipient.md`; `expiration_time` is in the
 * typings, lib/recipient, and in the API's RecipientInfo: "expiration timestamp of the token, in epoch milliseconds").
 */
import { Recipient } from "@cdktf/provider-databricks/lib/recipient";
import { Offset } from "@cdktf/provider-time/lib/offset";
import { Op, Token, type ITerraformDependable, type TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import { parseCidr } from "../../core/cidr";
import { throwIfInvalidProps } from "../../core/validation";

/** A recipient in another Unity Catalog metastore, identified by its global metastore id (`aws:<region>:<uuid>`). */
export interface DatabricksRecipientAuth {
  /** Databricks-to-Databricks sharing (`authentication_type` DATABRICKS). */
  readonly kind: "databricks";
  /** The partner's sharing identifier, `<cloud>:<region>:<metastore uuid>`. */
  readonly globalMetastoreId: string;
}

/** An open-sharing recipient: a token, restricted to the partner's addresses and expiring. */
export interface TokenRecipientAuth {
  /** Open sharing with a bearer token (`authentication_type` TOKEN). */
  readonly kind: "token";
  /** The partner's egress addresses, in CIDR notation (1 to 100). */
  readonly allowedIpAddresses: readonly string[];
  /** Days the token is valid, counted from the recipient's creation (a `time_offset` in state). 1 to 365. */
  readonly tokenLifetimeDays: number;
}

/** Props of {@link ShareRecipient}. */
export interface ShareRecipientProps {
  /** The workspace-level Databricks provider. */
  readonly provider: TerraformProvider;
  /** The recipient's name (changing it replaces the recipient, and its token). */
  readonly name: string;
  /** How the recipient authenticates (changing the kind replaces the recipient). */
  readonly authentication: DatabricksRecipientAuth | TokenRecipientAuth;
  /** Owner (group display name or service principal application id). @default - the identity that applies Terraform */
  readonly owner?: string;
  /** @default - none */
  readonly comment?: string;
  /** Recipient properties (`properties_kvpairs`), usable in partition filters; `databricks.*` is reserved. @default - none */
  readonly properties?: Readonly<Record<string, string>>;
  /** @default - none */
  readonly dependsOn?: ITerraformDependable[];
}

const GLOBAL_METASTORE_ID = /^(aws|azure|gcp):[a-z0-9-]+:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * A `databricks_recipient`. A token recipient always has an IP access list and an expiring token; its activation
 * link is {@link ShareRecipient.activationUrl}, which is a credential: publish it only as a sensitive output.
 *
 * @see https://docs.databricks.com/aws/en/delta-sharing/create-recipient
 * @example
 * const partner = new ShareRecipient(this, "Partner", {
 *   provider: workspace,
 *   name: "northwind",
 *   authentication: { kind: "token", allowedIpAddresses: ["203.0.113.0/24"], tokenLifetimeDays: 90 },
 * });
 */
export class ShareRecipient extends Construct {
  /** The `databricks_recipient`. */
  public readonly recipient: Recipient;
  /** The recipient's name: what share grants name. */
  public readonly recipientName: string;
  /** When the token expires (a token recipient's), from the offset kept in state. */
  public readonly tokenExpiry?: Offset;
  private readonly kind: "databricks" | "token";

  constructor(scope: Construct, id: string, props: ShareRecipientProps) {
    super(scope, id);
    throwIfInvalidProps(this, recipientProblems(props));
    const auth = props.authentication;
    this.kind = auth.kind;
    const common = {
      provider: props.provider,
      name: props.name,
      owner: props.owner,
      comment: props.comment,
      dependsOn: props.dependsOn,
      ...(props.properties ? { propertiesKvpairs: { properties: { ...props.properties } } } : {}),
    };
    if (auth.kind === "databricks") {
      this.recipient = new Recipient(this, "Recipient", {
        ...common,
        authenticationType: "DATABRICKS",
        dataRecipientGlobalMetastoreId: auth.globalMetastoreId,
      });
    } else {
      // The lifetime is fixed once, at creation: the offset's timestamp stays in state, so plans are stable; replace
      // the offset (terraform apply -replace) to issue a later expiry.
      this.tokenExpiry = new Offset(this, "TokenExpiry", { offsetDays: auth.tokenLifetimeDays, triggers: { recipient: props.name } });
      this.recipient = new Recipient(this, "Recipient", {
        ...common,
        authenticationType: "TOKEN",
        ipAccessList: { allowedIpAddresses: [...auth.allowedIpAddresses] },
        expirationTime: Token.asNumber(Op.mul(this.tokenExpiry.unix, 1000)),
      });
    }
    this.recipientName = this.recipient.name;
  }

  /** The link the partner opens once to download its credential file: a token recipient's only. Sensitive. */
  public get activationUrl(): string | undefined {
    return this.kind === "token" ? this.recipient.tokens.get(0).activationUrl : undefined;
  }
}

function recipientProblems(props: ShareRecipientProps): string[] {
  const problems: string[] = [];
  if (!Token.isUnresolved(props.name) && !/^[A-Za-z0-9_-]{1,255}$/.test(props.name))
    problems.push(`name: "${props.name}" is not allowed; use letters, digits, underscores and hyphens`);
  const reserved = Object.keys(props.properties ?? {}).filter((k) => k.startsWith("databricks."));
  if (reserved.length > 0) problems.push(`properties: ${reserved.join(", ")} are reserved by Databricks; choose other keys`);
  const auth = props.authentication;
  if (auth.kind === "databricks") {
    if (!Token.isUnresolved(auth.globalMetastoreId) && !GLOBAL_METASTORE_ID.test(auth.globalMetastoreId))
      problems.push(
        `authentication.globalMetastoreId: "${auth.globalMetastoreId}" is not a sharing identifier; use <cloud>:<region>:<metastore uuid>, which the partner reads with SELECT CURRENT_METASTORE()`,
      );
  } else {
    const ips = auth.allowedIpAddresses;
    if (ips.length === 0 || ips.length > 100)
      problems.push(`authentication.allowedIpAddresses: ${ips.length} addresses; a token recipient needs 1 to 100 (the partner's egress CIDRs)`);
    for (const ip of ips) {
      const parsed = parseCidr(ip);
      if (typeof parsed === "string") problems.push(`authentication.allowedIpAddresses: ${parsed}`);
    }
    if (ips.some((ip) => ip.endsWith("/0")))
      problems.push("authentication.allowedIpAddresses: a /0 block admits everyone; list the partner's addresses");
    const days = auth.tokenLifetimeDays;
    if (!Number.isInteger(days) || days < 1 || days > 365) problems.push(`authentication.tokenLifetimeDays: ${days} is not allowed; use 1 to 365`);
  }
  return problems;
}
