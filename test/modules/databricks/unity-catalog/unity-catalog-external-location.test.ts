import { groupPrincipal } from "../../../../modules/databricks/principal";
import {
  UnityCatalogExternalLocation,
  type UnityCatalogExternalLocationProps,
} from "../../../../modules/databricks/unity-catalog/unity-catalog-external-location";
import { synthesize } from "../../../synth-json";
import { ucStack } from "./uc-fixture";

const BASE: Omit<UnityCatalogExternalLocationProps, "provider"> = {
  name: "acme_dev_bronze",
  url: "s3://acme-dev-medallion/bronze/",
  credentialName: "acme_dev_data_access",
};

function build(props: Partial<UnityCatalogExternalLocationProps> = {}) {
  const { stack, workspace } = ucStack();
  const location = new UnityCatalogExternalLocation(stack, "Location", { ...BASE, provider: workspace, ...props });
  return { stack, location };
}

describe("UnityCatalogExternalLocation", () => {
  it("is writable, isolated, protected, without file events by default", () => {
    const { stack } = build();
    expect(synthesize(stack).resource("databricks_external_location", "/Location/Location").block).toEqual({
      provider: "databricks.workspace",
      name: "acme_dev_bronze",
      url: "s3://acme-dev-medallion/bronze/",
      credential_name: "acme_dev_data_access",
      read_only: false,
      isolation_mode: "ISOLATION_MODE_ISOLATED",
      force_destroy: false,
      enable_file_events: false,
      lifecycle: { prevent_destroy: true },
      "//": expect.anything() as unknown,
    });
  });

  it("turns on managed file events (SQS) for Auto Loader and can be read-only", () => {
    const { stack } = build({ readOnly: true, fileEvents: true });
    expect(synthesize(stack).resource("databricks_external_location", "/Location/Location").block).toMatchObject({
      read_only: true,
      enable_file_events: true,
      file_event_queue: { managed_sqs: {} },
    });
  });

  it("writes with SSE-KMS under the given key", () => {
    const { stack } = build({ kmsKeyArn: "arn:aws:kms:eu-west-1:123456789012:key/1" });
    expect(synthesize(stack).resource("databricks_external_location", "/Location/Location").block.encryption_details).toEqual({
      sse_encryption_details: { algorithm: "AWS_SSE_KMS", aws_kms_key_arn: "arn:aws:kms:eu-west-1:123456789012:key/1" },
    });
  });

  it("collects READ_FILES grants into one databricks_grants on the location", () => {
    const { stack, location } = build();
    location.grantReadFiles(groupPrincipal("acme-dev-data-engineers"));
    location.grantReadFiles(groupPrincipal("acme-dev-analysts"));
    const s = synthesize(stack);
    const [grants] = Object.values(s.resources("databricks_grants"));
    expect(Object.keys(s.resources("databricks_grants"))).toHaveLength(1);
    expect(grants.external_location).toBe(s.ref("databricks_external_location", "/Location/Location", "name"));
    expect(grants.grant).toEqual([
      { principal: "acme-dev-data-engineers", privileges: ["READ_FILES"] },
      { principal: "acme-dev-analysts", privileges: ["READ_FILES"] },
    ]);
  });

  it("records the bucket's key on a read-only location too", () => {
    const { stack } = build({ readOnly: true, kmsKeyArn: "arn:aws:kms:eu-west-1:123456789012:key/1" });
    expect(synthesize(stack).resource("databricks_external_location", "/Location/Location").block).toMatchObject({
      read_only: true,
      encryption_details: { sse_encryption_details: { algorithm: "AWS_SSE_KMS", aws_kms_key_arn: "arn:aws:kms:eu-west-1:123456789012:key/1" } },
    });
  });

  it("refuses a URL that is not S3 and an empty name, all at once", () => {
    expect(() => build({ url: "https://example.com/x", name: " " })).toThrow(/url: "https:\/\/example.com\/x" is not an S3 URL.*\n.*name: is empty/);
  });
});
