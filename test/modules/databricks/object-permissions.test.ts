import { ObjectPermissions, PrincipalLevels } from "../../../modules/databricks/object-permissions";
import { principalListProblems } from "../../../modules/databricks/permission-access";
import { groupPrincipal, servicePrincipal, userPrincipal } from "../../../modules/databricks/principal";
import { synthesize } from "../../synth-json";
import { pipelinesStack } from "./pipelines/pipelines-fixture";

const LEVELS = ["CAN_VIEW", "CAN_USE", "CAN_MANAGE"] as const;
type Level = (typeof LEVELS)[number];

describe("ObjectPermissions", () => {
  it("makes one databricks_permissions in its scope on the first grant and rewrites it on every later one", () => {
    const { stack, workspace } = pipelinesStack();
    const access = new ObjectPermissions<Level>(stack, "Acl", { provider: workspace, object: { jobId: "123" }, ranking: LEVELS });
    expect(access.resource).toBeUndefined();
    const first = access.grant(groupPrincipal("engineers"), "CAN_MANAGE");
    const second = access.grant(servicePrincipal("app-1"), "CAN_VIEW");
    access.grant(groupPrincipal("engineers"), "CAN_VIEW");
    expect(second).toBe(first);
    expect(access.resource).toBe(first);
    expect(first.node.path).toBe(`${stack.node.path}/Acl`);
    expect(access.levelOf(groupPrincipal("engineers"))).toBe("CAN_MANAGE");
    expect(access.levelOf(userPrincipal("nobody@example.com"))).toBeUndefined();
    expect(Object.values(synthesize(stack).resources("databricks_permissions"))).toEqual([
      expect.objectContaining({
        job_id: "123",
        access_control: [
          { group_name: "engineers", permission_level: "CAN_MANAGE" },
          { service_principal_name: "app-1", permission_level: "CAN_VIEW" },
        ],
      }),
    ]);
  });

  it("lets the last grant win without a ranking, and tells principals apart by keyOf", () => {
    const lastWins = new PrincipalLevels<Level>().addAll([groupPrincipal("g")], "CAN_MANAGE").addAll([groupPrincipal("g")], "CAN_VIEW");
    expect(lastWins.levelOf(groupPrincipal("g"))).toBe("CAN_VIEW");
    const byName = new PrincipalLevels<Level>({ ranking: LEVELS, keyOf: (p) => p.name });
    byName.add(groupPrincipal("x"), "CAN_USE");
    byName.add(userPrincipal("x"), "CAN_VIEW");
    expect(byName.entries).toEqual([{ principal: groupPrincipal("x"), level: "CAN_USE" }]);
    expect(new PrincipalLevels<Level>().addAll([groupPrincipal("g"), userPrincipal("u@example.com")], "CAN_USE").entries).toHaveLength(2);
  });
});

describe("principalListProblems", () => {
  it("names each refused principal by its list and index, lists in the order given", () => {
    expect(
      principalListProblems({ readers: [groupPrincipal("ok"), groupPrincipal(" ")], writers: undefined, managers: [groupPrincipal("users")] }),
    ).toEqual([expect.stringMatching(/^readers\[1\]: /), expect.stringMatching(/^managers\[0\]: /)]);
  });
});
