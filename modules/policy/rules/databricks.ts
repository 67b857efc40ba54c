/**
 * Databricks rules: the workspace's network and keys, compute that stops when idle, cluster policies,
 * token lifetimes, Delta Sharing recipients, AI Gateway on external models, audit log delivery, pipelines
 * in Unity Catalog on governed compute, jobs run by a service principal.
 */
import { isExpression, referencesIn } from "../expressions";
import { RulePack } from "../pack";
import { fail, PASS, ResourceRule, RuleContext, SKIP, StackRule, unresolved } from "../rule";
import { Block } from "../synth-model";
import { Outcome } from "../types";
import { blockOf, blocksOf, describeValue, isSet, isTrue, numberOf, show, stringsOf } from "../values";
import { HARDENED_WORKSPACE_CONF, IP_ACCESS_LISTS_KEY } from "../../databricks/workspace/hardened-settings";
import { databricks, sra } from "./anchors";
import { allProblems, firstUnresolved } from "./common";

function isServerless(workspace: Block): boolean {
  return workspace.attrs.compute_mode === "SERVERLESS";
}

/** The block in this stack that a reference-valued attribute points to, if it is of `type`. */
function referencedBlock(ctx: RuleContext, value: unknown, type: string): Block | undefined {
  if (typeof value !== "string") {
    return undefined;
  }
  const ref = referencesIn(value).find((r) => r.root === type && r.traversal.length > 0);
  return ref ? ctx.model.find(`${type}.${ref.traversal[0]}`) : undefined;
}

const customerManagedVpc: ResourceRule = {
  id: "DBX-CUSTOMER-MANAGED-VPC",
  pack: "databricks",
  scope: "resource",
  severity: "high",
  title: "Every classic-compute workspace runs in a customer-managed VPC",
  rationale: "Only a customer-managed VPC lets us control subnets, security groups, endpoints and egress of the compute plane",
  anchors: [sra("customer-managed VPC: databricks_mws_networks"), databricks("Configure a customer-managed VPC")],
  appliesTo: ["databricks_mws_workspaces"],
  fix: "register the VPC with databricks_mws_networks and set network_id to its network_id",
  notes: "Serverless workspaces (compute_mode = SERVERLESS) have no classic compute plane and are skipped.",
  check: (workspace) => {
    if (isServerless(workspace)) {
      return SKIP;
    }
    return isSet(workspace.attrs.network_id) ? PASS : fail("network_id is not set, so Databricks creates and manages the VPC");
  },
};

const privateLink: ResourceRule = {
  id: "DBX-PRIVATELINK",
  pack: "databricks",
  scope: "resource",
  severity: "high",
  title: "Workspaces use PrivateLink where the environment requires it",
  rationale: "PrivateLink keeps the compute plane's REST and relay traffic to the control plane off the internet",
  anchors: [
    sra("PrivateLink: databricks_mws_vpc_endpoint, databricks_mws_private_access_settings"),
    databricks("Enable private connectivity using AWS PrivateLink"),
  ],
  appliesTo: ["databricks_mws_workspaces"],
  appliesWhen: "requirePrivateLink is on",
  fix: "set private_access_settings_id, and register the REST API and relay endpoints in the network's vpc_endpoints",
  check: (workspace, ctx) => {
    if (!ctx.settings.requirePrivateLink) {
      return SKIP;
    }
    const pas = isSet(workspace.attrs.private_access_settings_id) ? undefined : "private_access_settings_id is not set";
    return allProblems([pas, isServerless(workspace) ? undefined : networkEndpointsProblem(workspace, ctx)]);
  },
};

function networkEndpointsProblem(workspace: Block, ctx: RuleContext): string | undefined {
  const networkId = workspace.attrs.network_id;
  if (!isSet(networkId)) {
    return "network_id is not set, so there is no network to carry the endpoints";
  }
  const network = referencedBlock(ctx, networkId, "databricks_mws_networks");
  if (!network) {
    return `network_id ${show(networkId)} is not a databricks_mws_networks in this stack, so its endpoints cannot be checked`;
  }
  const endpoints = blockOf(network.attrs.vpc_endpoints);
  const missing = ["rest_api", "dataplane_relay"].filter((k) => !isSet(endpoints?.[k]));
  return missing.length === 0 ? undefined : `network ${network.address} has no ${missing.join(" or ")} VPC endpoint`;
}

