import { databricksEndpointServices, databricksRegionalBuckets, PRIVATE_LINK_REGIONS } from "../../../modules/aws/databricks-endpoint-services";

// The checked values of databricks-aws-facts.md C3 (abbreviations written out).
const FACTS_C3: Record<string, { workspace: string; relay: string }> = {
  "us-east-1": {
    workspace: "com.amazonaws.vpce.us-east-1.vpce-svc-09143d1e626de2f04",
    relay: "com.amazonaws.vpce.us-east-1.vpce-svc-00018a8c3ff62ffdf",
  },
  "us-east-2": {
    workspace: "com.amazonaws.vpce.us-east-2.vpce-svc-041dc2b4d7796b8d3",
    relay: "com.amazonaws.vpce.us-east-2.vpce-svc-090a8fab0d73e39a6",
  },
  "us-west-2": {
    workspace: "com.amazonaws.vpce.us-west-2.vpce-svc-0129f463fcfbc46c5",
    relay: "com.amazonaws.vpce.us-west-2.vpce-svc-0158114c0c730c3bb",
  },
  "eu-west-1": {
    workspace: "com.amazonaws.vpce.eu-west-1.vpce-svc-0da6ebf1461278016",
    relay: "com.amazonaws.vpce.eu-west-1.vpce-svc-09b4eb2bc775f4e8c",
  },
  "eu-central-1": {
    workspace: "com.amazonaws.vpce.eu-central-1.vpce-svc-081f78503812597f7",
    relay: "com.amazonaws.vpce.eu-central-1.vpce-svc-08e5dfca9572c85c4",
  },
  "eu-west-2": {
    workspace: "com.amazonaws.vpce.eu-west-2.vpce-svc-01148c7cdc1d1326c",
    relay: "com.amazonaws.vpce.eu-west-2.vpce-svc-05279412bf5353a45",
  },
  "ap-southeast-2": {
    workspace: "com.amazonaws.vpce.ap-southeast-2.vpce-svc-0b87155ddd6954974",
    relay: "com.amazonaws.vpce.ap-southeast-2.vpce-svc-0b4a72e8f825495f6",
  },
};

describe("databricksEndpointServices", () => {
  it.each(Object.entries(FACTS_C3))("returns the checked service names for %s", (region, expected) => {
    expect(databricksEndpointServices(region)).toEqual(expected);
  });

  it("names every service after its own region", () => {
    for (const region of PRIVATE_LINK_REGIONS) {
      const services = databricksEndpointServices(region);
      expect(services?.workspace).toMatch(new RegExp(`^com\\.amazonaws\\.vpce\\.${region}\\.vpce-svc-[0-9a-f]{17}$`));
      expect(services?.relay).toMatch(new RegExp(`^com\\.amazonaws\\.vpce\\.${region}\\.vpce-svc-[0-9a-f]{17}$`));
      expect(services?.relay).not.toBe(services?.workspace);
    }
  });

  it("adds the SRA regions given in full and leaves out unverified us-west-1 and GovCloud", () => {
    expect(PRIVATE_LINK_REGIONS).toEqual([...PRIVATE_LINK_REGIONS].sort());
    expect(PRIVATE_LINK_REGIONS).toEqual(expect.arrayContaining([...Object.keys(FACTS_C3), "ap-northeast-1", "ca-central-1", "sa-east-1"]));
    expect(databricksEndpointServices("ca-central-1")).toEqual({
      workspace: "com.amazonaws.vpce.ca-central-1.vpce-svc-0205f197ec0e28d65",
      relay: "com.amazonaws.vpce.ca-central-1.vpce-svc-0c4e25bdbcbfbb684",
    });
    expect(PRIVATE_LINK_REGIONS).not.toContain("us-west-1");
    expect(PRIVATE_LINK_REGIONS).not.toContain("us-gov-west-1");
  });

  it("returns undefined for a region it does not know, including object property names", () => {
    expect(databricksEndpointServices("us-west-1")).toBeUndefined();
    expect(databricksEndpointServices("mars-north-1")).toBeUndefined();
    expect(databricksEndpointServices("toString")).toBeUndefined();
    expect(databricksEndpointServices("__proto__")).toBeUndefined();
  });
});

describe("databricksRegionalBuckets", () => {
  it("returns the Databricks-owned buckets of a region", () => {
    expect(databricksRegionalBuckets("us-east-1")).toEqual({
      artifactBuckets: ["databricks-prod-artifacts-us-east-1"],
      sampleDataBucket: "databricks-datasets-virginia",
      systemTablesBucket: "system-tables-prod-us-east-1-uc-metastore-bucket",
      logBucket: "databricks-prod-storage-virginia",
    });
  });

  it("includes the runtime update bucket in us-west-2", () => {
    expect(databricksRegionalBuckets("us-west-2")?.artifactBuckets).toEqual(["databricks-prod-artifacts-us-west-2", "databricks-update-oregon"]);
  });

  it("covers the same regions as the endpoint services", () => {
    for (const region of PRIVATE_LINK_REGIONS) {
      expect(databricksRegionalBuckets(region)?.systemTablesBucket).toBe(`system-tables-prod-${region}-uc-metastore-bucket`);
    }
    expect(databricksRegionalBuckets("us-west-1")).toBeUndefined();
  });
});
