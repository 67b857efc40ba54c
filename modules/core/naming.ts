/**
 * One naming function for every physical name: `<prefix>-<stage>-<component>`, checked against the target
 * service's rules so a bad name fails at synth, not halfway through an apply.
 */
import { throwIfInvalidInput } from "./validation";

/** Targets whose naming rules differ. */
export type NameTarget = "s3" | "iam" | "kms-alias" | "databricks" | "unity-catalog" | "generic";

interface NameRule {
  readonly maxLength: number;
  readonly pattern: RegExp;
  readonly allowed: string;
}

const RULES: Record<NameTarget, NameRule> = {
  // Unity Catalog refuses bucket names with dots, so dots are not allowed even though S3 takes them.
  s3: { maxLength: 63, pattern: /^[a-z0-9][a-z0-9-]*[a-z0-9]$/, allowed: "lowercase letters, digits and hyphens" },
  iam: { maxLength: 64, pattern: /^[\w+=,.@-]+$/, allowed: "letters, digits and + = , . @ _ -" },
  "kms-alias": { maxLength: 250, pattern: /^[a-zA-Z0-9/_-]+$/, allowed: "letters, digits, / _ -" },
  databricks: { maxLength: 64, pattern: /^[a-z0-9][a-z0-9-]*$/, allowed: "lowercase letters, digits and hyphens" },
  "unity-catalog": { maxLength: 255, pattern: /^[a-z][a-z0-9_]*$/, allowed: "lowercase letters, digits and underscores" },
  generic: { maxLength: 255, pattern: /^[a-zA-Z0-9-_]+$/, allowed: "letters, digits, hyphens and underscores" },
};

/** Builds and checks physical names for one project and stage. */
export class Naming {
  constructor(
    /** Project prefix, e.g. "lakehouse". */
    public readonly prefix: string,
    /** Stage name, e.g. "dev". */
    public readonly stage: string,
    /**
     * Appended to every bucket name: S3 bucket names are global across all AWS accounts, so `<prefix>-<stage>-logs`
     * alone is likely taken. The AWS account id (or a configured suffix) makes them unique by construction.
     * @default - no suffix
     */
    public readonly bucketSuffix?: string,
  ) {}

  /** `<prefix>-<stage>-<component>` checked for `target`; Unity Catalog names use underscores instead of hyphens. */
  public name(component: string, target: NameTarget = "generic"): string {
    const joined = [this.prefix, this.stage, component].filter((part) => part.length > 0).join("-");
    const name = target === "unity-catalog" ? joined.replace(/-/g, "_") : joined;
    const problem = checkName(name, target);
    throwIfInvalidInput("Naming", problem ? [problem] : []);
    return name;
  }

  /** An S3 bucket name: `<prefix>-<stage>-<component>[-<bucketSuffix>]`. */
  public bucket(component: string): string {
    return this.name(this.bucketSuffix ? `${component}-${this.bucketSuffix}` : component, "s3");
  }

  /** An IAM role or policy name. */
  public iam(component: string): string {
    return this.name(component, "iam");
  }

  /** A KMS alias without the `alias/` prefix: `<prefix>/<stage>/<component>`. */
  public kmsAlias(component: string): string {
    const alias = `${this.prefix}/${this.stage}/${component}`;
    const problem = checkName(alias, "kms-alias");
    throwIfInvalidInput("Naming", problem ? [problem] : []);
    return alias;
  }

  /** A Unity Catalog securable name (catalog, schema, volume): underscores, no hyphens. */
  public unityCatalog(component: string): string {
    return this.name(component, "unity-catalog");
  }
}

/** Returns a message naming what is wrong with `name` for `target`, or undefined when it is valid. */
export function checkName(name: string, target: NameTarget): string | undefined {
  const rule = RULES[target];
  if (name.length > rule.maxLength) {
    return `name "${name}" is ${name.length} characters; ${target} names allow at most ${rule.maxLength}: shorten the project prefix or stage name`;
  }
  if (!rule.pattern.test(name)) return `name "${name}" is not valid for ${target}: use ${rule.allowed}`;
  return undefined;
}
