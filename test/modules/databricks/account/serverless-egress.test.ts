import { boundedName, ServerlessEgress, type ServerlessEgressProps } from "../../../../modules/databricks/account/serverless-egress";
import { synthesize, type SynthesizedStack } from "../../../synth-json";
import { DATABRICKS_ACCOUNT_ID, workspaceFixture } from "../workspace-fixture";

function build(overrides: Partial<ServerlessEgressProps> = {}): SynthesizedStack {
  const { stack, provider } = workspaceFixture();
  new ServerlessEgress(stack, "ServerlessEgress", {
    provider,
    databricksAccountId: DATABRICKS_ACCOUNT_ID,
    workspaceId: 1234,
    region: "us-east-1",
    nccName: "lakehouse-prod-ncc",
    networkPolicyId: "lakehouse-prod-serverless-egress",
    allowedDomains: ["pypi.org"],
    allowedStorage: [{ bucketName: "partner-drop", region: "us-east-1" }],
    privateEndpointRules: {
      kafka: { endpointService: "com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0", domainNames: ["kafka.internal.example.com"] },
      landing: { endpointService: "com.amazonaws.us-east-1.s3", resourceNames: ["lakehouse-prod-landing"] },
    },
    ...overrides,
  });
  return synthesize(stack);
}

describe("boundedName", () => {
  it("keeps a name that fits", () => {
    expect(boundedName("lakehouse-prod-serverless-egress", 32)).toBe("lakehouse-prod-serverless-egress");
  });

  it("shortens a long name to the limit with a stable hash that keeps distinct names distinct", () => {
    const a = boundedName("lakehouse-staging-serverless-egress", 32);
    const b = boundedName("lakehouse-staging2-serverless-egress", 32);
    expect(a.length).toBeLessThanOrEqual(32);
    expect(a).toMatch(/^lakehouse-staging-serve-[0-9a-f]{8}$/);
    expect(a).toBe(boundedName("lakehouse-staging-serverless-egress", 32));
    expect(a).not.toBe(b);
  });
});

describe("ServerlessEgress", () => {
  const s = build();

  it("creates an NCC in the workspace's region and binds it to the workspace", () => {
    expect(s.resource("databricks_mws_network_connectivity_config", "/ServerlessEgress/Ncc").block).toMatchObject({
      name: "lakehouse-prod-ncc",
      region: "us-east-1",
      account_id: DATABRICKS_ACCOUNT_ID,
      provider: "databricks.account",
    });
    expect(s.resource("databricks_mws_ncc_binding", "/ServerlessEgress/NccBinding").block).toMatchObject({
      network_connectivity_config_id: s.ref("databricks_mws_network_connectivity_config", "/ServerlessEgress/Ncc", "network_connectivity_config_id"),
      workspace_id: 1234,
    });
  });

  it("adds one private endpoint rule per configured destination", () => {
    const ncc = s.ref("databricks_mws_network_connectivity_config", "/ServerlessEgress/Ncc", "network_connectivity_config_id");
    expect(s.resource("databricks_mws_ncc_private_endpoint_rule", "/ServerlessEgress/PrivateEndpoint-kafka").block).toMatchObject({
      network_connectivity_config_id: ncc,
      endpoint_service: "com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0",
      domain_names: ["kafka.internal.example.com"],
    });
    expect(s.resource("databricks_mws_ncc_private_endpoint_rule", "/ServerlessEgress/PrivateEndpoint-landing").block).toMatchObject({
      endpoint_service: "com.amazonaws.us-east-1.s3",
      resource_names: ["lakehouse-prod-landing"],
    });
  });

  it("restricts and enforces egress to the allowed destinations, and binds the policy to the workspace", () => {
    expect(s.resource("databricks_account_network_policy", "/ServerlessEgress/NetworkPolicy").block).toMatchObject({
      network_policy_id: "lakehouse-prod-serverless-egress",
      egress: {
        network_access: {
          restriction_mode: "RESTRICTED_ACCESS",
          policy_enforcement: { enforcement_mode: "ENFORCED" },
          allowed_internet_destinations: [{ destination: "pypi.org", internet_destination_type: "DNS_NAME" }],
          allowed_storage_destinations: [{ bucket_name: "partner-drop", region: "us-east-1", storage_destination_type: "AWS_S3" }],
        },
      },
    });
    expect(s.resource("databricks_workspace_network_option", "/ServerlessEgress/NetworkPolicyBinding").block).toMatchObject({
      workspace_id: 1234,
      network_policy_id: s.ref("databricks_account_network_policy", "/ServerlessEgress/NetworkPolicy", "network_policy_id"),
    });
  });

  it("refuses a network policy id over 32 characters, the reserved default policy and a bad NCC name", () => {
    expect(() => build({ networkPolicyId: "lakehouse-staging-serverless-egress" })).toThrow(
      /networkPolicyId: "lakehouse-staging-serverless-egress" must be 1-32/,
    );
    expect(() => build({ networkPolicyId: "default-policy", nccName: "x" })).toThrow(/reserved default policy[\s\S]*nccName: "x" must be 3-30/);
  });

  it("refuses destinations with full access, malformed domains and mismatched endpoint rules", () => {
    expect(() => build({ restrictionMode: "FULL_ACCESS" })).toThrow(/given with restrictionMode FULL_ACCESS/);
    expect(() => build({ allowedDomains: ["not a domain"] })).toThrow(/allowedDomains\[0\]: "not a domain"/);
    expect(() =>
      build({
        privateEndpointRules: {
          both: { endpointService: "com.amazonaws.us-east-1.s3", domainNames: ["a.example.com"], resourceNames: ["b"] },
          wrongRegion: { endpointService: "com.amazonaws.us-west-2.s3", resourceNames: ["b"] },
          notVpce: { endpointService: "com.amazonaws.us-east-1.s3", domainNames: ["a.example.com"] },
        },
      }),
    ).toThrow(/\["both"\]: give either[\s\S]*\["wrongRegion"\].endpointService[\s\S]*\["notVpce"\].endpointService/);
  });
});
