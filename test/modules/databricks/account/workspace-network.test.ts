import { WorkspaceNetwork, type WorkspaceNetworkProps } from "../../../../modules/databricks/account/workspace-network";
import { synthesize, type SynthesizedStack } from "../../../synth-json";
import { DATABRICKS_ACCOUNT_ID, workspaceFixture } from "../workspace-fixture";

const privateLink = {
  workspaceVpcEndpointId: "vpce-0workspace",
  relayVpcEndpointId: "vpce-0relay",
  frontEndVpcEndpointIds: { transit: "vpce-0frontend" },
};

function build(overrides: Partial<WorkspaceNetworkProps> = {}): SynthesizedStack {
  const { stack, provider } = workspaceFixture();
  new WorkspaceNetwork(stack, "Network", {
    provider,
    databricksAccountId: DATABRICKS_ACCOUNT_ID,
    name: "lakehouse-prod-network",
    region: "us-east-1",
    vpcId: "vpc-0abc",
    subnetIds: ["subnet-a", "subnet-b"],
    securityGroupIds: ["sg-0abc"],
    ...overrides,
  });
  return synthesize(stack);
}

describe("WorkspaceNetwork without PrivateLink", () => {
  const s = build();

  it("registers the VPC, subnets and security group", () => {
    expect(s.resource("databricks_mws_networks", "/Network/Network").block).toEqual({
      account_id: DATABRICKS_ACCOUNT_ID,
      network_name: "lakehouse-prod-network",
      vpc_id: "vpc-0abc",
      subnet_ids: ["subnet-a", "subnet-b"],
      security_group_ids: ["sg-0abc"],
      provider: "databricks.account",
      "//": expect.anything(),
    });
  });

  it("creates no endpoint registrations and no private access settings", () => {
    expect(s.resources("databricks_mws_vpc_endpoint")).toEqual({});
    expect(s.resources("databricks_mws_private_access_settings")).toEqual({});
  });
});

describe("WorkspaceNetwork with PrivateLink", () => {
  const s = build({ privateLink });

  it("registers both AWS endpoints with Databricks in the workspace's region", () => {
    expect(s.resource("databricks_mws_vpc_endpoint", "/Network/WorkspaceEndpoint").block).toMatchObject({
      aws_vpc_endpoint_id: "vpce-0workspace",
      region: "us-east-1",
      vpc_endpoint_name: "lakehouse-prod-network-workspace-vpce",
      provider: "databricks.account",
    });
    expect(s.resource("databricks_mws_vpc_endpoint", "/Network/RelayEndpoint").block).toMatchObject({ aws_vpc_endpoint_id: "vpce-0relay" });
  });

  it("lists the Databricks-side endpoint ids (not the composite ids) in the network configuration", () => {
    expect(s.resource("databricks_mws_networks", "/Network/Network").block.vpc_endpoints).toEqual({
      rest_api: [s.ref("databricks_mws_vpc_endpoint", "/Network/WorkspaceEndpoint", "vpc_endpoint_id")],
      dataplane_relay: [s.ref("databricks_mws_vpc_endpoint", "/Network/RelayEndpoint", "vpc_endpoint_id")],
    });
  });

  it("registers each front-end endpoint under its key", () => {
    expect(s.resource("databricks_mws_vpc_endpoint", "/Network/FrontEndEndpoint-transit").block).toMatchObject({
      aws_vpc_endpoint_id: "vpce-0frontend",
      region: "us-east-1",
      vpc_endpoint_name: "lakehouse-prod-network-front-end-transit-vpce",
      provider: "databricks.account",
    });
  });

  it("keeps front-end endpoints out of the network configuration: only clusters' endpoints belong there", () => {
    expect(JSON.stringify(s.resource("databricks_mws_networks", "/Network/Network").block.vpc_endpoints)).not.toContain("FrontEndEndpoint");
  });

  it("creates private access settings with public access off, allowing only this workspace's own endpoints (ENDPOINT) by default", () => {
    expect(s.resource("databricks_mws_private_access_settings", "/Network/PrivateAccessSettings").block).toMatchObject({
      private_access_settings_name: "lakehouse-prod-network-private-access",
      region: "us-east-1",
      public_access_enabled: false,
      private_access_level: "ENDPOINT",
      allowed_vpc_endpoint_ids: [
        s.ref("databricks_mws_vpc_endpoint", "/Network/FrontEndEndpoint-transit", "vpc_endpoint_id"),
        s.ref("databricks_mws_vpc_endpoint", "/Network/WorkspaceEndpoint", "vpc_endpoint_id"),
      ],
    });
  });

  it("lets any endpoint of the account connect only at ACCOUNT level, when asked", () => {
    const account = build({ privateLink: { ...privateLink, privateAccessLevel: "ACCOUNT" } });
    const settings = account.resource("databricks_mws_private_access_settings", "/Network/PrivateAccessSettings").block;
    expect(settings.private_access_level).toBe("ACCOUNT");
    expect(settings.allowed_vpc_endpoint_ids).toBeUndefined();
  });

  it("refuses a private workspace nobody could reach: no public access, ENDPOINT level, no front end", () => {
    const { frontEndVpcEndpointIds: _unused, ...backEndOnly } = privateLink;
    void _unused;
    expect(() => build({ privateLink: backEndOnly })).toThrow(
      /^test\/Network: privateLink.frontEndVpcEndpointIds: none given, with public access off/,
    );
    expect(() => build({ privateLink: { ...backEndOnly, publicAccessEnabled: true } })).not.toThrow();
  });

  it("refuses a front-end key that cannot name a registration", () => {
    expect(() => build({ privateLink: { ...privateLink, frontEndVpcEndpointIds: { "Transit VPC": "vpce-1" } } })).toThrow(
      /key "Transit VPC" must be lowercase/,
    );
  });
});
