/**
 * Typed IAM policy documents, rendered to the JSON string that AWS resources take.
 *
 * Policies are built in code (not through the `aws_iam_policy_document` data source) so that the
 * synthesized JSON holds the policy itself: tests and guardrails read it without a plan.
 * Unresolved tokens (ARNs of resources in the same stack) are kept as `${...}` references inside
 * the string and resolved by Terraform.
 */
import { Lazy } from "cdktf";

/** A condition block: operator -> condition key -> value(s). */
export type PolicyConditions = Record<string, Record<string, string | string[] | boolean>>;

/** A principal: `"*"`, or principals by kind (AWS, Service, Federated). */
export type PolicyPrincipal =
  "*" | { readonly AWS?: string | string[]; readonly Service?: string | string[]; readonly Federated?: string | string[] };

/** One statement of an IAM policy document. */
export interface PolicyStatement {
  /**
   * Statement id; letters and digits only.
   * @default - no `Sid` (the statement is anonymous)
   */
  readonly sid?: string;
  /** @default "Allow" */
  readonly effect?: "Allow" | "Deny";
  /**
   * Set on resource policies (bucket, key, endpoint, trust); omit on identity policies.
   * @default - no `Principal` (an identity policy statement)
   */
  readonly principal?: PolicyPrincipal;
  /** The actions the statement allows or denies (`s3:GetObject`, `kms:*`); one action is rendered as a string. */
  readonly actions: string[];
  /** @default - omitted (trust policies have no resources) */
  readonly resources?: string[];
  /**
   * Conditions under which the statement applies: operator -> condition key -> value(s).
   * @default - no `Condition` (the statement always applies)
   */
  readonly conditions?: PolicyConditions;
}

/** Renders statements as an IAM policy document (version 2012-10-17). */
export function renderPolicy(statements: readonly PolicyStatement[]): string {
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: statements.map((s) => ({
      ...(s.sid ? { Sid: s.sid } : {}),
      Effect: s.effect ?? "Allow",
      ...(s.principal ? { Principal: s.principal } : {}),
      Action: s.actions.length === 1 ? s.actions[0] : s.actions,
      ...(s.resources ? { Resource: s.resources.length === 1 ? s.resources[0] : s.resources } : {}),
      ...(s.conditions ? { Condition: s.conditions } : {}),
    })),
  });
}

/**
 * A policy whose statements can still be added after it is attached to a resource (for example a
 * later construct granting itself access to a key): rendered when the stack is synthesized.
 */
export class PolicyDocumentBuilder {
  private readonly statements: PolicyStatement[] = [];

  constructor(initial: readonly PolicyStatement[] = []) {
    this.statements.push(...initial);
  }

  /** Adds a statement; a second statement with the same `sid` is refused. */
  public add(statement: PolicyStatement): void {
    if (statement.sid && this.statements.some((s) => s.sid === statement.sid)) {
      throw new Error(`policy statement "${statement.sid}" is already present; give the new statement its own sid`);
    }
    this.statements.push(statement);
  }

  /** The statements so far, in order. */
  public get all(): readonly PolicyStatement[] {
    return [...this.statements];
  }

  /** A string token that renders the final document at synth time. */
  public render(): string {
    return Lazy.stringValue({ produce: () => renderPolicy(this.statements) });
  }
}
