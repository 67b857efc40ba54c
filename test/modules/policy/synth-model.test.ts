import { Block, StackModel } from "../../../modules/policy/synth-model";

const JSON_STACK = {
  terraform: { backend: { s3: { bucket: "state", encrypt: true } } },
  provider: { aws: [{ region: "us-east-1" }, { region: "us-west-2", alias: "replica" }] },
  resource: {
    aws_vpc: { main: { cidr_block: "10.20.0.0/18", "//": { metadata: { path: "st/vpc" } } } },
    aws_s3_bucket: { data: { bucket: "lakehouse-data", provider: "aws.replica" } },
    aws_s3_bucket_versioning: {
      by_ref: { bucket: "${aws_s3_bucket.data.id}" },
      by_name: { bucket: "lakehouse-data" },
      other: { bucket: "someone-else" },
    },
  },
  data: { aws_caller_identity: { me: {} } },
  variable: { env: { type: "string" } },
  locals: { cidr: "10.0.0.0/8" },
  output: { vpc: { value: "${aws_vpc.main.id}" } },
};

describe("StackModel", () => {
  const model = StackModel.fromJson(JSON_STACK, { stackName: "st", stackPath: "st", pathsByAddress: new Map([["var.env", "st/env"]]) });
  const block = (address: string): Block => {
    const found = model.find(address);
    if (!found) {
      throw new Error(`fixture has no ${address}`);
    }
    return found;
  };

  it("lists every block with its Terraform address", () => {
    expect(model.blocks.map((b) => b.address)).toEqual([
      "aws_vpc.main",
      "aws_s3_bucket.data",
      "aws_s3_bucket_versioning.by_ref",
      "aws_s3_bucket_versioning.by_name",
      "aws_s3_bucket_versioning.other",
      "data.aws_caller_identity.me",
      "provider.aws",
      "provider.aws.replica",
      "var.env",
      "local.cidr",
      "output.vpc",
      "terraform.backend.s3",
    ]);
  });

  it("takes construct paths from the metadata or the given map, and strips the metadata", () => {
    expect(model.find("aws_vpc.main")).toMatchObject({ path: "st/vpc", attrs: { cidr_block: "10.20.0.0/18" } });
    expect(model.find("aws_vpc.main")?.attrs).not.toHaveProperty("//");
    expect(model.find("var.env")?.path).toBe("st/env");
  });

  it("finds siblings that name a block by reference or by its literal name", () => {
    const names = model.referrers("aws_s3_bucket_versioning", "bucket", block("aws_s3_bucket.data"), ["lakehouse-data"]).map((b) => b.name);
    expect(names).toEqual(["by_ref", "by_name"]);
  });

  it("finds the provider configuration a resource uses through its alias", () => {
    expect(model.providerOf(block("aws_s3_bucket.data"), "aws")?.address).toBe("provider.aws.replica");
    expect(model.providerOf(block("aws_vpc.main"), "aws")?.address).toBe("provider.aws");
  });

  it("follows a pure reference to a literal attribute or local, and leaves anything else as it is", () => {
    expect(model.resolve("${aws_vpc.main.cidr_block}")).toBe("10.20.0.0/18");
    expect(model.resolve("${local.cidr}")).toBe("10.0.0.0/8");
    expect(model.resolve("${var.env}")).toBe("${var.env}");
    expect(model.resolve("${aws_vpc.main.id}")).toBe("${aws_vpc.main.id}");
    expect(model.resolve("prefix-${local.cidr}")).toBe("prefix-${local.cidr}");
  });

  it("returns the backend block", () => {
    expect(model.backend()).toMatchObject({ kind: "backend", type: "s3", attrs: { encrypt: true } });
  });
});
