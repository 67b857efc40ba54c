/**
 * Data protection in protected environments: everything that holds data or identity survives a
 * mistaken destroy. Deletion protection and KMS deletion windows are checked in their service packs
 * (RDS-DELETION-PROTECTION, DYNAMODB-DELETION-PROTECTION, KMS-DELETION-WINDOW) under the same setting.
 */
import { isExpression } from "../expressions";
import { fail, PASS, ResourceRule } from "../rule";
import { blockOf, isTrue } from "../values";
import { terraform } from "./anchors";
import { mustBeTrue, whenProtected } from "./common";

/** Resource types that hold data or identity, and so must not be destroyed by a plan. */
export const DATA_HOLDING_TYPES: readonly string[] = [
  "aws_s3_bucket",
  "aws_kms_key",
  "aws_db_instance",
  "aws_rds_cluster",
  "aws_dynamodb_table",
  "aws_kinesis_stream",
  "databricks_mws_workspaces",
  "databricks_metastore",
  "databricks_catalog",
  "databricks_schema",
  "databricks_volume",
  "databricks_external_location",
  "databricks_storage_credential",
  "databricks_credential",
  "databricks_database_instance",
];

/** Unity Catalog and Lakebase types whose flag deletes their contents along with them. */
const CASCADING_DELETE: Readonly<Record<string, string>> = {
  databricks_metastore: "force_destroy",
  databricks_catalog: "force_destroy",
  databricks_schema: "force_destroy",
  databricks_external_location: "force_destroy",
  databricks_storage_credential: "force_destroy",
  databricks_credential: "force_destroy",
  databricks_database_instance: "purge_on_delete",
};

const preventDestroy: ResourceRule = {
  id: "DATA-PREVENT-DESTROY",
  pack: "data-protection",
  scope: "resource",
  severity: "high",
  title: "Resources that hold data or identity have lifecycle.prevent_destroy in protected environments",
  rationale: "prevent_destroy makes Terraform refuse any plan that would delete the resource, including a replacement forced by a changed argument",
  anchors: [terraform("lifecycle meta-argument: prevent_destroy", "https://developer.hashicorp.com/terraform/language/meta-arguments/lifecycle")],
  resourceTypes: DATA_HOLDING_TYPES,
  appliesWhen: "protectData is on",
  fix: 'set lifecycle { prevent_destroy = true } (in cdktf: resource.addOverride("lifecycle.prevent_destroy", true) or the lifecycle prop)',
  check: (block, ctx) =>
    whenProtected(ctx.settings.protectData, () => {
      const problem = mustBeTrue("lifecycle.prevent_destroy", blockOf(block.attrs.lifecycle)?.prevent_destroy);
      return problem === undefined ? PASS : fail(problem);
    }),
};

const noCascadingDelete: ResourceRule = {
  id: "DATA-NO-FORCE-DESTROY",
  pack: "data-protection",
  scope: "resource",
  severity: "high",
  title: "Unity Catalog objects and Lakebase instances do not delete their contents on destroy in protected environments",
  rationale: "force_destroy (purge_on_delete for Lakebase) deletes every table, volume or branch inside along with the object",
  anchors: [terraform("databricks provider: force_destroy on metastore, catalog, schema, external location, credentials")],
  resourceTypes: Object.keys(CASCADING_DELETE),
  appliesWhen: "protectData is on",
  fix: "remove force_destroy (purge_on_delete) or set it to false",
  check: (block, ctx) =>
    whenProtected(ctx.settings.protectData, () => {
      const attribute = CASCADING_DELETE[block.type];
      const value = block.attrs[attribute];
      if (isExpression(value)) {
        return fail(`${attribute} is ${value}, which cannot be resolved at synth`);
      }
      return isTrue(value) ? fail(`${attribute} is true`) : PASS;
    }),
};

/** The data-protection pack. */
export const DATA_PROTECTION_RULES: readonly ResourceRule[] = [preventDestroy, noCascadingDelete];
