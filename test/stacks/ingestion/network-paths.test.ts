/**
 * Who reaches what on the network, for every registered environment: DMS reaches its source, Secrets Manager (through
 * the interface endpoint network-storage adds for it) and S3 only; Lakeflow Connect gateways reach their database
 * sources on their port only; AppFlow may write only under its landing prefix.
 */
import { SALESFORCE_DOMAINS } from "../../../environments/rules/ingestion";
import { LANDING_PATHS, landingKeyPrefix } from "../../../stacks/shared/landing-paths";
import { Naming } from "../../../modules/core/naming";
import { bucketSuffixOf } from "../../../stacks/shared/names";
import { synthesize, type Block } from "../../synth-json";
import { REGISTERED, buildEnvironments, fromStorage, mapEntry, type BuiltEnvironment } from "./ingestion-fixture";

let built: Record<string, BuiltEnvironment> = {};
beforeAll(() => {
  built = buildEnvironments(REGISTERED);
});

const rulesOf = (b: BuiltEnvironment, type: string) =>
  Object.entries(b.ingestion.resources(type)).map(([name, block]) => ({
    name,
    block,
    path: (block["//"] as { metadata: { path: string } }).metadata.path,
  }));

describe.each(REGISTERED.map((c) => c.name))("network paths in %s", (env) => {
  const b = () => built[env];

  it("lets each DMS replication out to its source on its port, and HTTPS only to the VPC and S3's prefix list", () => {
    for (const source of b().config.ingestion.dms.sources) {
      const egress = rulesOf(b(), "aws_vpc_security_group_egress_rule")
        .filter((r) => r.path.includes(`/Dms-${source.name}/`))
        .map((r) => r.block);
      const toSource = egress.filter((r) => r.from_port === source.port);
      expect(toSource.map((r) => r.cidr_ipv4).sort()).toEqual([...source.sourceCidrs].sort());
      const https = egress.filter((r) => r.from_port === 443);
      expect(https.map((r) => r.cidr_ipv4 ?? r.prefix_list_id)).toEqual([
        fromStorage("vpc_cidr"),
        `\${data.aws_prefix_list.${Object.keys(b().ingestion.json.data?.aws_prefix_list ?? {})[0]}.id}`,
      ]);
      expect(egress.every((r) => r.cidr_ipv4 !== "0.0.0.0/0")).toBe(true);
    }
  });

  it("admits each DMS replication into the AWS service endpoints' security group on HTTPS, where the Secrets Manager endpoint is", () => {
    const sources = b().config.ingestion.dms.sources;
    const ingress = rulesOf(b(), "aws_vpc_security_group_ingress_rule").filter((r) => r.path.endsWith("-SecretsEndpointAccess"));
    expect(ingress).toHaveLength(sources.length);
    for (const rule of ingress) {
      expect(rule.block).toMatchObject({
        security_group_id: fromStorage(mapEntry("aws_endpoints", "security-group-id")),
        from_port: 443,
        to_port: 443,
        ip_protocol: "tcp",
      });
    }
    const endpoints = Object.values(b().networkStorage.resources("aws_vpc_endpoint")).map((e) => e.service_name);
    expect(endpoints.includes(`com.amazonaws.${b().config.aws.region}.secretsmanager`)).toBe(sources.length > 0);
  });

  it("lets Lakeflow Connect gateways out of the workspace security group to each database source on its port only", () => {
    const databases = b().config.ingestion.lakeflowConnect.sources.filter((s) => s.type !== "SALESFORCE");
    const egress = rulesOf(b(), "aws_vpc_security_group_egress_rule").filter((r) => r.path.includes("/Connect-"));
    const expected = databases.flatMap((s) => ("sourceCidrs" in s ? s.sourceCidrs.map((cidr) => ({ port: s.port, cidr })) : []));
    expect(egress.map((r) => ({ port: r.block.from_port, cidr: r.block.cidr_ipv4 }))).toEqual(expected);
    for (const r of egress)
      expect(r.block).toMatchObject({
        security_group_id: fromStorage("workspace_security_group_id"),
        ip_protocol: "tcp",
        to_port: r.block.from_port,
      });
  });

  it("lets serverless Salesforce ingestion reach Salesforce when a Salesforce source exists", () => {
    const policy = Object.values(synthesize(b().stacks.workspace).resources("databricks_account_network_policy"))[0] as Block;
    const domains = (
      (policy.egress as Block).network_access as { allowed_internet_destinations: { destination: string }[] }
    ).allowed_internet_destinations.map((d) => d.destination);
    const salesforce = b().config.ingestion.lakeflowConnect.sources.some((s) => s.type === "SALESFORCE");
    const restricted = b().config.workspace.serverlessEgress.restrictionMode === "RESTRICTED_ACCESS";
    for (const domain of SALESFORCE_DOMAINS) expect(domains.includes(domain)).toBe(salesforce && restricted);
  });

  it("lets AppFlow write objects only under the landing volume's appflow/ prefix, when flows exist", () => {
    const { config } = b();
    const policies = Object.values(b().networkStorage.resources("aws_s3_bucket_policy")).map(
      (p) => JSON.parse(p.policy as string) as { Statement: Block[] },
    );
    const appflow = policies.flatMap((p) => p.Statement).filter((s) => JSON.stringify(s.Principal).includes("appflow.amazonaws.com"));
    if (config.ingestion.appflow.flows.length === 0) {
      expect(appflow).toEqual([]);
      return;
    }
    const naming = new Naming(config.project.prefix, config.name, bucketSuffixOf(config));
    const prefix = `${landingKeyPrefix(naming.unityCatalog(config.unityCatalog.catalogs[0].name))}${LANDING_PATHS.appflow}`;
    const objectStatement = appflow.find((s) => [s.Action].flat().includes("s3:PutObject"));
    expect(String(objectStatement?.Resource)).toMatch(new RegExp(`/${prefix}\\*$`));
    for (const s of appflow) expect(s.Condition).toEqual({ StringEquals: { "aws:SourceAccount": config.aws.accountId } });
  });
});