const customerManagedKeys: ResourceRule = {
  id: "DBX-CUSTOMER-MANAGED-KEYS",
  pack: "databricks",
  scope: "resource",
  severity: "high",
  title: "Workspaces use customer-managed keys where the environment requires them",
  rationale:
    "Our keys encrypt notebooks, secrets and queries (managed services) and the root bucket and cluster volumes (storage); revoking them cuts off access",
  anchors: [
    sra("customer-managed keys: databricks_mws_customer_managed_keys for MANAGED_SERVICES and STORAGE"),
    databricks("Customer-managed keys for encryption"),
  ],
  appliesTo: ["databricks_mws_workspaces"],
  appliesWhen: "requireCustomerManagedKeys is on",
  fix: "register the keys with databricks_mws_customer_managed_keys and set managed_services_customer_managed_key_id and storage_customer_managed_key_id",
  notes: "Serverless workspaces need only the managed-services key.",
  check: (workspace, ctx) => {
    if (!ctx.settings.requireCustomerManagedKeys) {
      return SKIP;
    }
    const wanted: [string, string][] = [["managed_services_customer_managed_key_id", "MANAGED_SERVICES"]];
    if (!isServerless(workspace)) {
      wanted.push(["storage_customer_managed_key_id", "STORAGE"]);
    }
    return allProblems(wanted.map(([attr, useCase]) => keyProblem(ctx, workspace.attrs[attr], attr, useCase)));
  },
};

function keyProblem(ctx: RuleContext, value: unknown, attribute: string, useCase: string): string | undefined {
  if (!isSet(value)) {
    return `${attribute} is not set`;
  }
  const key = referencedBlock(ctx, value, "databricks_mws_customer_managed_keys");
  const useCases = key ? stringsOf(key.attrs.use_cases) : [useCase];
  return useCases.includes(useCase) ? undefined : `${attribute} names ${key?.address} whose use_cases lack ${useCase}`;
}

/** Attributes that take a Databricks account object's own id, and the attribute that holds it. */
const ID_ATTRIBUTES: Readonly<Record<string, readonly [type: string, attribute: string]>> = {
  credentials_id: ["databricks_mws_credentials", "credentials_id"],
  storage_configuration_id: ["databricks_mws_storage_configurations", "storage_configuration_id"],
  network_id: ["databricks_mws_networks", "network_id"],
  private_access_settings_id: ["databricks_mws_private_access_settings", "private_access_settings_id"],
  managed_services_customer_managed_key_id: ["databricks_mws_customer_managed_keys", "customer_managed_key_id"],
  storage_customer_managed_key_id: ["databricks_mws_customer_managed_keys", "customer_managed_key_id"],
  customer_managed_key_id: ["databricks_mws_customer_managed_keys", "customer_managed_key_id"],
  network_connectivity_config_id: ["databricks_mws_network_connectivity_config", "network_connectivity_config_id"],
  allowed_vpc_endpoint_ids: ["databricks_mws_vpc_endpoint", "vpc_endpoint_id"],
  "vpc_endpoints.rest_api": ["databricks_mws_vpc_endpoint", "vpc_endpoint_id"],
  "vpc_endpoints.dataplane_relay": ["databricks_mws_vpc_endpoint", "vpc_endpoint_id"],
};

const idAttributes: ResourceRule = {
  id: "DBX-MWS-ID-ATTRIBUTES",
  pack: "databricks",
  scope: "resource",
  severity: "high",
  title: "Account-level references use the object's own id attribute, not its composite id",
  rationale:
    "The id of databricks_mws_* resources is account_id/object_id; passing it where an object id is expected fails at apply (e.g. Invalid customerManagedKeyId)",
  anchors: [databricks("terraform-provider-databricks issue 3303: composite ids of databricks_mws_* resources")],
  appliesTo: [
    "databricks_mws_workspaces",
    "databricks_mws_networks",
    "databricks_mws_log_delivery",
    "databricks_mws_private_access_settings",
    "databricks_mws_ncc_binding",
  ],
  fix: "reference the dedicated attribute (credentials_id, storage_configuration_id, network_id, private_access_settings_id, customer_managed_key_id, vpc_endpoint_id) instead of .id",
  check: (block) =>
    allProblems(
      Object.entries(ID_ATTRIBUTES).flatMap(([path, [type, attribute]]) =>
        stringsOf(valueAt(block.attrs, path)).flatMap((value) =>
          referencesIn(value)
            .filter((r) => r.root === type && r.traversal.length > 1 && r.traversal[1] !== attribute)
            .map((r) => `${path} uses ${r.text}, not .${attribute}`),
        ),
      ),
    ),
};

