/**
 * The problems of a service credential's props, for the construct and for subclasses that check them before
 * calling super() (which creates the role and the credential). Internal: not re-exported by the package.
 */
import { Token } from "cdktf";
import type { PolicyStatement } from "../../aws/policy-document";
import { ucNameProblem } from "./pipeline-settings";
import type { UnityCatalogServiceCredentialProps } from "./unity-catalog-service-credential";

/** Every problem with a service credential's props, one line each naming the prop. */
export function serviceCredentialProblems(props: UnityCatalogServiceCredentialProps): string[] {
  const problems: string[] = [];
  const name = props.credentialName;
  const nameProblem = ucNameProblem("credentialName", name, "name the credential, e.g. acme_prod_kinesis");
  if (nameProblem) problems.push(nameProblem);
  else if (!Token.isUnresolved(name) && name.length > 255)
    problems.push(`credentialName: "${name}" is ${name.length} characters long; use at most 255`);
  if (!Token.isUnresolved(props.comment) && props.comment.trim().length === 0) {
    problems.push("comment: is empty; say what the credential is for");
  }
  if (props.statements.length === 0) problems.push("statements: none given; name what the role may do, resources by ARN");
  props.statements.forEach((statement, i) => problems.push(...statementProblems(statement, `statements[${i}]`)));
  (props.workspaceIds ?? []).forEach((workspaceId, i) => {
    if (!Token.isUnresolved(workspaceId) && (!Number.isSafeInteger(workspaceId) || workspaceId <= 0)) {
      problems.push(`workspaceIds[${i}]: ${workspaceId} is not a workspace id (a positive whole number)`);
    }
  });
  return problems;
}

/** A statement must allow named actions on resources by ARN: no bare `*` action or resource. */
function statementProblems(statement: PolicyStatement, where: string): string[] {
  const problems: string[] = [];
  if (statement.actions.length === 0) problems.push(`${where}.actions: none given`);
  if (statement.actions.some((action) => action === "*" || action.endsWith(":*"))) {
    problems.push(`${where}.actions: ${statement.actions.join(", ")} includes a whole-service wildcard; name the actions`);
  }
  if (!statement.resources || statement.resources.length === 0) {
    problems.push(`${where}.resources: none given; name the resources by ARN`);
  } else if (statement.resources.some((resource) => resource === "*")) {
    problems.push(`${where}.resources: "*" is not allowed; name the resources by ARN`);
  }
  return problems;
}
