import { Testing, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { isUserError, UserError, ValidationError } from "../../../modules/core/errors";
import { throwIfInvalidInput, throwIfInvalidProps } from "../../../modules/core/validation";

class Widget extends Construct {
  constructor(scope: Construct, id: string, problems: string[]) {
    super(scope, id);
    throwIfInvalidProps(this, problems);
  }
}

describe("ValidationError", () => {
  it("names the construct's path on every line, one line per problem", () => {
    const stack = new TerraformStack(Testing.app(), "prod-unity-catalog");
    const error = (() => {
      try {
        new Widget(stack, "Catalog-main", ['name: "Main" must be lowercase', "workspaceIds: none given"]);
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).message).toBe(
      'prod-unity-catalog/Catalog-main: name: "Main" must be lowercase\nprod-unity-catalog/Catalog-main: workspaceIds: none given',
    );
    expect((error as ValidationError).constructPath).toBe("prod-unity-catalog/Catalog-main");
    expect((error as ValidationError).problems).toHaveLength(2);
  });

  it("is not thrown when there is no problem", () => {
    expect(() => new Widget(new TerraformStack(Testing.app(), "s"), "W", [])).not.toThrow();
    expect(() => throwIfInvalidInput("fn", [])).not.toThrow();
  });

  it("is a user error (printed whole by the tools) with exit code 1; a usage error can carry 2", () => {
    expect(isUserError(new ValidationError("x", ["y"]))).toBe(true);
    expect(new ValidationError("x", ["y"]).exitCode).toBe(1);
    expect(new UserError("bad flag", 2).exitCode).toBe(2);
    expect(isUserError(new Error("bug"))).toBe(false);
  });
});
