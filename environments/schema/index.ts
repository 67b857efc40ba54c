/**
 * The environment config schema: the only configuration surface of the app. One object per stage, validated
 * (structure here, cross-field rules in ../rules/) before any construct is built. Every field says what it means in
 * `.meta({ description })`, so the JSON Schema (`npm run config -- schema`) and docs/config.md carry the same words.
 */
import { z } from "zod";
import { MAX_EXTRA_TAGS } from "../tags";
import { networkSchema } from "./network";
import { awsAccountId, awsRegion, databricksAccountId, iamRoleArn, namePart, tagKey, tagValue } from "./primitives";
import { workspaceSchema } from "./workspace";
import { unityCatalogSchema } from "./unity-catalog";
import { ingestionSchema } from "./ingestion";
import { servingSchema } from "./serving";
import { collaborationSchema } from "./collaboration";

/** A tag value that must say something (the owner and cost center). */
const nonBlankTagValue = tagValue.refine((value) => value.trim().length > 0, "is blank; name the owning team or cost center");

const projectSchema = z.strictObject({
  prefix: namePart(20).meta({
    description:
      "Prefix of every physical name (buckets, roles, keys, the workspace), before the stage name: lowercase letters, digits and single hyphens. Keep it short: S3 bucket names have at most 63 characters.",
  }),
  owner: nonBlankTagValue.meta({ description: "The owning team, as the owner tag on every resource." }),
  costCenter: nonBlankTagValue.meta({ description: "The cost center, as the cost-center tag on every resource." }),
});

const awsSchema = z.strictObject({
  accountId: awsAccountId.meta({ description: "The 12-digit id of the AWS account the environment deploys into." }),
  region: awsRegion.meta({ description: "The AWS region of every resource of the environment; Databricks must run workspaces there." }),
  assumeRoleArn: iamRoleArn.optional().meta({
    description:
      "The ARN of a role the deployer assumes in the target account (arn:aws:iam::<account>:role/<name>). Omitted: the deployer's own credentials are used.",
  }),
});

const stateSchema = z.strictObject({
  bucket: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/, "must be an S3 bucket name: 3-63 lowercase letters, digits and hyphens")
    .meta({
      description:
        "The state bucket's name (3-63 lowercase letters, digits and hyphens); each stack's state is s3://<bucket>/<name>/<layer>.tfstate.",
    }),
  region: awsRegion.meta({ description: "The state bucket's region (it may differ from aws.region)." }),
  kmsKeyArn: z
    .string()
    .regex(
      /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:(key\/[0-9a-f-]{36}|alias\/[A-Za-z0-9/_-]+)$/,
      "must be a KMS key or alias ARN (arn:aws:kms:<region>:<account>:key/<id>)",
    )
    .meta({
      description:
        "The customer-managed KMS key that encrypts every state object of the environment (kms_key_id of the S3 backend): state holds every secret a provider returns. The deployer needs kms:Encrypt, kms:Decrypt and kms:GenerateDataKey on it (docs/deploying.md, Bootstrapping the state bucket).",
    }),
});

export const environmentSchema = z
  .strictObject({
    name: namePart(12).meta({
      description:
        "The stage name (dev, staging, prod, ...): lowercase letters, digits and single hyphens, starting with a letter. Part of every stack id (<name>-<layer>), state key and physical name; unique among the environments.",
    }),
    production: z.boolean().meta({
      description:
        'Marks a production environment, which validation holds to the Security Reference Architecture: dataProtection, network.privateLink.enabled and encryption.customerManagedKeys on, no public workspace access, audit logs delivered at scope "account", serverless egress restricted and enforced.',
    }),
    project: projectSchema.meta({ description: "The project the environment belongs to: the prefix of physical names and the ownership tags." }),
    aws: awsSchema.meta({ description: "The AWS account and region the environment deploys into." }),
    databricks: z
      .strictObject({
        accountId: databricksAccountId.meta({
          description:
            "The Databricks account id (account console, top right). Also the external id of the cross-account IAM role Databricks assumes.",
        }),
      })
      .meta({ description: "The Databricks account the workspace belongs to." }),
    state: stateSchema.meta({
      description:
        "Where Terraform state lives: an S3 bucket with versioning, in the deploying account (docs/deploying.md, Bootstrapping the state bucket).",
    }),
    dataProtection: z.boolean().default(true).meta({
      description:
        "Protect everything that holds data from destruction: prevent_destroy on buckets, keys and databases, deletion protection where the service has it. On unless an environment opts out explicitly; production requires it.",
    }),
    encryption: z
      .strictObject({
        customerManagedKeys: z.boolean().meta({
          description:
            "Register customer-managed keys with Databricks for managed services (notebooks, secrets, queries) and workspace storage (root bucket, cluster EBS volumes). Production requires it.",
        }),
      })
      .meta({ description: "Encryption of what Databricks stores. Our own buckets are always encrypted with our KMS keys, whatever this says." }),
    network: networkSchema.meta({
      description: "The customer-managed VPC Databricks runs its classic compute in: ranges, subnets, egress and PrivateLink.",
    }),
    storage: z
      .strictObject({
        noncurrentVersionExpirationDays: z
          .number()
          .int()
          .min(1)
          .max(3650)
          .default(90)
          .meta({ description: "Days a noncurrent (overwritten or deleted) object version is kept before it expires." }),
        bucketNameSuffix: z
          .string()
          .regex(/^[a-z0-9]([a-z0-9-]{0,18}[a-z0-9])?$/, "must be 1-20 lowercase letters, digits and inner hyphens")
          .optional()
          .meta({
            description:
              "Appended to every bucket name (<prefix>-<stage>-<component>-<suffix>) so the names, global across AWS, are unique by construction. Omitted: the AWS account id.",
          }),
      })
      .prefault({})
      .meta({ description: "The environment's buckets: their names and the lifecycle of their objects." }),
    workspace: workspaceSchema.meta({
      description: "The Databricks workspace and what the account holds for it: private access, log delivery, identities, serverless egress.",
    }),
    unityCatalog: unityCatalogSchema.meta({
      description: "Workspace security settings, the metastore, the medallion catalogs and their grants, system tables, federation.",
    }),
    ingestion: ingestionSchema,
    serving: servingSchema,
    collaboration: collaborationSchema,
    tags: z
      .record(tagKey, tagValue)
      .default({})
      .meta({
        description: `Extra tags on every AWS resource, on top of environment, project, owner and cost-center (which they may not name): at most ${MAX_EXTRA_TAGS}, as AWS allows 50 per resource.`,
      }),
  })
  .meta({
    title: "Environment config",
    description: "One stage of the Databricks lakehouse on AWS, validated (this schema, then the cross-field rules) before any stack is built.",
  });

/** A config as written in environments/*.ts (defaults may be omitted). */
export type EnvironmentInput = z.input<typeof environmentSchema>;
/** A validated config with defaults applied: what stacks receive. */
export type EnvironmentConfig = z.output<typeof environmentSchema>;
