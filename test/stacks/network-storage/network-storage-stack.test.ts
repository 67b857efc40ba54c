import { Testing } from "cdktf";
import { ENVIRONMENTS, validateEnvironments, type EnvironmentConfig } from "../../../environments";
import { NetworkStorageStack } from "../../../stacks/network-storage/network-storage-stack";
import { NetworkStorageOutputs } from "../../../stacks/network-storage/outputs";
import { BUCKET_COMPONENTS } from "../../../environments/rules/storage";
import { synthesize, type Block, type SynthesizedStack } from "../../synth-json";

const configs = Object.fromEntries(validateEnvironments(Object.values(ENVIRONMENTS)).map((c) => [c.name, c])) as Record<string, EnvironmentConfig>;
const synthesized: Record<string, SynthesizedStack> = {};
beforeAll(() => {
  for (const name of Object.keys(configs)) synthesized[name] = synthesize(new NetworkStorageStack(Testing.app(), { config: configs[name] }));
});

const BUCKETS = ["RootBucket", "UnityCatalogBucket", "MedallionBucket", "LandingBucket", "LogsBucket"] as const;
const KEY_OF_BUCKET: Record<(typeof BUCKETS)[number], string> = {
  RootBucket: "WorkspaceStorageKey",
  UnityCatalogBucket: "DataKey",
  MedallionBucket: "DataKey",
  LandingBucket: "DataKey",
  LogsBucket: "DataKey",
};
/** The sibling resource of `type` that points at `bucket` (by id or name). */
function bucketPart(s: SynthesizedStack, type: string, bucket: string): Block {
  const id = s.ref("aws_s3_bucket", `/${bucket}/Bucket`, "id");
  const parts = Object.values(s.resources(type)).filter((b) => b.bucket === id);
  if (parts.length !== 1) throw new Error(`expected one ${type} for ${bucket}, found ${parts.length}`);
  return parts[0];
}