function valueAt(attrs: Readonly<Record<string, unknown>>, path: string): unknown {
  const [head, tail] = path.split(".");
  return tail === undefined ? attrs[head] : blocksOf(attrs[head]).flatMap((b) => stringsOf(b[tail]));
}

const warehouseAutoStop: ResourceRule = {
  id: "DBX-WAREHOUSE-AUTO-STOP",
  pack: "databricks",
  scope: "resource",
  severity: "medium",
  title: "SQL warehouses stop when idle",
  rationale: "An idle warehouse that never stops keeps compute (and its access to data) running for nothing",
  anchors: [databricks("SQL warehouse auto_stop_mins")],
  appliesTo: ["databricks_sql_endpoint"],
  fix: "set auto_stop_mins to a positive number of minutes (or leave it unset)",
  notes: "Unset passes: the provider default is 120 minutes; 0 disables auto-stop.",
  check: (warehouse) => positiveOrUnset("auto_stop_mins", warehouse.attrs.auto_stop_mins),
};

const clusterAutoTermination: ResourceRule = {
  id: "DBX-CLUSTER-AUTO-TERMINATION",
  pack: "databricks",
  scope: "resource",
  severity: "medium",
  title: "All-purpose clusters terminate when idle",
  rationale: "A cluster that never terminates keeps instances, credentials and cost running after its users have left",
  anchors: [sra("classic cluster: autotermination_minutes > 0"), databricks("Compute configuration: automatic termination")],
  appliesTo: ["databricks_cluster"],
  fix: "set autotermination_minutes to a positive number of minutes (or leave it unset)",
  notes: "Unset passes: the provider default is 60 minutes; 0 disables termination.",
  check: (cluster) => positiveOrUnset("autotermination_minutes", cluster.attrs.autotermination_minutes),
};

function positiveOrUnset(attribute: string, value: unknown): Outcome {
  if (value === undefined || value === null) {
    return PASS;
  }
  if (isExpression(value)) {
    return unresolved(attribute, value);
  }
  const minutes = numberOf(value);
  return minutes !== undefined && minutes > 0 ? PASS : fail(`${attribute} is ${show(value)}, which never stops`);
}

type PolicyElement = Record<string, unknown>;

const clusterPolicy: ResourceRule = {
  id: "DBX-CLUSTER-POLICY",
  pack: "databricks",
  scope: "resource",
  severity: "medium",
  title: "Cluster policies force auto-termination and the required tags",
  rationale:
    "Policies are how every user-created cluster inherits cost attribution and idle shutdown; a policy that leaves them open enforces nothing",
  anchors: [databricks("Compute policy definitions: fixed, range, allowlist elements, isOptional")],
  appliesTo: ["databricks_cluster_policy"],
  fix: 'add "autotermination_minutes": {"type": "range", "minValue": 10, "maxValue": 120} (or fixed > 0) and "custom_tags.<Tag>": {"type": "fixed", "value": ...} for each required tag',
  notes:
    "Required tags come from the requiredTags setting; with none, at least one forced custom_tags.* element is required. A policy family with no overrides cannot be checked and is a finding.",
  check: (policy, ctx) => {
    const raw = isSet(policy.attrs.definition) ? policy.attrs.definition : policy.attrs.policy_family_definition_overrides;
    if (!isSet(raw)) {
      return fail("the policy has no definition (or family overrides) to check");
    }
    const definition = parseDefinition(raw);
    if (!definition) {
      return fail(`the policy definition is not JSON that can be read at synth: ${show(raw)}`);
    }
    return allProblems([autoTerminationProblem(definition.autotermination_minutes), ...tagProblems(definition, ctx.settings.requiredTags)]);
  },
};

