/**
 * The errors a user reads: one line per problem, each naming where it is (a config file and field, a construct
 * path and prop). The command-line tools print them whole and exit non-zero, without a stack trace; any other
 * error is a bug and is reported as one.
 */
import type { IConstruct } from "constructs";

/** A failure caused by input (a config, props, arguments), with a message meant for the user as it is. */
export class UserError extends Error {
  /** The exit code a command-line tool ends with. @default 1 */
  public readonly exitCode: number;

  constructor(message: string, exitCode = 1) {
    super(message);
    this.name = "UserError";
    this.exitCode = exitCode;
  }
}

/**
 * Invalid props or arguments of a construct: every problem at once, each line `<construct path>: <prop>: <what is
 * wrong and what is allowed>`, e.g. `prod-unity-catalog/Catalog-main: name: "Main" must be lowercase ...`.
 */
export class ValidationError extends UserError {
  constructor(
    /** The construct's path in the tree (`<stack>/<id>/...`), or a function's name for a props function. */
    public readonly constructPath: string,
    /** One entry per problem. */
    public readonly problems: readonly string[],
  ) {
    super(problems.map((problem) => `${constructPath}: ${problem}`).join("\n"));
    this.name = "ValidationError";
  }
}

/** The path a construct `id` gets under `scope`: known before the construct exists, so props can be checked first. */
export function pathOf(scope: IConstruct, id: string): string {
  return scope.node.path ? `${scope.node.path}/${id}` : id;
}

/** True for an error whose message is for the user as it is. */
export function isUserError(error: unknown): error is UserError {
  return error instanceof UserError;
}
