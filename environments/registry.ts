/**
 * The registry of stages. Add a stage: write environments/<name>.ts exporting an `EnvironmentInput`, then list it
 * here. Its stacks are synthesized with every other stage's.
 */
import { dev } from "./dev";
import { prod } from "./prod";
import type { EnvironmentInput } from "./schema";
import { staging } from "./staging";

/** A config as registered, with the file it comes from (named in error messages). */
export interface RegisteredEnvironment {
  readonly source: string;
  readonly input: EnvironmentInput;
}

export const ENVIRONMENTS: Readonly<Record<string, RegisteredEnvironment>> = {
  dev: { source: "environments/dev.ts", input: dev },
  staging: { source: "environments/staging.ts", input: staging },
  prod: { source: "environments/prod.ts", input: prod },
};