function parseDefinition(raw: unknown): Record<string, PolicyElement> | undefined {
  try {
    const parsed: unknown = typeof raw === "string" ? JSON.parse(raw) : undefined;
    return parsed !== null && typeof parsed === "object" ? (parsed as Record<string, PolicyElement>) : undefined;
  } catch {
    return undefined;
  }
}

function autoTerminationProblem(element: PolicyElement | undefined): string | undefined {
  if (!element) {
    return "the policy does not constrain autotermination_minutes";
  }
  const positive = (v: unknown) => (numberOf(v) ?? 0) > 0;
  switch (element.type) {
    case "fixed":
      return positive(element.value) ? undefined : `autotermination_minutes is fixed to ${show(element.value)}`;
    case "range":
      return positive(element.minValue) ? undefined : "autotermination_minutes range has no minValue above 0, so 0 (never) is allowed";
    case "allowlist":
      return Array.isArray(element.values) && element.values.length > 0 && element.values.every(positive)
        ? undefined
        : "autotermination_minutes allowlist includes 0 or is empty";
    default:
      return `autotermination_minutes is ${show(element.type)}, which allows 0 (never)`;
  }
}

function tagProblems(definition: Record<string, PolicyElement>, requiredTags: readonly string[]): string[] {
  if (requiredTags.length === 0) {
    const forced = Object.entries(definition).some(([k, e]) => k.startsWith("custom_tags.") && isForcedTag(e));
    return forced ? [] : ["the policy forces no custom_tags.* tag"];
  }
  return requiredTags
    .filter((tag) => !isForcedTag(definition[`custom_tags.${tag}`]))
    .map((tag) => `the policy does not force tag custom_tags.${tag}`);
}

function isForcedTag(element: PolicyElement | undefined): boolean {
  if (!element || element.type === "forbidden" || isTrue(element.isOptional)) {
    return false;
  }
  return element.type !== "unlimited" || element.isOptional === false;
}

const tokenLifetime: ResourceRule = {
  id: "DBX-TOKEN-LIFETIME",
  pack: "databricks",
  scope: "resource",
  severity: "high",
  title: "Personal access tokens have a limited lifetime",
  rationale: "A token without expiry is a password that outlives its owner's access; the workspace maximum bounds every token users create",
  anchors: [databricks("Monitor and manage personal access tokens: maxTokenLifetimeDays"), sra("workspace admin configuration")],
  appliesTo: ["databricks_workspace_conf", "databricks_token", "databricks_obo_token"],
  fix: "set custom_config.maxTokenLifetimeDays in databricks_workspace_conf (and lifetime_seconds on tokens) within the maxTokenLifetimeDays setting",
  notes:
    "A workspace conf with enableTokensConfig = false (tokens off) passes. When several databricks_workspace_conf resources exist, one of them setting the maximum is enough.",
  check: (block, ctx) => (block.type === "databricks_workspace_conf" ? workspaceConfOutcome(block, ctx) : tokenOutcome(block, ctx)),
};

function workspaceConfOutcome(conf: Block, ctx: RuleContext): Outcome {
  const max = ctx.settings.maxTokenLifetimeDays;
  const config = blockOf(conf.attrs.custom_config) ?? {};
  if (config.enableTokensConfig === false || config.enableTokensConfig === "false") {
    return PASS;
  }
  const value = config.maxTokenLifetimeDays;
  if (value === undefined) {
    const elsewhere = ctx.model
      .resources("databricks_workspace_conf")
      .some((c) => blockOf(c.attrs.custom_config)?.maxTokenLifetimeDays !== undefined);
    return elsewhere ? PASS : fail("custom_config.maxTokenLifetimeDays is not set, so tokens may never expire");
  }
  if (isExpression(value)) {
    return unresolved("custom_config.maxTokenLifetimeDays", value);
  }
  const days = numberOf(value);
  return days !== undefined && days >= 1 && days <= max ? PASS : fail(`maxTokenLifetimeDays is ${show(value)}, not between 1 and ${max}`);
}

