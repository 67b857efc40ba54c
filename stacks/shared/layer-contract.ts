/**
 * Typed contracts between layers. A layer publishes its results as fixed-name Terraform outputs; the next layer
 * (or another team's app) reads them back through a typed accessor over the producer's remote state.
 *
 * One definition serves both sides, so the output names cannot drift apart, and they do not depend on construct
 * paths (cdktf's implicit cross-stack references do, so renaming a construct would break consumers).
 *
 * How a contract grows (every layer's outputs.ts follows this):
 * - A field, once published, is never renamed or removed: consumers in other states and other teams' apps read it
 *   by name. Add a new field instead, and describe it.
 * - New fields that depend on config are keyed maps (`kind: "map"`, e.g. `streamArns: { orders: "arn:..." }`),
 *   empty when the feature is off, rather than one scalar per feature with `""` meaning off: a second stream, endpoint
 *   or share is then a new key, not a new field, and a consumer asks for a key it knows instead of testing for "".
 *   (The first three layers' scalar fields that are "" when off stay as they are: renaming them would break readers.)
 * - Keys are config keys (stable, kebab-case), never construct ids or physical names.
 * - Values are ids, names, ARNs and URLs, never secrets (the state is readable by every consumer). The one exception
 *   is a credential a layer must hand to people (a Delta Sharing activation link): its field is `sensitive`, so
 *   Terraform redacts it in plan and apply output and `terraform output -json` is needed to read it.
 */
import { DataTerraformRemoteStateS3, TerraformOutput, Token, type S3BackendConfig } from "cdktf";
import type { Construct } from "constructs";

/** The shape of one contract field: a string, a list of strings, or a map of strings. */
export type FieldKind = "string" | "list" | "map";

type KindOf<T> = T extends string ? "string" : T extends readonly string[] ? "list" : T extends Readonly<Record<string, string>> ? "map" : never;

/**
 * The definition of a contract: for every field its kind, a description (shown in `terraform output`) and whether it
 * is sensitive (redacted in Terraform's output; default false).
 */
export type ContractFields<T> = {
  readonly [K in keyof T]-?: { readonly kind: KindOf<T[K]>; readonly description: string; readonly sensitive?: boolean };
};

/** A layer's contract: publishes values as outputs and reads them back from the layer's state. */
export interface LayerContract<T> {
  /** The layer name (network-storage, workspace, ...), used in state keys and messages. */
  readonly layer: string;
  /** The field definitions. */
  readonly fields: ContractFields<T>;
  /** The Terraform output name of a field: its name in snake_case (vpcId -> vpc_id). */
  outputName(field: keyof T): string;
  /** Declares one TerraformOutput per field in the producing stack. */
  publish(scope: Construct, values: T): void;
  /** Reads the contract from the producer's remote state, as typed tokens. */
  fromRemoteState(scope: Construct, id: string, backend: S3BackendConfig): T;
}

/** Defines a layer contract. */
export function defineLayerContract<T>(layer: string, fields: ContractFields<T>): LayerContract<T> {
  const names = Object.keys(fields) as (keyof T & string)[];
  const outputName = (field: keyof T) => snakeCase(String(field));
  return {
    layer,
    fields,
    outputName,
    publish(scope, values) {
      for (const field of names) {
        const value = values[field];
        if (value === undefined) throw new Error(`${layer} contract: field "${field}" has no value; every field of the contract must be published`);
        const { description, sensitive } = fields[field];
        new TerraformOutput(scope, outputName(field), { value, description, ...(sensitive ? { sensitive: true } : {}) });
      }
    },
    fromRemoteState(scope, id, backend) {
      const state = new DataTerraformRemoteStateS3(scope, id, backend);
      const result: Record<string, unknown> = {};
      for (const field of names) {
        const name = outputName(field);
        const kind = fields[field].kind as FieldKind;
        result[field] = kind === "string" ? state.getString(name) : kind === "list" ? state.getList(name) : Token.asStringMap(state.get(name));
      }
      return result as T;
    },
  };
}

function snakeCase(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toLowerCase();
}
