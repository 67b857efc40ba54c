/**
 * Unity Catalog system tables: the system schemas enabled on the metastore, and read access for named principals.
 */
import { Grant } from "@cdktf/provider-databricks/lib/grant";
import { SystemSchema } from "@cdktf/provider-databricks/lib/system-schema";
import type { ITerraformDependable, TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import type { Principal } from "../principal";
import { ALL_USERS_PRINCIPALS, CATALOG_USE, SYSTEM_SCHEMA_READ } from "./privileges";
import { throwIfInvalidProps } from "../../core/validation";
import { ALWAYS_ON_SYSTEM_SCHEMAS, ENABLEABLE_SYSTEM_SCHEMAS } from "../enums";

/** A system schema that can be read. */
export type SystemSchemaName = (typeof ENABLEABLE_SYSTEM_SCHEMAS)[number] | (typeof ALWAYS_ON_SYSTEM_SCHEMAS)[number];

/** Properties of {@link SystemSchemas}. */
export interface SystemSchemasProps {
  /** The workspace-level Databricks provider. */
  readonly provider: TerraformProvider;
  /**
   * System schemas to enable. Enabling is metastore-wide: when environments share a metastore, one of them enables.
   * @default - none
   */
  readonly enable?: (typeof ENABLEABLE_SYSTEM_SCHEMAS)[number][];
  /**
   * System schemas the readers may read (enabled here or elsewhere, or always on).
   * @default - the enabled schemas and billing
   */
  readonly read?: SystemSchemaName[];
  /** Principals (group names) who may read them: usually only the platform admins. */
  readonly readers: readonly Principal[];
  /**
   * Resources to wait for (the metastore assignment).
   * @default - none
   */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * Enables system schemas and grants read on them.
 *
 * The `system` catalog belongs to the metastore, which several environments may share, so the grants are
 * `databricks_grant` (one principal, not authoritative) rather than `databricks_grants`, which would remove other
 * environments' grants on every apply.
 *
 * @see https://docs.databricks.com/aws/en/admin/system-tables/
 * @example
 * new SystemSchemas(this, "SystemTables", { provider: workspace, enable: ["access", "compute"], readers: [groupPrincipal("acme-prod-platform-admins")] });
 */
export class SystemSchemas extends Construct {
  /** The enabled schemas, by name. */
  public readonly schemas: Record<string, SystemSchema> = {};
  /** The grants, one per principal and securable. */
  public readonly grants: Grant[] = [];

  constructor(scope: Construct, id: string, props: SystemSchemasProps) {
    super(scope, id);
    const enable = props.enable ?? [];
    const read = props.read ?? [...enable, ...ALWAYS_ON_SYSTEM_SCHEMAS];
    throwIfInvalidProps(this, systemSchemaPropsProblems(props, enable, read));
    const { provider } = props;
    const dependsOn = props.dependsOn ?? [];
    for (const schema of enable) {
      this.schemas[schema] = new SystemSchema(this, `Schema-${schema}`, { provider, schema, dependsOn });
    }
    props.readers.forEach(({ name: principal }, i) => {
      this.grants.push(new Grant(this, `Catalog-${i}`, { provider, catalog: "system", principal, privileges: [...CATALOG_USE], dependsOn }));
      for (const schema of read) {
        const enabled = this.schemas[schema];
        this.grants.push(
          new Grant(this, `${schema}-${i}`, {
            provider,
            schema: `system.${schema}`,
            principal,
            privileges: [...SYSTEM_SCHEMA_READ],
            dependsOn: enabled ? [...dependsOn, enabled] : dependsOn,
          }),
        );
      }
    });
  }
}

function systemSchemaPropsProblems(props: SystemSchemasProps, enable: string[], read: string[]): string[] {
  const problems: string[] = [];
  const enableable: readonly string[] = ENABLEABLE_SYSTEM_SCHEMAS;
  const readable: readonly string[] = [...ENABLEABLE_SYSTEM_SCHEMAS, ...ALWAYS_ON_SYSTEM_SCHEMAS];
  enable.filter((s) => !enableable.includes(s)).forEach((s) => problems.push(`enable: "${s}" cannot be enabled; use ${enableable.join(", ")}`));
  read.filter((s) => !readable.includes(s)).forEach((s) => problems.push(`read: "${s}" is not a system schema; use ${readable.join(", ")}`));
  if (props.readers.length === 0 && read.length > 0) problems.push("readers: none given; name the group that reads the system tables");
  props.readers
    .map((r) => r.name)
    .filter((r) => ALL_USERS_PRINCIPALS.includes(r.trim().toLowerCase()))
    .forEach((r) => problems.push(`readers: "${r}" is everyone in the account; system tables hold audit data, grant to a group`));
  return problems;
}
