import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { IamPolicy } from "@cdktf/provider-aws/lib/iam-policy";
import { TerraformOutput, TerraformStack, Testing } from "cdktf";
import { renderPolicy } from "../../../modules/aws/policy-document";
import { RDS_POSTGRES_LOG_EXPORTS, RdsPostgres, type RdsPostgresProps } from "../../../modules/aws/rds-postgres";
import { evaluate } from "../policy/fixtures";
import { synthesize } from "../../synth-json";

const KEY_ARN = "arn:aws:kms:eu-west-1:123456789012:key/data";

const BASE: RdsPostgresProps = {
  identifier: "acme-prod-orders",
  vpcId: "vpc-1",
  subnetIds: ["subnet-a", "subnet-b"],
  kmsKeyArn: KEY_ARN,
  clientSecurityGroupIds: ["sg-workspace"],
};

function build(props: Partial<RdsPostgresProps> = {}) {
  const stack = new TerraformStack(Testing.app(), "test");
  new AwsProvider(stack, "aws", { region: "eu-west-1" });
  const db = new RdsPostgres(stack, "Orders", { ...BASE, ...props });
  return { db, s: synthesize(stack) };
}

describe("RdsPostgres", () => {
  const { s } = build();
  const instance = s.resource("aws_db_instance", "/Orders/Instance").block;
  const sg = s.ref("aws_security_group", "/Orders/SecurityGroup", "id");

  it("runs PostgreSQL 17 encrypted with the key, private, protected, backed up, with a final snapshot", () => {
    expect(instance).toMatchObject({
      identifier: "acme-prod-orders",
      engine: "postgres",
      engine_version: "17",
      auto_minor_version_upgrade: true,
      storage_encrypted: true,
      kms_key_id: KEY_ARN,
      publicly_accessible: false,
      deletion_protection: true,
      backup_retention_period: 7,
      copy_tags_to_snapshot: true,
      skip_final_snapshot: false,
      final_snapshot_identifier: "acme-prod-orders-final",
      multi_az: false,
      performance_insights_enabled: true,
      performance_insights_kms_key_id: KEY_ARN,
      enabled_cloudwatch_logs_exports: [...RDS_POSTGRES_LOG_EXPORTS],
      db_subnet_group_name: s.ref("aws_db_subnet_group", "/Orders/SubnetGroup", "name"),
      vpc_security_group_ids: [sg],
      lifecycle: { prevent_destroy: true },
    });
    expect(s.resource("aws_db_subnet_group", "/Orders/SubnetGroup").block).toMatchObject({ subnet_ids: ["subnet-a", "subnet-b"] });
  });

  it("lets RDS manage the master password in Secrets Manager under the key, with IAM authentication, and no password anywhere", () => {
    expect(instance).toMatchObject({
      manage_master_user_password: true,
      master_user_secret_kms_key_id: KEY_ARN,
      iam_database_authentication_enabled: true,
    });
    expect(instance.password).toBeUndefined();
    expect(instance.password_wo).toBeUndefined();
    expect(JSON.stringify(s.json)).not.toMatch(/"password(_wo)?"\s*:/);
  });

  it("enforces TLS with rds.force_ssl = 1 in a parameter group of the engine's family", () => {
    expect(s.resource("aws_db_parameter_group", "/Orders/ParameterGroup").block).toMatchObject({
      family: "postgres17",
      parameter: [{ name: "rds.force_ssl", value: "1" }],
      lifecycle: { create_before_destroy: true },
    });
    expect(instance.parameter_group_name).toBe(s.ref("aws_db_parameter_group", "/Orders/ParameterGroup", "name"));
    const t = build({ engineVersion: "18.1" }).s;
    expect(t.resource("aws_db_parameter_group", "/Orders/ParameterGroup").block.family).toBe("postgres18");
  });

  it("admits the port only from the client security groups, which get the matching egress", () => {
    const t = build({ clientSecurityGroupIds: ["sg-workspace", "sg-apps"] }).s;
    const tsg = t.ref("aws_security_group", "/Orders/SecurityGroup", "id");
    expect(t.resource("aws_security_group", "/Orders/SecurityGroup").block.ingress).toBeUndefined();
    expect(t.resource("aws_security_group", "/Orders/SecurityGroup").block.egress).toBeUndefined();
    const strip = (rules: Record<string, Record<string, unknown>>) => Object.values(rules).map(({ "//": _, description: __, ...r }) => r);
    expect(strip(t.resources("aws_vpc_security_group_ingress_rule"))).toEqual([
      { security_group_id: tsg, referenced_security_group_id: "sg-workspace", ip_protocol: "tcp", from_port: 5432, to_port: 5432 },
      { security_group_id: tsg, referenced_security_group_id: "sg-apps", ip_protocol: "tcp", from_port: 5432, to_port: 5432 },
    ]);
    expect(strip(t.resources("aws_vpc_security_group_egress_rule"))).toEqual([
      { security_group_id: "sg-workspace", referenced_security_group_id: tsg, ip_protocol: "tcp", from_port: 5432, to_port: 5432 },
      { security_group_id: "sg-apps", referenced_security_group_id: tsg, ip_protocol: "tcp", from_port: 5432, to_port: 5432 },
    ]);
  });

  it("takes multi-AZ, retention and class from props, and leaves the instance unprotected only when asked", () => {
    const t = build({ multiAz: true, backupRetentionDays: 14, instanceClass: "db.r7g.large", protect: false }).s;
    expect(t.resource("aws_db_instance", "/Orders/Instance").block).toMatchObject({
      multi_az: true,
      backup_retention_period: 14,
      instance_class: "db.r7g.large",
      deletion_protection: false,
      skip_final_snapshot: false,
      lifecycle: { prevent_destroy: false },
    });
  });

  it("exposes the managed secret ARN, address and port", () => {
    const stack = new TerraformStack(Testing.app(), "refs");
    new AwsProvider(stack, "aws", { region: "eu-west-1" });
    const d = new RdsPostgres(stack, "Orders", BASE);
    new TerraformOutput(stack, "secret", { value: d.masterUserSecretArn });
    new TerraformOutput(stack, "address", { value: d.address });
    const out = synthesize(stack).json.output ?? {};
    expect(out.secret.value).toMatch(/^\$\{aws_db_instance\.\w+\.master_user_secret\[0\]\.secret_arn\}$/);
    expect(out.address.value).toMatch(/^\$\{aws_db_instance\.\w+\.address\}$/);
    expect(d.port).toBe(5432);
  });

  it("grants rds-db:connect on one database user of this instance only", () => {
    const stack = new TerraformStack(Testing.app(), "connect");
    new AwsProvider(stack, "aws", { region: "eu-west-1" });
    const d = new RdsPostgres(stack, "Orders", BASE);
    new IamPolicy(stack, "Connect", { name: "connect", policy: renderPolicy(d.connectStatements("orders_publisher")) });
    const t = synthesize(stack);
    const statements = JSON.parse(t.resource("aws_iam_policy", "/Connect").block.policy as string).Statement;
    expect(statements).toEqual([{ Sid: "ConnectWithIamToken", Effect: "Allow", Action: "rds-db:connect", Resource: expect.any(String) }]);
    expect(statements[0].Resource).toMatch(
      /^arn:\$\{data\.aws_partition\.\w+\.partition\}:rds-db:\$\{data\.aws_region\.\w+\.region\}:\$\{data\.aws_caller_identity\.\w+\.account_id\}:dbuser:\$\{aws_db_instance\.\w+\.resource_id\}\/orders_publisher$/,
    );
    expect(() => d.connectStatements("*")).toThrow(/dbUser: "\*"/);
  });

  it("passes the guardrails (RDS-*, network, secrets, data protection) with no finding", () => {
    const results = evaluate((stack) => void new RdsPostgres(stack, "Orders", BASE)).filter((r) => r.path.startsWith("fixture/Orders"));
    expect(results.filter((r) => r.status !== "pass")).toEqual([]);
    for (const rule of [
      "RDS-ENCRYPTION",
      "RDS-NOT-PUBLIC",
      "RDS-DELETION-PROTECTION",
      "RDS-BACKUP-RETENTION",
      "RDS-CREDENTIALS",
      "DATA-PREVENT-DESTROY",
    ]) {
      expect(results.filter((r) => r.ruleId === rule && r.status === "pass").length).toBe(1);
    }
  });

  it("refuses bad props, naming each", () => {
    expect(() =>
      build({
        identifier: "Orders--",
        kmsKeyArn: "alias/aws/rds",
        subnetIds: ["subnet-a"],
        clientSecurityGroupIds: [],
        engineVersion: "12",
        backupRetentionDays: 1,
        performanceInsightsRetentionDays: 30,
        allocatedStorageGb: 10,
        databaseName: "my-db",
        masterUsername: "rdsadmin",
        port: 80,
      }),
    ).toThrow(
      new RegExp(
        [
          'identifier: "Orders--"',
          "kmsKeyArn: .*AWS-managed",
          "subnetIds: 1 given",
          "clientSecurityGroupIds: none given",
          "port: 80",
          'engineVersion: "12"',
          "backupRetentionDays: 1",
          "performanceInsightsRetentionDays: 30",
          "allocatedStorageGb: 10",
          'databaseName: "my-db"',
          'masterUsername: "rdsadmin" is reserved',
        ].join("[\\s\\S]*"),
      ),
    );
    expect(() => build({ engineVersion: "latest" })).toThrow(/engineVersion: "latest" must be a major version/);
    expect(() => build({ maxAllocatedStorageGb: 10 })).toThrow(/maxAllocatedStorageGb: 10/);
  });
});
