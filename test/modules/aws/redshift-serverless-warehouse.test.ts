import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { TerraformStack, Testing } from "cdktf";
import {
  REDSHIFT_LOG_EXPORTS,
  RedshiftServerlessWarehouse,
  type RedshiftServerlessWarehouseProps,
} from "../../../modules/aws/redshift-serverless-warehouse";
import { synthesize } from "../../synth-json";

const BASE: RedshiftServerlessWarehouseProps = {
  name: "acme-prod-redshift",
  kmsKeyArn: "arn:aws:kms:eu-west-1:123456789012:key/1",
  vpcId: "vpc-1",
  subnetIds: ["subnet-a", "subnet-b", "subnet-c"],
  clientSecurityGroupIds: ["sg-workspace"],
};

function build(props: Partial<RedshiftServerlessWarehouseProps> = {}) {
  const stack = new TerraformStack(Testing.app(), "test");
  new AwsProvider(stack, "aws", { region: "eu-west-1" });
  const warehouse = new RedshiftServerlessWarehouse(stack, "Redshift", { ...BASE, ...props });
  return { warehouse, s: synthesize(stack) };
}

describe("RedshiftServerlessWarehouse", () => {
  const { s } = build();
  const sg = s.ref("aws_security_group", "/Redshift/SecurityGroup", "id");

  it("encrypts the namespace and the Redshift-managed admin secret with the key, exports every log and is protected", () => {
    expect(s.resource("aws_redshiftserverless_namespace", "/Redshift/Namespace").block).toMatchObject({
      namespace_name: "acme-prod-redshift",
      kms_key_id: BASE.kmsKeyArn,
      manage_admin_password: true,
      admin_password_secret_kms_key_id: BASE.kmsKeyArn,
      log_exports: [...REDSHIFT_LOG_EXPORTS],
      lifecycle: { prevent_destroy: true },
    });
    expect(s.resource("aws_redshiftserverless_namespace", "/Redshift/Namespace").block.admin_user_password).toBeUndefined();
  });

  it("keeps the workgroup private, in the given subnets, behind its own security group, with enhanced VPC routing", () => {
    expect(s.resource("aws_redshiftserverless_workgroup", "/Redshift/Workgroup").block).toMatchObject({
      publicly_accessible: false,
      enhanced_vpc_routing: true,
      subnet_ids: BASE.subnetIds,
      security_group_ids: [sg],
      port: 5439,
    });
  });

  it("accepts 5439 only from the client groups, which get the matching egress rule", () => {
    expect(Object.values(s.resources("aws_vpc_security_group_ingress_rule"))).toEqual([
      expect.objectContaining({
        security_group_id: sg,
        referenced_security_group_id: "sg-workspace",
        ip_protocol: "tcp",
        from_port: 5439,
        to_port: 5439,
      }),
    ]);
    expect(Object.values(s.resources("aws_vpc_security_group_egress_rule"))).toEqual([
      expect.objectContaining({ security_group_id: "sg-workspace", referenced_security_group_id: sg, from_port: 5439, to_port: 5439 }),
    ]);
    expect(s.resource("aws_security_group", "/Redshift/SecurityGroup").block.ingress).toBeUndefined();
  });

  it("refuses a bad name, fewer than three subnets, no clients and a capacity not in steps of 8", () => {
    expect(() => build({ name: "A", subnetIds: ["a", "b"], clientSecurityGroupIds: [], baseCapacityRpus: 12 })).toThrow(
      /name: "A".*\n.*subnetIds: 2 given.*\n.*clientSecurityGroupIds: none given.*\n.*baseCapacityRpus: 12/,
    );
  });
});