function tokenOutcome(token: Block, ctx: RuleContext): Outcome {
  const maxSeconds = ctx.settings.maxTokenLifetimeDays * 86400;
  const value = token.attrs.lifetime_seconds;
  if (isExpression(value)) {
    return unresolved("lifetime_seconds", value);
  }
  const seconds = numberOf(value);
  if (seconds === undefined || seconds <= 0) {
    return fail("lifetime_seconds is not set, so the token never expires");
  }
  return seconds <= maxSeconds ? PASS : fail(`lifetime_seconds is ${seconds}, above ${maxSeconds} (${ctx.settings.maxTokenLifetimeDays} days)`);
}

const hardenedWorkspace: ResourceRule = {
  id: "DBX-WORKSPACE-HARDENED",
  pack: "databricks",
  scope: "resource",
  severity: "high",
  title: "Production workspaces keep the hardened admin settings",
  rationale:
    "Verbose audit logs, user isolation and no notebook export or result download are what make a workspace's data leave only through governed paths; an override in the workspace conf switches them off silently",
  anchors: [sra("customizations/workspace/admin_configuration"), databricks("Manage workspace settings: workspace_conf")],
  appliesTo: ["databricks_workspace_conf"],
  fix: "remove the override of the hardened key from the workspace conf (unityCatalog.workspaceSecurity.workspaceConf)",
  notes: "Applies where requireHardenedWorkspace is on (production). Checks the effective custom_config, after every override.",
  check: (block, ctx) => {
    if (!ctx.settings.requireHardenedWorkspace) return SKIP;
    const config = blockOf(block.attrs.custom_config) ?? {};
    const problems = Object.entries(HARDENED_WORKSPACE_CONF).flatMap(([key, hardened]) => {
      const value = config[key];
      if (isExpression(value)) return [`${key} is ${show(value)}, which cannot be read at synth`];
      return String(value) === hardened ? [] : [`${key} is ${value === undefined ? "not set" : show(value)}, not "${hardened}"`];
    });
    return problems.length === 0 ? PASS : fail(problems.join("; "));
  },
};

const ipAccessListsEnabled: ResourceRule = {
  id: "DBX-IP-ACCESS-LISTS-ENABLED",
  pack: "databricks",
  scope: "resource",
  severity: "high",
  title: "IP access lists that are configured are also enforced",
  rationale:
    "IP access lists protect a workspace reachable from the internet only while enableIpAccessLists is true; with it off the lists exist but admit everyone",
  anchors: [databricks("Configure IP access lists for workspaces: enableIpAccessLists")],
  appliesTo: ["databricks_workspace_conf"],
  fix: `set custom_config.${IP_ACCESS_LISTS_KEY} = "true" (remove any override that sets it to false)`,
  notes: "Applies to a workspace conf in a stack that has databricks_ip_access_list resources.",
  check: (block, ctx) => {
    if (ctx.model.resources("databricks_ip_access_list").length === 0) return SKIP;
    const value = (blockOf(block.attrs.custom_config) ?? {})[IP_ACCESS_LISTS_KEY];
    if (isExpression(value)) return unresolved(`custom_config.${IP_ACCESS_LISTS_KEY}`, value);
    return String(value) === "true"
      ? PASS
      : fail(`${IP_ACCESS_LISTS_KEY} is ${value === undefined ? "not set" : show(value)}, so the IP access lists are not enforced`);
  },
};

/** Runs `check` on a TOKEN (open sharing) recipient; skips Databricks-to-Databricks ones, which have no token. */
function tokenRecipientCheck(
  recipient: Parameters<ResourceRule["check"]>[0],
  check: () => ReturnType<ResourceRule["check"]>,
): ReturnType<ResourceRule["check"]> {
  const type = recipient.attrs.authentication_type;
  if (isExpression(type)) return unresolved("authentication_type", type);
  return type === "TOKEN" ? check() : SKIP;
}

