import { describeMatcher, matchAny, matchBlock } from "../../../modules/policy/matcher";
import { Block, StackModel } from "../../../modules/policy/synth-model";

const JSON_STACK = {
  resource: {
    aws_s3_bucket: { data: { bucket: "lakehouse-data" } },
    restapi_object: {
      clean_room: { path: "/api/2.0/clean-rooms", data: "{}" },
      listing: { path: "/api/2.0/marketplace-provider/listing", data: "{}" },
      from_local: { path: "${local.clean_rooms}", data: "{}" },
      from_variable: { path: "${var.path}", data: "{}" },
    },
  },
  data: { aws_iam_policy_document: { trust: {} } },
  locals: { clean_rooms: "/api/2.0/clean-rooms" },
  variable: { path: { type: "string" } },
};

const model = StackModel.fromJson(JSON_STACK, { stackName: "st", stackPath: "st" });
const resolve = (value: unknown) => model.resolve(value);
const block = (address: string): Block => {
  const found = model.find(address);
  if (!found) {
    throw new Error(`fixture has no ${address}`);
  }
  return found;
};

const CLEAN_ROOMS = { type: "restapi_object", where: { path: /^\/api\/2\.0\/clean-rooms(\/|$)/ } };

describe("matchBlock", () => {
  it("matches a type given alone, a data source, a provider prefix and every block", () => {
    expect(matchBlock("aws_s3_bucket", block("aws_s3_bucket.data")).kind).toBe("match");
    expect(matchBlock("data.aws_iam_policy_document", block("data.aws_iam_policy_document.trust")).kind).toBe("match");
    expect(matchBlock("aws_*", block("aws_s3_bucket.data")).kind).toBe("match");
    expect(matchBlock("*", block("var.path")).kind).toBe("match");
  });

  it("does not match a data source by its resource type, or a resource of another type", () => {
    expect(matchBlock("aws_iam_policy_document", block("data.aws_iam_policy_document.trust")).kind).toBe("no-match");
    expect(matchBlock("aws_*", block("restapi_object.clean_room")).kind).toBe("no-match");
  });

  it("tells a clean room from a listing of the same type by its path", () => {
    expect(matchBlock(CLEAN_ROOMS, block("restapi_object.clean_room")).kind).toBe("match");
    expect(matchBlock(CLEAN_ROOMS, block("restapi_object.listing")).kind).toBe("no-match");
  });

  it("tests literals for equality and runs predicates on the value", () => {
    expect(matchBlock({ type: "restapi_object", where: { path: "/api/2.0/clean-rooms" } }, block("restapi_object.clean_room")).kind).toBe("match");
    expect(
      matchBlock({ type: "restapi_object", where: { path: (v) => typeof v === "string" && v.endsWith("/listing") } }, block("restapi_object.listing"))
        .kind,
    ).toBe("match");
    expect(matchBlock({ type: "restapi_object", where: { missing: "x" } }, block("restapi_object.clean_room")).kind).toBe("no-match");
  });

  it("applies a predicate over the whole block after the type and attribute conditions", () => {
    expect(matchBlock({ type: "restapi_object", when: (b) => b.name === "listing" }, block("restapi_object.listing")).kind).toBe("match");
    expect(matchBlock({ type: "restapi_object", when: (b) => b.name === "listing" }, block("restapi_object.clean_room")).kind).toBe("no-match");
  });

  it("follows a reference to a literal in the stack before testing it", () => {
    expect(matchBlock(CLEAN_ROOMS, block("restapi_object.from_local"), resolve).kind).toBe("match");
  });

  it("reports a condition on a value that cannot be resolved at synth instead of skipping the block", () => {
    expect(matchBlock(CLEAN_ROOMS, block("restapi_object.from_variable"), resolve)).toEqual({
      kind: "unresolved",
      attribute: "path",
      value: "${var.path}",
    });
  });

  it("does not report an unresolved value when another condition already rules the block out", () => {
    const postedCleanRooms = { ...CLEAN_ROOMS, where: { path: /clean-rooms/, create_method: "PUT" } };
    expect(matchBlock(postedCleanRooms, block("restapi_object.from_variable"), resolve).kind).toBe("no-match");
  });
});

describe("matchAny", () => {
  it("prefers a match over an unresolved condition, and an unresolved condition over no match", () => {
    const listing = { type: "restapi_object", where: { path: /listing$/ } };
    expect(matchAny([CLEAN_ROOMS, "restapi_object"], block("restapi_object.from_variable"), resolve).kind).toBe("match");
    expect(matchAny([listing, CLEAN_ROOMS], block("restapi_object.from_variable"), resolve).kind).toBe("unresolved");
    expect(matchAny([listing, "aws_s3_bucket"], block("restapi_object.clean_room"), resolve).kind).toBe("no-match");
  });
});

describe("describeMatcher", () => {
  it("writes out the type, the description and each condition for the docs", () => {
    expect(describeMatcher("aws_s3_bucket")).toEqual({ type: "aws_s3_bucket", conditions: [] });
    expect(describeMatcher({ ...CLEAN_ROOMS, description: "clean rooms" })).toEqual({
      type: "restapi_object",
      description: "clean rooms",
      conditions: ["path matches /^\\/api\\/2\\.0\\/clean-rooms(\\/|$)/"],
    });
  });
});
