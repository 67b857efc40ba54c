import { UserError } from "../../../modules/core/errors";
import { parseDiagramArgs, USAGE } from "../../../scripts/diagram/arguments";

describe("the arguments of npm run diagram", () => {
  it("take one environment, or every one, and an output folder", () => {
    expect(parseDiagramArgs(["--env", "prod"])).toEqual({ env: "prod", all: false, out: undefined });
    expect(parseDiagramArgs(["--env=prod", "--out", "docs/"])).toEqual({ env: "prod", all: false, out: "docs/" });
    expect(parseDiagramArgs(["--all"])).toEqual({ env: undefined, all: true, out: undefined });
  });

  it.each([
    [[], "give --env <env> or --all"],
    [["--env", "dev", "--all"], "give --env or --all, not both"],
    [["--env"], "--env needs a value"],
    [["--env", "--all"], "--env needs a value"],
    [["--env", "dev", "--env", "prod"], "--env is given twice"],
    [["--env", "dev,prod"], "--env takes one environment; use --all for every one"],
    [["--all=yes"], "--all takes no value"],
    [["--format", "png"], 'unknown option "--format"'],
    [["dev"], 'unexpected argument "dev"; name the environment with --env dev'],
  ])("refuse %j as a usage error (exit 2) with the problem, then the usage line", (args, problem) => {
    let error: unknown;
    try {
      parseDiagramArgs(args);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).exitCode).toBe(2);
    expect((error as UserError).message).toBe(`${problem}\n${USAGE}`);
  });
});