const recipientIpAccess: ResourceRule = {
  id: "DBX-RECIPIENT-IP-ACCESS",
  pack: "databricks",
  scope: "resource",
  severity: "high",
  title: "Delta Sharing token recipients are restricted by an IP access list",
  rationale: "A bearer-token recipient can be used from anywhere by whoever holds the activation link; an IP list limits it to the partner's network",
  anchors: [databricks("Delta Sharing: restrict recipient access using IP access lists")],
  appliesTo: ["databricks_recipient"],
  fix: "set ip_access_list { allowed_ip_addresses = [the partner's egress CIDRs] }, without a /0 block",
  notes:
    "Databricks-to-Databricks recipients (authentication_type DATABRICKS) authenticate by metastore id and are skipped. A list with a /0 block fails: it admits everyone.",
  check: (recipient) =>
    tokenRecipientCheck(recipient, () => {
      const list = blockOf(recipient.attrs.ip_access_list)?.allowed_ip_addresses;
      if (!isSet(list)) return fail("the TOKEN recipient has no ip_access_list.allowed_ip_addresses");
      // A /0 block admits every address: as good as no list.
      const open = Array.isArray(list) ? list.filter((cidr) => typeof cidr === "string" && cidr.endsWith("/0")) : [];
      return open.length > 0 ? fail(`the TOKEN recipient's ip_access_list admits everyone (${open.join(", ")})`) : PASS;
    }),
};

const recipientTokenExpiry: ResourceRule = {
  id: "DBX-RECIPIENT-TOKEN-EXPIRY",
  pack: "databricks",
  scope: "resource",
  severity: "high",
  title: "Delta Sharing token recipients have a token that expires",
  rationale: "A bearer token that never expires keeps working for whoever holds it long after the partnership or the partner's staff changes",
  anchors: [databricks("Delta Sharing: manage recipient tokens (open sharing): set expiration")],
  appliesTo: ["databricks_recipient"],
  fix: "set expiration_time (epoch milliseconds; ShareRecipient derives it from tokenLifetimeDays through a time_offset)",
  notes:
    "Any expression counts: the expiry is usually computed from a time_offset at apply. Databricks-to-Databricks recipients have no token and are skipped. The metastore's recipient token lifetime caps every token too.",
  check: (recipient) =>
    tokenRecipientCheck(recipient, () =>
      isSet(recipient.attrs.expiration_time) ? PASS : fail("the TOKEN recipient has no expiration_time, so its token never expires"),
    ),
};

const servingGateway: ResourceRule = {
  id: "DBX-SERVING-AI-GATEWAY",
  pack: "databricks",
  scope: "resource",
  severity: "medium",
  title: "Serving endpoints for external models track usage or limit rates through AI Gateway",
  rationale:
    "External models (Bedrock, OpenAI, ...) bill per token and see our prompts; usage tracking and rate limits make that visible and bounded",
  anchors: [databricks("Mosaic AI Gateway: usage tracking and rate limits"), sra("AI Gateway rate limits on serving endpoints")],
  appliesTo: ["databricks_model_serving"],
  fix: "add ai_gateway { usage_tracking_config { enabled = true } } and/or ai_gateway { rate_limits { ... } }",
  notes: "Endpoints that serve no external model are skipped.",
  check: (endpoint) => {
    if (isExpression(endpoint.attrs.config)) {
      return unresolved("config", endpoint.attrs.config);
    }
    const config = blockOf(endpoint.attrs.config);
    const external = blocksOf(config?.served_entities).some((e) => isSet(e.external_model));
    if (!external) {
      return SKIP;
    }
    const gateway = blockOf(endpoint.attrs.ai_gateway);
    const tracked = isTrue(blockOf(gateway?.usage_tracking_config)?.enabled);
    return tracked || isSet(gateway?.rate_limits)
      ? PASS
      : fail("the endpoint serves an external model without AI Gateway usage tracking or rate limits");
  },
};

