/**
 * The environment config schema: the only configuration surface of the app. One object per stage, validated
 * (structure here, cross-field rules in ../validate.ts) before any construct is built.
 */
import { z } from "zod";
import { networkSchema } from "./network";
import { awsAccountId, awsRegion, databricksAccountId, iamRoleArn, namePart, tagKey, tagValue } from "./primitives";
import { workspaceSchema } from "./workspace";
import { unityCatalogSchema } from "./unity-catalog";

export const environmentSchema = z.strictObject({
  /** The stage name (dev, staging, prod, ...): part of every stack id, state key and physical name. */
  name: namePart(12),
  /**
   * A production environment must keep data protection on and run with PrivateLink and customer-managed keys;
   * validation refuses a production config without them.
   */
  production: z.boolean(),
  project: z.strictObject({
    /** Prefix of every physical name (buckets, roles, keys, the workspace). Short: S3 names have 63 characters. */
    prefix: namePart(20),
    /** Owning team, as a tag on every resource. */
    owner: tagValue.min(1),
    /** Cost center, as a tag on every resource. */
    costCenter: tagValue.min(1),
  }),
  aws: z.strictObject({
    /** The AWS account the environment deploys into. */
    accountId: awsAccountId,
    /** The AWS region of every resource of the environment. */
    region: awsRegion,
    /** A role the deployer assumes in the target account. @default - the deployer's own credentials are used */
    assumeRoleArn: iamRoleArn.optional(),
  }),
  databricks: z.strictObject({
    /** The Databricks account id (account console, top right). Also the external id of the cross-account role. */
    accountId: databricksAccountId,
  }),
  /** Where Terraform state lives: an S3 bucket with versioning, in the deploying account (see README, bootstrap). */
  state: z.strictObject({
    bucket: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/, "must be an S3 bucket name: 3-63 lowercase letters, digits and hyphens"),
    region: awsRegion,
  }),
  /**
   * Protect everything that holds data from destruction: prevent_destroy on buckets, keys and databases, deletion
   * protection where the service has it. On unless an environment opts out explicitly.
   */
  dataProtection: z.boolean().default(true),
  encryption: z.strictObject({
    /**
     * Register customer-managed keys with Databricks for managed services (notebooks, secrets, queries) and workspace
     * storage (root bucket, cluster EBS volumes). Our own buckets are always encrypted with our KMS keys.
     */
    customerManagedKeys: z.boolean(),
  }),
  network: networkSchema,
  storage: z
    .strictObject({
      /** Days a noncurrent object version is kept before it expires. */
      noncurrentVersionExpirationDays: z.number().int().min(1).max(3650).default(90),
    })
    .default({ noncurrentVersionExpirationDays: 90 }),
  /** The Databricks workspace, its account-level identities, log delivery and serverless egress (schema/workspace.ts). */
  workspace: workspaceSchema,
  /** Workspace security settings, metastore, medallion catalogs, grants, system tables, federation (schema/unity-catalog.ts). */
  unityCatalog: unityCatalogSchema,
  /** Extra tags on every AWS resource, on top of environment, project, owner and cost-center. */
  tags: z.record(tagKey, tagValue).default({}),
});

/** A config as written in environments/*.ts (defaults may be omitted). */
export type EnvironmentInput = z.input<typeof environmentSchema>;
/** A validated config with defaults applied: what stacks receive. */
export type EnvironmentConfig = z.output<typeof environmentSchema>;
