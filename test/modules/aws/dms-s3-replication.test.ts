import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { TerraformStack, Testing } from "cdktf";
import { DmsAccountRoles } from "../../../modules/aws/dms-account-roles";
import { DMS_COMMIT_TIMESTAMP_COLUMN, DmsS3Replication, dmsTableMappings, type DmsS3ReplicationProps } from "../../../modules/aws/dms-s3-replication";
import type { JsonStatement } from "../../iam-json";
import { evaluate } from "../policy/fixtures";
import { synthesize, type SynthesizedStack } from "../../synth-json";

const KEY_ARN = "arn:aws:kms:us-east-1:111122223333:key/data";
const SECRET_ARN = "arn:aws:secretsmanager:us-east-1:111122223333:secret:orders-dms-AbCdEf";
const SECRET_KEY_ARN = "arn:aws:kms:us-east-1:111122223333:key/secrets";

const BASE: DmsS3ReplicationProps = {
  name: "acme-prod-orders",
  vpcId: "vpc-1",
  subnetIds: ["subnet-a", "subnet-b"],
  kmsKeyArn: KEY_ARN,
  sourceEngine: "postgres",
  sourcePort: 5432,
  sourceDatabaseName: "shop",
  sourceSecretArn: SECRET_ARN,
  sourceCidrBlocks: ["10.20.0.0/16"],
  tables: [
    { schema: "public", table: "orders" },
    { schema: "public", table: "customers" },
  ],
  bucketName: "acme-prod-landing",
  bucketFolder: "dms/orders",
};

function build(props: Partial<DmsS3ReplicationProps> = {}): SynthesizedStack {
  const stack = new TerraformStack(Testing.app(), "test");
  new AwsProvider(stack, "aws", { region: "us-east-1" });
  new DmsS3Replication(stack, "Orders", { ...BASE, ...props });
  return synthesize(stack);
}

function statements(s: SynthesizedStack, path: string): JsonStatement[] {
  return JSON.parse(s.resource("aws_iam_role_policy", path).block.policy as string).Statement;
}

function trust(s: SynthesizedStack, path: string): JsonStatement[] {
  return JSON.parse(s.resource("aws_iam_role", path).block.assume_role_policy as string).Statement;
}

const asList = (v: string | string[] | undefined) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