const auditLogs: StackRule = {
  id: "DBX-AUDIT-LOG-DELIVERY",
  pack: "databricks",
  scope: "stack",
  severity: "high",
  title: "A stack that creates a workspace configures audit log delivery (or declares it exists)",
  rationale: "Audit logs are the record of who did what in the workspace and account; without delivery they are not kept",
  anchors: [sra("audit log delivery: databricks_mws_log_delivery AUDIT_LOGS"), databricks("Configure audit log delivery")],
  inspects: ["databricks_mws_workspaces", "databricks_mws_log_delivery"],
  fix: "add databricks_mws_log_delivery with log_type = AUDIT_LOGS and output_format = JSON, or set auditLogDeliveryExists if the account already has one",
  notes: "The account allows at most two enabled delivery configurations, hence the auditLogDeliveryExists setting.",
  check: (ctx) => {
    if (ctx.model.resources("databricks_mws_workspaces").length === 0) {
      return SKIP;
    }
    if (ctx.settings.auditLogDeliveryExists) {
      return PASS;
    }
    const enabled = ctx.model
      .resources("databricks_mws_log_delivery")
      .some((d) => d.attrs.log_type === "AUDIT_LOGS" && d.attrs.status !== "DISABLED");
    return enabled ? PASS : fail("the stack creates a workspace but no enabled databricks_mws_log_delivery with log_type AUDIT_LOGS");
  },
};

const crossAccountPolicy: ResourceRule = {
  id: "DBX-CROSSACCOUNT-POLICY-TYPE",
  pack: "databricks",
  scope: "resource",
  severity: "high",
  title: "The generated cross-account policy is the customer-managed-VPC kind",
  rationale:
    "policy_type managed (the default) lets Databricks create and delete VPCs, subnets, gateways and routes, which a customer-managed VPC never needs",
  anchors: [sra("cross-account role without VPC-creation actions"), databricks("Create a cross-account IAM role: policy for a customer-managed VPC")],
  appliesTo: ["data.databricks_aws_crossaccount_policy"],
  fix: 'set policy_type = "customer" (or "restricted" with aws_account_id, vpc_id, region and security_group_id)',
  check: (data) => {
    const type = data.attrs.policy_type;
    if (isExpression(type)) {
      return unresolved("policy_type", type);
    }
    return type === "customer" || type === "restricted"
      ? PASS
      : fail(`policy_type is ${type === undefined ? "not set (managed)" : describeValue(type)}, which grants VPC creation`);
  },
};

const pipelineUnityCatalog: ResourceRule = {
  id: "DBX-PIPELINE-UNITY-CATALOG",
  pack: "databricks",
  scope: "resource",
  severity: "high",
  title: "Pipelines publish to Unity Catalog and run serverless or on clusters bound to a cluster policy",
  rationale:
    "A pipeline with storage (or no catalog) publishes to the legacy Hive metastore, outside Unity Catalog's grants, audit and lineage; classic pipeline clusters without a policy escape the limits the workspace sets on compute",
  anchors: [
    databricks("Use Unity Catalog with pipelines"),
    databricks("Configure a serverless pipeline"),
    databricks("Configure classic compute for pipelines: select a compute policy (policy_id)"),
    databricks("Lakeflow Connect database connectors: the ingestion gateway runs on classic compute"),
  ],
  appliesTo: ["databricks_pipeline"],
  fix: "set catalog (and schema) and no storage; set serverless = true, or give every cluster block a policy_id (gateway pipelines: cluster blocks with policy_id)",
  notes:
    "Three kinds of pipeline. Declarative pipelines need catalog. Ingestion pipelines (ingestion_definition) cannot set catalog: each object names its Unity Catalog destination_catalog; without cluster blocks and with serverless unset they run on serverless compute, the managed connectors' default. Gateway pipelines (gateway_definition) stage into a Unity Catalog volume and run on classic compute in the workspace VPC, never serverless, so they need cluster blocks (without one Databricks picks a default cluster configuration no policy governs), each with a policy_id. storage fails for every kind.",
  check: (pipeline, ctx) => {
    const serverless = ctx.model.resolve(pipeline.attrs.serverless);
    const pending = firstUnresolved({ serverless, cluster: pipeline.attrs.cluster });
    return pending ?? allProblems([...pipelineCatalogProblems(pipeline), ...pipelineComputeProblems(pipeline, isTrue(serverless))]);
  },
};

function pipelineCatalogProblems(pipeline: Block): string[] {
  const { storage, catalog, ingestion_definition: ingestion, gateway_definition: gateway } = pipeline.attrs;
  const problems: string[] = [];
  if (isSet(storage)) {
    problems.push(`storage is ${show(storage)}, so the pipeline publishes to the legacy Hive metastore`);
  }
  if (!isSet(catalog) && !isSet(ingestion) && !isSet(gateway)) {
    problems.push("catalog is not set, so the pipeline publishes to the legacy Hive metastore");
  }
  return problems;
}