describe.each(Object.keys(ENVIRONMENTS))("network-storage in %s", (env) => {
  const s = () => synthesized[env];
  const config = () => configs[env];

  describe("buckets", () => {
    it.each(BUCKETS)("%s blocks every kind of public access", (bucket) => {
      expect(bucketPart(s(), "aws_s3_bucket_public_access_block", bucket)).toMatchObject({
        block_public_acls: true,
        block_public_policy: true,
        ignore_public_acls: true,
        restrict_public_buckets: true,
      });
    });

    it.each(BUCKETS)("%s is encrypted with its customer-managed key and a bucket key", (bucket) => {
      expect(bucketPart(s(), "aws_s3_bucket_server_side_encryption_configuration", bucket).rule).toEqual([
        {
          apply_server_side_encryption_by_default: {
            sse_algorithm: "aws:kms",
            kms_master_key_id: s().ref("aws_kms_key", `/${KEY_OF_BUCKET[bucket]}/Key`, "arn"),
          },
          bucket_key_enabled: true,
        },
      ]);
    });

    it.each(BUCKETS)("%s is versioned, owner-enforced, access-logged and expires noncurrent versions", (bucket) => {
      expect(bucketPart(s(), "aws_s3_bucket_versioning", bucket).versioning_configuration).toEqual({ status: "Enabled" });
      expect(bucketPart(s(), "aws_s3_bucket_ownership_controls", bucket).rule).toEqual({ object_ownership: "BucketOwnerEnforced" });
      expect(bucketPart(s(), "aws_s3_bucket_logging", bucket).target_bucket).toBe(s().ref("aws_s3_bucket", "/AccessLogsBucket/Bucket", "bucket"));
      const [rule] = bucketPart(s(), "aws_s3_bucket_lifecycle_configuration", bucket).rule as Block[];
      expect(rule.noncurrent_version_expiration).toEqual([{ noncurrent_days: config().storage.noncurrentVersionExpirationDays }]);
    });

    it.each(BUCKETS)("%s is protected from destroy exactly when the environment protects data, and never force-destroyed", (bucket) => {
      const { block } = s().resource("aws_s3_bucket", `/${bucket}/Bucket`);
      expect(block.force_destroy).toBe(false);
      expect(block.lifecycle).toEqual({ prevent_destroy: config().dataProtection });
    });

    it.each(BUCKETS.filter((b) => b !== "RootBucket"))("%s has a TLS-only bucket policy", (bucket) => {
      const policy = JSON.parse(bucketPart(s(), "aws_s3_bucket_policy", bucket).policy as string);
      expect(policy.Statement[0]).toEqual({
        Sid: "DenyInsecureTransport",
        Effect: "Deny",
        Principal: "*",
        Action: "s3:*",
        Resource: [s().ref("aws_s3_bucket", `/${bucket}/Bucket`, "arn"), `${s().ref("aws_s3_bucket", `/${bucket}/Bucket`, "arn")}/*`],
        Condition: { Bool: { "aws:SecureTransport": "false" } },
      });
    });

    it("leaves the root bucket's single policy to the workspace layer", () => {
      const rootId = s().ref("aws_s3_bucket", "/RootBucket/Bucket", "id");
      expect(Object.values(s().resources("aws_s3_bucket_policy")).filter((p) => p.bucket === rootId)).toEqual([]);
    });

    it("names buckets <prefix>-<stage>-<component>-<suffix>, unique across AWS by the account id (or the configured suffix)", () => {
      const names = Object.values(s().resources("aws_s3_bucket"))
        .map((b) => b.bucket)
        .sort();
      const p = `${config().project.prefix}-${env}`;
      const suffix = config().storage.bucketNameSuffix ?? config().aws.accountId;
      // The components validation checks the length of (environments/rules/storage.ts) are exactly the ones used.
      expect(names).toEqual([...BUCKET_COMPONENTS].sort().map((component) => `${p}-${component}-${suffix}`));
      expect(names.every((n) => (n as string).length <= 63)).toBe(true);
    });

    it("lets VPC flow logs write to the logs bucket", () => {
      const policy = JSON.parse(bucketPart(s(), "aws_s3_bucket_policy", "LogsBucket").policy as string);
      const write = policy.Statement.find((st: { Sid: string }) => st.Sid === "AWSLogDeliveryWrite");
      expect(write.Principal).toEqual({ Service: "delivery.logs.amazonaws.com" });
      expect(write.Resource).toBe(`${s().ref("aws_s3_bucket", "/LogsBucket/Bucket", "arn")}/vpc-flow-logs/AWSLogs/*`);
    });
  });

  describe("keys", () => {
    it("rotates every key and keeps a 30-day deletion window", () => {
      const keys = Object.values(s().resources("aws_kms_key"));
      expect(keys.length).toBe(config().encryption.customerManagedKeys ? 3 : 2);
      for (const key of keys)
        expect(key).toMatchObject({
          enable_key_rotation: true,
          deletion_window_in_days: 30,
          lifecycle: { prevent_destroy: config().dataProtection },
        });
    });

    it("lets the Databricks control plane use the root bucket's key, for our Databricks account only", () => {
      const policy = JSON.parse(s().resource("aws_kms_key", "/WorkspaceStorageKey/Key").block.policy as string);
      const databricks = policy.Statement.filter((st: { Principal?: { AWS?: string } }) => st.Principal?.AWS === "arn:aws:iam::414351767826:root");
      expect(databricks.length).toBeGreaterThan(0);
      for (const st of databricks)
        expect(st.Condition.StringEquals).toEqual({ "aws:PrincipalTag/DatabricksAccountId": [config().databricks.accountId] });
      expect(databricks.flatMap((st: { Action: string[] }) => st.Action)).toEqual(expect.arrayContaining(["kms:GenerateDataKey*", "kms:Decrypt"]));
    });

    it("names the cross-account role in the storage key policy by condition exactly when customer-managed keys are on", () => {
      const policy = JSON.stringify(s().resource("aws_kms_key", "/WorkspaceStorageKey/Key").block.policy);
      expect(policy.includes(`role/lakehouse-${env}-databricks-cross-account`)).toBe(config().encryption.customerManagedKeys);
    });

    it("creates the managed-services key exactly when customer-managed keys are on", () => {
      const aliases = Object.values(s().resources("aws_kms_alias"))
        .map((a) => a.name)
        .sort();
      const base = [`alias/lakehouse/${env}/data`, `alias/lakehouse/${env}/workspace-storage`];
      expect(aliases).toEqual(config().encryption.customerManagedKeys ? [base[0], `alias/lakehouse/${env}/managed-services`, base[1]] : base);
    });
  });

  describe("network", () => {
    it("puts one workspace subnet in each configured availability zone", () => {
      const vpcId = s().ref("aws_vpc", "/Vpc/Vpc", "id");
      const subnets = Object.entries(s().resources("aws_subnet"))
        .filter(([name]) => name.includes("WorkspaceSubnet"))
        .map(([, b]) => b);
      expect(subnets.map((b) => [b.cidr_block, b.availability_zone])).toEqual(
        config().network.workspaceSubnets.map((w) => [w.cidr, w.availabilityZone]),
      );
      expect(new Set(subnets.map((b) => b.availability_zone)).size).toBe(subnets.length);
      expect(subnets.every((b) => b.vpc_id === vpcId)).toBe(true);
    });

    it("has an internet path from the compute VPC exactly when egress is nat", () => {
      const nat = config().network.egress === "nat";
      for (const type of ["aws_internet_gateway", "aws_nat_gateway", "aws_eip"]) {
        const inComputeVpc = Object.values(s().resources(type)).filter((b) => b["//"]?.metadata.path.includes("/Vpc/"));
        expect(inComputeVpc.length > 0).toBe(nat);
      }
    });

    it("never allows ingress from anywhere to the workspace security group", () => {
      const sg = s().ref("aws_security_group", "/Vpc/WorkspaceSecurityGroup", "id");
      const ingress = Object.values(s().resources("aws_vpc_security_group_ingress_rule")).filter((r) => r.security_group_id === sg);
      expect(ingress.map((r) => [r.ip_protocol, r.referenced_security_group_id, r.cidr_ipv4])).toEqual([
        ["tcp", sg, undefined],
        ["udp", sg, undefined],
      ]);
    });

    it("allows egress on exactly the ports Databricks documents, 3306 only with the legacy metastore", () => {
      const sg = s().ref("aws_security_group", "/Vpc/WorkspaceSecurityGroup", "id");
      const ports = Object.values(s().resources("aws_vpc_security_group_egress_rule"))
        .filter((r) => r.security_group_id === sg && r.referenced_security_group_id === undefined && r.prefix_list_id === undefined)
        .map((r) => `${r.from_port}-${r.to_port}`)
        .sort();
      expect(ports).toEqual(["2443-2443", "443-443", "5432-5432", "6666-6666", "8443-8443", "8444-8444", "8445-8451"]);
    });

    it("sends flow logs of every VPC (compute, and transit where there is one) to the KMS-encrypted logs bucket", () => {
      const vpcs = Object.keys(s().resources("aws_vpc")).map((name) => `\${aws_vpc.${name}.id}`);
      expect(vpcs).toHaveLength(config().network.frontEnd ? 2 : 1);
      const logs = Object.values(s().resources("aws_flow_log"));
      expect(logs.map((l) => l.vpc_id).sort()).toEqual([...vpcs].sort());
      for (const log of logs) {
        expect(log).toMatchObject({
          log_destination_type: "s3",
          log_destination: `${s().ref("aws_s3_bucket", "/LogsBucket/Bucket", "arn")}/vpc-flow-logs/`,
          traffic_type: "ALL",
        });
      }
    });

    it("has S3, STS and Kinesis endpoints whose policies allow our own account's resources by condition", () => {
      const endpoints = Object.values(s().resources("aws_vpc_endpoint"));
      const services = endpoints.map((e) => e.service_name as string);
      expect(services).toEqual(
        expect.arrayContaining([
          `com.amazonaws.${config().aws.region}.s3`,
          `com.amazonaws.${config().aws.region}.sts`,
          `com.amazonaws.${config().aws.region}.kinesis-streams`,
        ]),
      );
      const s3 = endpoints.find((e) => e.service_name === `com.amazonaws.${config().aws.region}.s3`) as Block;
      expect(s3.route_table_ids).toEqual(
        Object.entries(s().resources("aws_route_table"))
          .filter(([n]) => n.includes("WorkspaceRouteTable"))
          .map(([n]) => `\${aws_route_table.${n}.id}`),
      );
      expect(s3.policy as string).toContain(`"s3:ResourceAccount":"${config().aws.accountId}"`);
    });

    it("has Databricks PrivateLink endpoints exactly when configured, in their own subnets", () => {
      const computeVpc = s().ref("aws_vpc", "/Vpc/Vpc", "id");
      const databricks = Object.values(s().resources("aws_vpc_endpoint")).filter(
        (e) => (e.service_name as string).startsWith("com.amazonaws.vpce.") && e.vpc_id === computeVpc,
      );
      if (!config().network.privateLink.enabled) {
        expect(databricks).toEqual([]);
        return;
      }
      expect(databricks).toHaveLength(2);
      const plSubnets = Object.entries(s().resources("aws_subnet"))
        .filter(([n]) => n.startsWith("PrivateLink"))
        .map(([n]) => `\${aws_subnet.${n}.id}`);
      expect(plSubnets).toHaveLength(config().network.privateLink.subnets.length);
      for (const endpoint of databricks)
        expect(endpoint).toMatchObject({ vpc_endpoint_type: "Interface", private_dns_enabled: true, subnet_ids: plSubnets });
    });
  });

  describe("providers and state", () => {
    it("configures the AWS provider for the environment's account, region and tags", () => {
      const [aws] = s().json.provider?.aws ?? [];
      expect(aws).toMatchObject({
        region: config().aws.region,
        allowed_account_ids: [config().aws.accountId],
        default_tags: [
          {
            tags: expect.objectContaining({
              environment: env,
              project: "lakehouse",
              owner: config().project.owner,
              "cost-center": config().project.costCenter,
            }),
          },
        ],
      });
      expect(aws.assume_role).toEqual(
        config().aws.assumeRoleArn ? [{ role_arn: config().aws.assumeRoleArn, session_name: `cdktf-${env}-network-storage` }] : undefined,
      );
    });

    it("keeps state in S3, encrypted with the configured KMS key and locked, under <env>/<layer>.tfstate", () => {
      expect(s().json.terraform.backend?.s3).toMatchObject({
        bucket: config().state.bucket,
        region: config().state.region,
        key: `${env}/network-storage.tfstate`,
        encrypt: true,
        kms_key_id: config().state.kmsKeyArn,
        use_lockfile: true,
      });
    });

    it("requires Terraform 1.10 or later (S3-native locking), so an older binary stops at init", () => {
      expect(s().json.terraform.required_version).toBe(">= 1.10.0");
    });
  });

  describe("private front end", () => {
    const frontEnd = () => config().network.frontEnd;
    const transitVpc = () => s().ref("aws_vpc", "/FrontEnd/Vpc", "id");

    it("exists exactly when configured, and the contract says so", () => {
      const outputs = s().json.output ?? {};
      if (!frontEnd()) {
        expect(Object.values(s().resources("aws_vpc")).filter((b) => b["//"]?.metadata.path.includes("/FrontEnd/"))).toEqual([]);
        expect(outputs.front_end.value).toEqual({});
        return;
      }
      expect(outputs.front_end.value).toMatchObject({
        "vpc-id": transitVpc(),
        "endpoint-id": s().ref("aws_vpc_endpoint", "/FrontEnd/Endpoint", "id"),
        "endpoint-security-group-id": s().ref("aws_security_group", "/FrontEnd/EndpointSecurityGroup", "id"),
        // Where the routes back to the client ranges go: the endpoint subnets' route table.
        "endpoint-route-table-id": s().ref("aws_route_table", "/FrontEnd/EndpointRouteTable", "id"),
      });
    });

    it("puts a front-end endpoint to the workspace service, with private DNS, in its own transit VPC", () => {
      if (!frontEnd()) return;
      expect(s().resource("aws_vpc", "/FrontEnd/Vpc").block).toMatchObject({
        cidr_block: frontEnd()?.vpcCidr,
        enable_dns_hostnames: true,
        enable_dns_support: true,
      });
      const backEnd = s().resource("aws_vpc_endpoint", "/PrivateLink/WorkspaceEndpoint").block;
      expect(s().resource("aws_vpc_endpoint", "/FrontEnd/Endpoint").block).toMatchObject({
        vpc_id: transitVpc(),
        service_name: backEnd.service_name,
        vpc_endpoint_type: "Interface",
        private_dns_enabled: true,
        security_group_ids: [s().ref("aws_security_group", "/FrontEnd/EndpointSecurityGroup", "id")],
      });
    });

    it("admits only HTTPS, and only from the client ranges and the runner subnets", () => {
      if (!frontEnd()) return;
      const sg = s().ref("aws_security_group", "/FrontEnd/EndpointSecurityGroup", "id");
      const ingress = Object.values(s().resources("aws_vpc_security_group_ingress_rule")).filter((r) => r.security_group_id === sg);
      expect(ingress.map((r) => [r.ip_protocol, r.from_port, r.to_port, r.cidr_ipv4])).toEqual(
        [...(frontEnd()?.clientCidrs ?? []), ...(frontEnd()?.runnerSubnets ?? []).map((r) => r.cidr)].map((cidr) => ["tcp", 443, 443, cidr]),
      );
      expect(Object.values(s().resources("aws_vpc_security_group_egress_rule")).filter((r) => r.security_group_id === sg)).toEqual([]);
    });

    it("gives the CI runners HTTPS egress through a NAT gateway in the transit VPC, never in the compute VPC", () => {
      if (!frontEnd() || frontEnd()?.runnerSubnets.length === 0) return;
      const nat = s().resource("aws_nat_gateway", "/FrontEnd/NatGateway0");
      const routes = Object.values(s().resources("aws_route")).filter((r) => r.nat_gateway_id === `\${aws_nat_gateway.${nat.name}.id}`);
      expect(routes).toEqual([
        expect.objectContaining({
          destination_cidr_block: "0.0.0.0/0",
          route_table_id: s().ref("aws_route_table", "/FrontEnd/RunnerRouteTable", "id"),
        }),
      ]);
      const runnerSg = s().ref("aws_security_group", "/FrontEnd/RunnerSecurityGroup", "id");
      const egress = Object.values(s().resources("aws_vpc_security_group_egress_rule")).filter((r) => r.security_group_id === runnerSg);
      expect(egress.map((r) => [r.ip_protocol, r.from_port, r.to_port])).toEqual([["tcp", 443, 443]]);
      expect(s().json.output?.front_end_runner_subnet_ids.value).toHaveLength(frontEnd()?.runnerSubnets.length ?? 0);
    });

    it("has an inbound DNS resolver for on-premises clients when asked, admitting DNS from the client ranges only", () => {
      if (!frontEnd()?.inboundResolver) return;
      const resolver = s().resource("aws_route53_resolver_endpoint", "/FrontEnd/InboundResolver").block;
      expect(resolver).toMatchObject({ direction: "INBOUND" });
      expect(resolver.ip_address).toHaveLength(frontEnd()?.endpointSubnets.length ?? 0);
      const sg = s().ref("aws_security_group", "/FrontEnd/ResolverSecurityGroup", "id");
      const ingress = Object.values(s().resources("aws_vpc_security_group_ingress_rule")).filter((r) => r.security_group_id === sg);
      expect(new Set(ingress.map((r) => `${r.ip_protocol} ${r.from_port} ${r.cidr_ipv4}`))).toEqual(
        new Set((frontEnd()?.clientCidrs ?? []).flatMap((cidr) => [`tcp 53 ${cidr}`, `udp 53 ${cidr}`])),
      );
      // Its addresses and security group are in the contract: the serving layer points QuickSight's DNS at them.
      const name = s().resource("aws_route53_resolver_endpoint", "/FrontEnd/InboundResolver").name;
      expect(s().json.output?.front_end_resolver_ips.value).toBe(
        `\${[ for key, val in toset(tolist(aws_route53_resolver_endpoint.${name}.ip_address)): val.ip]}`,
      );
      expect((s().json.output?.front_end.value as Record<string, string>)["resolver-security-group-id"]).toBe(sg);
    });
  });

  describe("typed outputs", () => {
    it("publishes every contract field under its fixed name, with a description", () => {
      const outputs = s().json.output ?? {};
      for (const [field, definition] of Object.entries(NetworkStorageOutputs.fields)) {
        const output = outputs[NetworkStorageOutputs.outputName(field as keyof NetworkStorageOutputs)];
        expect(output).toEqual(expect.objectContaining({ description: definition.description }));
      }
      expect(Object.keys(outputs).sort()).toEqual(
        Object.keys(NetworkStorageOutputs.fields)
          .map((f) => NetworkStorageOutputs.outputName(f as keyof NetworkStorageOutputs))
          .sort(),
      );
    });

    it("wires the outputs to the resources that produce them", () => {
      const outputs = s().json.output ?? {};
      expect(outputs.vpc_id.value).toBe(s().ref("aws_vpc", "/Vpc/Vpc", "id"));
      expect(outputs.root_bucket_name.value).toBe(s().ref("aws_s3_bucket", "/RootBucket/Bucket", "bucket"));
      expect(outputs.data_key_arn.value).toBe(s().ref("aws_kms_key", "/DataKey/Key", "arn"));
      expect(outputs.workspace_security_group_id.value).toBe(s().ref("aws_security_group", "/Vpc/WorkspaceSecurityGroup", "id"));
      expect(outputs.region.value).toBe(config().aws.region);
      const privateLink = config().network.privateLink.enabled;
      expect(outputs.workspace_vpc_endpoint_id.value).toEqual(
        privateLink ? expect.stringMatching(/^\$\{aws_vpc_endpoint\.PrivateLink_.*\.id\}$/) : "",
      );
    });
  });
});
