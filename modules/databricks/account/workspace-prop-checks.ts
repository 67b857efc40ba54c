/**
 * Prop checks shared by the workspace constructs of this folder. Each returns messages naming the prop, the value
 * and what is allowed; unresolved tokens are skipped (Terraform and the provider check them at plan time).
 */
import { Token } from "cdktf";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const IAM_ROLE_NAME = /^[\w+=,.@-]{1,64}$/;

/** A Databricks account id must be a UUID. */
export function databricksAccountIdProblems(prop: string, value: string): string[] {
  if (Token.isUnresolved(value) || UUID.test(value)) return [];
  return [`${prop}: "${value}" is not a Databricks account id; use the UUID shown in the account console`];
}

/** An IAM role name: 1-64 letters, digits and + = , . @ _ -. */
export function iamRoleNameProblems(prop: string, value: string): string[] {
  if (Token.isUnresolved(value) || IAM_ROLE_NAME.test(value)) return [];
  return [`${prop}: "${value}" is not a valid IAM role name; use 1-64 letters, digits and + = , . @ _ -`];
}

/** A whole number of seconds in [min, max], or undefined (the default applies). */
export function durationSecondsProblems(prop: string, value: number | undefined, min: number, max: number): string[] {
  if (value === undefined || Token.isUnresolved(value) || (Number.isInteger(value) && value >= min && value <= max)) return [];
  return [`${prop}: ${value} is not allowed; use a whole number of seconds from ${min} to ${max}`];
}

/** A name that must not be empty. */
export function nonEmptyProblems(prop: string, value: string): string[] {
  if (Token.isUnresolved(value) || value.trim().length > 0) return [];
  return [`${prop}: is empty; give it a name`];
}
