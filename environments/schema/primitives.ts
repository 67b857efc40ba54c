/**
 * Reusable field validators for environment configs. Each carries the message a user sees, and none carries a
 * description: the same validator means different things in different fields (aws.region, state.region), so every
 * field gives its own `.meta({ description })`.
 */
import { z } from "zod";
import { AWS_REGIONS } from "../regions";

/** A 12-digit AWS account id. */
export const awsAccountId = z
  .string()
  .regex(/^\d{12}$/, "must be a 12-digit AWS account id")
  .refine((id) => !/^0+$/.test(id), "is all zeros, a placeholder: use the environment's AWS account id");

/** A Databricks account id (a UUID, from the account console). */
export const databricksAccountId = z.uuid({ message: "must be a Databricks account id (a UUID)" });

/** An AWS region this project supports. */
export const awsRegion = z.enum(AWS_REGIONS, { message: `must be a known AWS region (${AWS_REGIONS.slice(0, 4).join(", ")}, ...)` });

/** An IPv4 CIDR block; containment and overlap are checked across fields in ../rules/network.ts. */
export const cidrBlock = z.cidrv4({ message: "must be an IPv4 CIDR block like 10.20.0.0/16" });

/** An availability zone name such as us-east-1a (its region is checked in ../rules/network.ts). */
// No AWS region has more than six zones (us-east-1 has a to f): a letter after f names no zone. Which of a to f a
// region and account really has, only a plan shows.
export const availabilityZone = z
  .string()
  .regex(/^[a-z]{2}(-[a-z]+)+-\d[a-f]$/, "must be an availability zone name like us-east-1a (zones end in a to f)");

/** A name that is a valid part of S3 bucket, IAM and Databricks names: lowercase letters, digits, single hyphens. */
export const namePart = (maxLength: number) =>
  z
    .string()
    .regex(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/, "must start with a lowercase letter and use only lowercase letters, digits and single hyphens")
    .max(maxLength, `must be at most ${maxLength} characters`);

/** An IAM role ARN. */
export const iamRoleArn = z
  .string()
  .regex(/^arn:aws:iam::\d{12}:role\/[\w+=,.@\-/]{1,64}$/, "must be an IAM role ARN like arn:aws:iam::123456789012:role/deployer");

/** A tag key or value as AWS accepts it. */
export const tagKey = z
  .string()
  .max(128)
  .regex(/^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u, "must use letters, digits, spaces and _ . : / = + - @")
  .refine((key) => key.trim().length > 0, "is blank; a tag key needs a visible character")
  .refine((key) => !key.toLowerCase().startsWith("aws:"), 'starts with "aws:", which AWS reserves for its own tags');
export const tagValue = z
  .string()
  .max(256)
  .regex(/^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u, "must use letters, digits, spaces and _ . : / = + - @");