function pipelineComputeProblems(pipeline: Block, serverless: boolean): string[] {
  const gateway = isSet(pipeline.attrs.gateway_definition);
  if (serverless && !gateway) {
    return [];
  }
  const clusters = blocksOf(pipeline.attrs.cluster);
  if (clusters.length > 0) {
    return clusters
      .filter((c) => !isSet(c.policy_id))
      .map((c) => `cluster ${show(c.label ?? "default")} has no policy_id, so no cluster policy governs it`);
  }
  if (gateway) {
    return ["the gateway runs on classic compute and has no cluster block, so no cluster policy governs it"];
  }
  const managedServerless = isSet(pipeline.attrs.ingestion_definition) && pipeline.attrs.serverless === undefined;
  return managedServerless
    ? []
    : [
        `serverless is ${describeValue(pipeline.attrs.serverless)} and there is no cluster block, so the pipeline runs on a default cluster no policy governs`,
      ];
}

const jobRunAs: ResourceRule = {
  id: "DBX-JOB-RUN-AS",
  pack: "databricks",
  scope: "resource",
  severity: "medium",
  title: "Jobs run as a service principal",
  rationale:
    "A job runs with its run-as identity's data access; a person's identity breaks the job when they leave and lets it act with their rights, and an unset run_as runs as whoever applied Terraform",
  anchors: [
    databricks("Manage identities, permissions, and privileges for Databricks Jobs: Run as"),
    databricks("Service principals: run jobs as a service principal"),
  ],
  appliesTo: ["databricks_job"],
  fix: "set run_as { service_principal_name = <the service principal's application id> }",
  notes: "Unset fails: the job then runs as its creator, the identity that applies Terraform, which synth cannot see.",
  check: (job) => {
    const runAs = job.attrs.run_as;
    if (isExpression(runAs)) {
      return unresolved("run_as", runAs);
    }
    const block = blockOf(runAs);
    if (isSet(block?.user_name)) {
      return fail(`run_as.user_name is ${show(block?.user_name)}, so the job runs as a person`);
    }
    if (!block) {
      return fail("run_as is not set, so the job runs as whoever created it (the identity that applies Terraform)");
    }
    return isSet(block.service_principal_name) ? PASS : fail("run_as.service_principal_name is not set");
  },
};

/** The Databricks pack. */
export const DATABRICKS_PACK: RulePack = {
  name: "databricks",
  description: "Databricks workspace, compute, pipelines, jobs, tokens, sharing, serving and audit logs",
  rules: [
    customerManagedVpc,
    privateLink,
    customerManagedKeys,
    idAttributes,
    warehouseAutoStop,
    clusterAutoTermination,
    clusterPolicy,
    tokenLifetime,
    hardenedWorkspace,
    ipAccessListsEnabled,
    recipientIpAccess,
    recipientTokenExpiry,
    servingGateway,
    auditLogs,
    crossAccountPolicy,
    pipelineUnityCatalog,
    jobRunAs,
  ],
  dataHolding: [
    "databricks_mws_workspaces",
    "databricks_metastore",
    "databricks_catalog",
    "databricks_schema",
    "databricks_volume",
    "databricks_external_location",
    "databricks_storage_credential",
    "databricks_credential",
    "databricks_database_instance",
    // Deleting a Unity Catalog pipeline drops the tables it publishes (the pipelines API cascades by default).
    "databricks_pipeline",
  ],
  cascadingDelete: [
    { match: "databricks_metastore", attribute: "force_destroy" },
    { match: "databricks_catalog", attribute: "force_destroy" },
    { match: "databricks_schema", attribute: "force_destroy" },
    { match: "databricks_external_location", attribute: "force_destroy" },
    { match: "databricks_storage_credential", attribute: "force_destroy" },
    { match: "databricks_credential", attribute: "force_destroy" },
    { match: "databricks_database_instance", attribute: "purge_on_delete" },
  ],
};
