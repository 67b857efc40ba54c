/**
 * No credential in the synthesized JSON: values that look like credentials anywhere, and literals in
 * attributes named like credentials.
 */
import { isPureExpression } from "../expressions";
import { RulePack } from "../pack";
import { ResourceRule } from "../rule";
import { Block } from "../synth-model";
import { aws, databricks } from "./anchors";
import { allProblems } from "./common";

/** Patterns of credentials that are never legitimate literals. */
export const CREDENTIAL_PATTERNS: readonly { readonly kind: string; readonly pattern: RegExp }[] = [
  { kind: "an AWS access key id", pattern: /\b(AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}\b/ },
  { kind: "a Databricks personal access token", pattern: /\bdapi[0-9a-f]{32}(-\d+)?\b/ },
  { kind: "a private key", pattern: /-----BEGIN ([A-Z]+ )*PRIVATE KEY-----/ },
  { kind: "a GitHub token", pattern: /\bgh[pousr]_[A-Za-z0-9]{36}\b/ },
];

/** Attribute names (snake_case, last words) that hold credentials. */
const SECRET_NAME =
  /(^|_)(password|passwd|secret|token|client_secret|api_key|apikey|secret_key|access_key|access_key_id|private_key|secret_string|auth_code)(_wo)?$/;

/** Names that match {@link SECRET_NAME} but hold no secret (idempotency keys). */
const NOT_SECRET_NAMES = new Set(["idempotency_token", "creation_token", "client_token"]);

/** Attributes that hold a secret value for specific types, whatever their name. */
const SECRET_ATTRIBUTES: Readonly<Record<string, readonly string[]>> = {
  databricks_secret: ["string_value"],
  aws_secretsmanager_secret_version: ["secret_string", "secret_binary", "secret_string_wo"],
};

/** A Databricks secret reference, e.g. `{{secrets/scope/key}}`: not a literal. */
const SECRET_REFERENCE = /^\s*\{\{\s*secrets\/[^/}]+\/[^/}]+\s*\}\}\s*$/;

/** `maxTokenLifetimeDays` -> `max_token_lifetime_days`; `spark.hadoop.fs.s3a.secret.key` -> `spark_hadoop_fs_s3a_secret_key`. */
export function normalizeName(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .replace(/[^A-Za-z0-9]+/g, "_")
    .toLowerCase();
}

/** True for a non-empty string that is not a reference (`${...}`) or a Databricks secret reference. */
export function isLiteral(value: unknown): value is string {
  return typeof value === "string" && value.trim() !== "" && !isPureExpression(value) && !SECRET_REFERENCE.test(value);
}

const noLiteralSecrets: ResourceRule = {
  id: "SECRETS-NO-LITERALS",
  pack: "secrets",
  scope: "resource",
  severity: "critical",
  title: "No credential appears as a literal anywhere in the synthesized JSON",
  rationale: "Synthesized JSON, Terraform state and CI logs are read by many; a credential written there is a leaked credential",
  anchors: [aws("Secrets Manager best practices: do not embed credentials"), databricks("Secret management: reference {{secrets/scope/key}}")],
  appliesTo: ["*"],
  fix: "read the secret at deploy time (Secrets Manager, a Databricks secret scope reference {{secrets/<scope>/<key>}}, or a sensitive variable) instead of writing it in code",
  notes:
    "Flags AWS access key ids, Databricks tokens (dapi...), private keys and GitHub tokens anywhere; literals in attributes named like password, secret, token, client_secret, api_key or *_plaintext; literal defaults of sensitive variables; databricks_secret.string_value and secret_string literals.",
  check: (block) => allProblems(problemsIn(block)),
};

function problemsIn(block: Block): string[] {
  const problems: string[] = [];
  const forced = SECRET_ATTRIBUTES[block.type] ?? [];
  const visit = (value: unknown, path: string[]): void => {
    if (typeof value === "string") {
      const problem = stringProblem(value, path, forced, block);
      if (problem) {
        problems.push(problem);
      }
    } else if (Array.isArray(value)) {
      value.forEach((v, i) => visit(v, [...path, String(i)]));
    } else if (value !== null && typeof value === "object") {
      Object.entries(value).forEach(([k, v]) => visit(v, [...path, k]));
    }
  };
  visit(block.attrs, rootPath(block));
  return problems;
}

/** Where a block's values are named from: a variable's, local's or output's own name counts as its attribute name. */
function rootPath(block: Block): string[] {
  return block.kind === "variable" || block.kind === "local" || block.kind === "output" ? [block.name] : [];
}

function stringProblem(value: string, path: readonly string[], forced: readonly string[], block: Block): string | undefined {
  const where = path.filter((p) => !/^\d+$/.test(p)).join(".") || block.address;
  const hit = CREDENTIAL_PATTERNS.find((c) => c.pattern.test(value));
  if (hit) {
    return `${where} holds what looks like ${hit.kind}`;
  }
  const name = nameOf(path, block);
  if (name.endsWith("_plaintext")) {
    return value.trim() === "" ? undefined : `${where} is a *_plaintext credential field`;
  }
  const secretByName = (SECRET_NAME.test(name) && !NOT_SECRET_NAMES.has(name)) || forced.includes(path[0] ?? "");
  const sensitiveDefault = block.kind === "variable" && path[path.length - 1] === "default" && block.attrs.sensitive === true;
  return (secretByName || sensitiveDefault) && isLiteral(value) ? `${where} holds a literal credential` : undefined;
}

/** The attribute name a string leaf is held under (a variable's default is named after the variable). */
function nameOf(path: readonly string[], block: Block): string {
  const named = path.filter((p) => !/^\d+$/.test(p));
  const last = named[named.length - 1] ?? "";
  if (block.kind === "variable" && last === "default") {
    return normalizeName(block.name);
  }
  return normalizeName(last);
}

/** The secrets pack. */
export const SECRETS_PACK: RulePack = {
  name: "secrets",
  description: "No credential literals in the synthesized JSON",
  rules: [noLiteralSecrets],
};