describe("DmsS3Replication", () => {
  const s = build();
  const region = (() => {
    const [name] = Object.keys(s.dataSources("aws_region"));
    return `\${data.aws_region.${name}.region}`;
  })();
  const sg = s.ref("aws_security_group", "/Orders/SecurityGroup", "id");

  it("runs a protected, full-load-and-CDC serverless replication encrypted with the key, in its subnet group and security group", () => {
    expect(s.resource("aws_dms_replication_config", "/Orders/Replication").block).toMatchObject({
      replication_config_identifier: "acme-prod-orders",
      replication_type: "full-load-and-cdc",
      start_replication: true,
      source_endpoint_arn: s.ref("aws_dms_endpoint", "/Orders/SourceEndpoint", "endpoint_arn"),
      target_endpoint_arn: s.ref("aws_dms_s3_endpoint", "/Orders/TargetEndpoint", "endpoint_arn"),
      compute_config: {
        kms_key_id: KEY_ARN,
        replication_subnet_group_id: s.ref("aws_dms_replication_subnet_group", "/Orders/SubnetGroup", "replication_subnet_group_id"),
        vpc_security_group_ids: [sg],
        min_capacity_units: 1,
        max_capacity_units: 4,
        multi_az: false,
      },
      lifecycle: { prevent_destroy: true },
    });
    expect(s.resources("aws_dms_replication_instance")).toEqual({});
  });

  it("puts the subnet group over the given subnets, after the account roles where those are given", () => {
    expect(s.resource("aws_dms_replication_subnet_group", "/Orders/SubnetGroup").block).toMatchObject({
      replication_subnet_group_id: "acme-prod-orders",
      subnet_ids: ["subnet-a", "subnet-b"],
    });
    const stack = new TerraformStack(Testing.app(), "roles");
    new AwsProvider(stack, "aws", { region: "us-east-1" });
    const roles = new DmsAccountRoles(stack, "DmsRoles");
    new DmsS3Replication(stack, "Orders", { ...BASE, dependsOn: roles.ready });
    const withRoles = synthesize(stack);
    expect(withRoles.resource("aws_dms_replication_subnet_group", "/Orders/SubnetGroup").block.depends_on).toEqual(
      Object.keys(withRoles.resources("aws_iam_role_policy_attachment")).map((name) => `aws_iam_role_policy_attachment.${name}`),
    );
  });

  it("admits nothing and lets the replication out only to the source port and HTTPS", () => {
    expect(s.resource("aws_security_group", "/Orders/SecurityGroup").block).toMatchObject({ vpc_id: "vpc-1" });
    expect(s.resource("aws_security_group", "/Orders/SecurityGroup").block.ingress).toBeUndefined();
    expect(s.resources("aws_vpc_security_group_ingress_rule")).toEqual({});
    const egress = Object.values(s.resources("aws_vpc_security_group_egress_rule")).map(({ "//": _, ...rule }) => rule);
    expect(egress).toEqual([
      expect.objectContaining({ security_group_id: sg, ip_protocol: "tcp", from_port: 5432, to_port: 5432, cidr_ipv4: "10.20.0.0/16" }),
      expect.objectContaining({ security_group_id: sg, ip_protocol: "tcp", from_port: 443, to_port: 443, cidr_ipv4: "0.0.0.0/0" }),
    ]);
  });

  it("with a source security group, egresses to it and adds the matching ingress rule on it; prefix lists get HTTPS", () => {
    const t = build({ sourceCidrBlocks: undefined, sourceSecurityGroupId: "sg-db", httpsEgressCidrBlocks: [], httpsEgressPrefixListIds: ["pl-s3"] });
    const tsg = t.ref("aws_security_group", "/Orders/SecurityGroup", "id");
    expect(Object.values(t.resources("aws_vpc_security_group_egress_rule"))).toEqual([
      expect.objectContaining({ security_group_id: tsg, referenced_security_group_id: "sg-db", from_port: 5432, to_port: 5432 }),
      expect.objectContaining({ security_group_id: tsg, prefix_list_id: "pl-s3", from_port: 443, to_port: 443 }),
    ]);
    expect(Object.values(t.resources("aws_vpc_security_group_ingress_rule"))).toEqual([
      expect.objectContaining({ security_group_id: "sg-db", referenced_security_group_id: tsg, from_port: 5432, to_port: 5432 }),
    ]);
  });

  it("takes the source credentials only from the secret, over SSL, with connection settings under the key", () => {
    const endpoint = s.resource("aws_dms_endpoint", "/Orders/SourceEndpoint").block;
    expect(endpoint).toMatchObject({
      endpoint_id: "acme-prod-orders-source",
      endpoint_type: "source",
      engine_name: "postgres",
      database_name: "shop",
      secrets_manager_arn: SECRET_ARN,
      secrets_manager_access_role_arn: s.ref("aws_iam_role", "/Orders/SecretsAccessRole", "arn"),
      ssl_mode: "require",
      kms_key_arn: KEY_ARN,
    });
    for (const attribute of ["username", "password", "server_name", "port"]) {
      expect(endpoint[attribute]).toBeUndefined();
    }
  });

  it("keeps passwords and user names out of the synthesized JSON: only the secret's ARN appears", () => {
    const text = JSON.stringify(s.json);
    expect(text).not.toMatch(/"(password|username)"/);
    expect(text).toContain(SECRET_ARN);
  });

  it("lets the regional DMS principal read exactly the secret, and decrypt it only with its own key when one is given", () => {
    expect(trust(s, "/Orders/SecretsAccessRole")).toEqual([
      { Effect: "Allow", Principal: { Service: `dms.${region}.amazonaws.com` }, Action: "sts:AssumeRole" },
    ]);
    expect(statements(s, "/Orders/SecretsAccessRolePolicy")).toEqual([
      { Sid: "ReadSourceSecret", Effect: "Allow", Action: ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"], Resource: SECRET_ARN },
    ]);
    const withKey = build({ sourceSecretKmsKeyArn: SECRET_KEY_ARN });
    const withKeyRegion = `\${data.aws_region.${Object.keys(withKey.dataSources("aws_region"))[0]}.region}`;
    expect(statements(withKey, "/Orders/SecretsAccessRolePolicy")[1]).toEqual({
      Sid: "DecryptSourceSecret",
      Effect: "Allow",
      Action: ["kms:Decrypt", "kms:DescribeKey"],
      Resource: SECRET_KEY_ARN,
      Condition: { StringEquals: { "kms:ViaService": `secretsmanager.${withKeyRegion}.amazonaws.com` } },
    });
  });

  it("writes Parquet 2.0 with the Op and commit-timestamp columns under the folder, SSE-KMS with the key, without a transaction-order cdc_path", () => {
    const target = s.resource("aws_dms_s3_endpoint", "/Orders/TargetEndpoint").block;
    expect(target).toMatchObject({
      endpoint_type: "target",
      bucket_name: "acme-prod-landing",
      bucket_folder: "dms/orders",
      data_format: "parquet",
      parquet_version: "parquet-2-0",
      include_op_for_full_load: true,
      cdc_inserts_only: false,
      timestamp_column_name: DMS_COMMIT_TIMESTAMP_COLUMN,
      encryption_mode: "SSE_KMS",
      server_side_encryption_kms_key_id: KEY_ARN,
      service_access_role_arn: s.ref("aws_iam_role", "/Orders/S3AccessRole", "arn"),
    });
    expect(target.cdc_path).toBeUndefined();
    expect(target.preserve_transactions).toBeUndefined();
  });

  it("lets DMS write, delete and tag objects only under the folder, list only that prefix, and use the key only through S3", () => {
    expect(trust(s, "/Orders/S3AccessRole")).toEqual([{ Effect: "Allow", Principal: { Service: "dms.amazonaws.com" }, Action: "sts:AssumeRole" }]);
    expect(statements(s, "/Orders/S3AccessRolePolicy")).toEqual([
      {
        Sid: "WriteLandingFolder",
        Effect: "Allow",
        Action: ["s3:PutObject", "s3:DeleteObject", "s3:PutObjectTagging"],
        Resource: "arn:aws:s3:::acme-prod-landing/dms/orders/*",
      },
      {
        Sid: "ListLandingFolder",
        Effect: "Allow",
        Action: "s3:ListBucket",
        Resource: "arn:aws:s3:::acme-prod-landing",
        Condition: { StringLike: { "s3:prefix": ["dms/orders", "dms/orders/*"] } },
      },
      {
        Sid: "UseDataKeyThroughS3",
        Effect: "Allow",
        Action: ["kms:GenerateDataKey", "kms:Decrypt"],
        Resource: KEY_ARN,
        Condition: { StringEquals: { "kms:ViaService": `s3.${region}.amazonaws.com` } },
      },
    ]);
  });

  it("grants no * action and no * resource in any role policy", () => {
    for (const path of ["/Orders/SecretsAccessRolePolicy", "/Orders/S3AccessRolePolicy"]) {
      for (const statement of statements(s, path)) {
        expect(asList(statement.Action).some((a) => a.includes("*"))).toBe(false);
        expect(asList(statement.Resource)).not.toContain("*");
      }
    }
  });

  it("maps one selection rule per table, with rule ids that do not move when a table is added", () => {
    const rules = JSON.parse(s.resource("aws_dms_replication_config", "/Orders/Replication").block.table_mappings as string).rules;
    expect(
      rules.map((r: { "object-locator": unknown; "rule-type": string; "rule-action": string }) => [
        r["rule-type"],
        r["rule-action"],
        r["object-locator"],
      ]),
    ).toEqual([
      ["selection", "include", { "schema-name": "public", "table-name": "customers" }],
      ["selection", "include", { "schema-name": "public", "table-name": "orders" }],
    ]);
    expect(rules.every((r: { "rule-id": string }) => /^\d+$/.test(r["rule-id"]))).toBe(true);
    const grown = JSON.parse(dmsTableMappings([...BASE.tables, { schema: "public", table: "addresses" }])).rules;
    const idOf = (list: { "rule-id": string; "object-locator": { "table-name": string } }[], table: string) =>
      list.find((r) => r["object-locator"]["table-name"] === table)?.["rule-id"];
    expect(idOf(grown, "orders")).toBe(idOf(rules, "orders"));
    expect(idOf(grown, "customers")).toBe(idOf(rules, "customers"));
    expect(new Set(grown.map((r: { "rule-id": string }) => r["rule-id"])).size).toBe(3);
  });

  it("on an instance: private, encrypted with the key, with a protected task carrying the same mappings", () => {
    const t = build({ compute: { mode: "instance", instanceClass: "dms.r5.large", allocatedStorageGb: 100, engineVersion: "3.5.3" }, multiAz: true });
    expect(t.resource("aws_dms_replication_instance", "/Orders/ReplicationInstance").block).toMatchObject({
      replication_instance_id: "acme-prod-orders",
      replication_instance_class: "dms.r5.large",
      allocated_storage: 100,
      engine_version: "3.5.3",
      publicly_accessible: false,
      multi_az: true,
      kms_key_arn: KEY_ARN,
      replication_subnet_group_id: t.ref("aws_dms_replication_subnet_group", "/Orders/SubnetGroup", "replication_subnet_group_id"),
      vpc_security_group_ids: [t.ref("aws_security_group", "/Orders/SecurityGroup", "id")],
      lifecycle: { prevent_destroy: true },
    });
    expect(t.resource("aws_dms_replication_task", "/Orders/ReplicationTask").block).toMatchObject({
      migration_type: "full-load-and-cdc",
      replication_instance_arn: t.ref("aws_dms_replication_instance", "/Orders/ReplicationInstance", "replication_instance_arn"),
      table_mappings: dmsTableMappings(BASE.tables),
      start_replication_task: true,
      lifecycle: { prevent_destroy: true },
    });
    expect(t.resources("aws_dms_replication_config")).toEqual({});
  });

  it("leaves the replication unprotected and stopped only when asked", () => {
    const t = build({ protect: false, startReplication: false });
    expect(t.resource("aws_dms_replication_config", "/Orders/Replication").block).toMatchObject({
      start_replication: false,
      lifecycle: { prevent_destroy: false },
    });
  });

  it("passes the guardrails (DMS-ENCRYPTION, IAM, secrets, network) with no finding", () => {
    const results = evaluate((stack) => void new DmsS3Replication(stack, "Orders", BASE)).filter((r) => r.path.startsWith("fixture/Orders"));
    expect(results.filter((r) => r.status !== "pass")).toEqual([]);
    expect(results.filter((r) => r.ruleId === "DMS-ENCRYPTION").length).toBe(3);
    expect(results.some((r) => r.ruleId === "IAM-NO-WILDCARD")).toBe(true);
    const instance = evaluate((stack) => void new DmsS3Replication(stack, "Orders", { ...BASE, compute: { mode: "instance" } }));
    expect(instance.filter((r) => r.path.startsWith("fixture/Orders") && r.status !== "pass")).toEqual([]);
  });

  it("refuses bad props, naming each", () => {
    expect(() =>
      build({
        name: "Orders--",
        kmsKeyArn: "alias/aws/dms",
        subnetIds: ["subnet-a"],
        sourceCidrBlocks: ["10.0.0.0/33"],
        sourceSecretArn: "orders-password",
        sourceSslMode: "verify-full",
        tables: [
          { schema: "public", table: "%" },
          { schema: "public", table: "%" },
        ],
        bucketFolder: "/dms/",
        compute: { mode: "serverless", minCapacityUnits: 3, maxCapacityUnits: 2 },
      }),
    ).toThrow(
      new RegExp(
        [
          'name: "Orders--"',
          'kmsKeyArn: "alias/aws/dms" is an AWS-managed key',
          "subnetIds: 1 given",
          'sourceCidrBlocks\\[0\\]: "10.0.0.0/33"',
          'sourceSecretArn: "orders-password"',
          'sourceCertificateArn: required with sourceSslMode "verify-full"',
          "tables\\[0\\].table",
          "tables\\[1\\]: public.% is listed twice",
          'bucketFolder: "/dms/"',
          "compute.minCapacityUnits: 3",
          "compute.minCapacityUnits: 3 is above maxCapacityUnits \\(2\\)",
        ].join("[\\s\\S]*"),
      ),
    );
    expect(() => build({ sourceCidrBlocks: [], tables: [] })).toThrow(/sourceCidrBlocks: none given[\s\S]*tables: none given/);
    expect(() => build({ compute: { mode: "instance", allocatedStorageGb: 2, instanceClass: "t3.medium" } })).toThrow(
      /compute.allocatedStorageGb: 2[\s\S]*compute.instanceClass: "t3.medium"/,
    );
  });
});
