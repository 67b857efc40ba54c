import { Testing, TerraformStack } from "cdktf";
import { ENVIRONMENTS, validateEnvironments } from "../../../environments";
import { PrincipalDirectory } from "../../../stacks/shared/principal-directory";

const config = validateEnvironments(Object.values(ENVIRONMENTS))[0];
const applicationIds = { deployer: "app-deployer", orchestrator: "app-orchestrator" };

function directory(): PrincipalDirectory {
  return new PrincipalDirectory(new TerraformStack(Testing.app(), `${config.name}-unity-catalog`), {
    config,
    servicePrincipalApplicationIds: applicationIds,
  });
}

describe("PrincipalDirectory", () => {
  it("names a group by its display name and a service principal by its application id", () => {
    const principals = directory();
    const group = Object.keys(config.workspace.groups)[0];
    expect(principals.group(group)).toEqual({ kind: "group", name: `${config.project.prefix}-${config.name}-${group}` });
    expect(principals.servicePrincipal("orchestrator").kind).toBe("service-principal");
    expect(principals.resolve("orchestrator").kind).toBe("service-principal");
    expect(principals.resolve(group).kind).toBe("group");
  });

  it("resolves each key once, so grants to one principal merge into one grant block", () => {
    const principals = directory();
    expect(principals.servicePrincipal("deployer")).toBe(principals.resolve("deployer"));
  });

  it.each(["toString", "constructor", "__proto__", "hasOwnProperty", "nobody"])(
    "refuses %s, which is not a key of the config, with the known keys",
    (key) => {
      const principals = directory();
      expect(() => principals.resolve(key)).toThrow(
        new RegExp(`^${config.name}-unity-catalog: principal "${key}" is not a group or service principal`),
      );
      expect(() => principals.group(key)).toThrow(/is not a group of workspace.groups/);
      expect(() => principals.servicePrincipal(key)).toThrow(/service principals: deployer, orchestrator/);
    },
  );

  it("refuses a service principal key as a group and a group key as a service principal", () => {
    const principals = directory();
    expect(() => principals.group("deployer")).toThrow(/principal "deployer" is not a group/);
    expect(() => principals.servicePrincipal(Object.keys(config.workspace.groups)[0])).toThrow(/is not a service principal/);
  });

  it("names another environment's group as that environment's workspace layer does", () => {
    expect(directory().groupOfEnvironment("staging", "platform-admins")).toEqual({
      kind: "group",
      name: `${config.project.prefix}-staging-platform-admins`,
    });
  });
});
