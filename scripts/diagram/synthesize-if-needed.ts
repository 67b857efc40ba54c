/**
 * Makes sure the output folder has the environments' synthesized stacks: an environment with none is synthesized
 * first, through the project's own synth (stacks/synthesize.ts, as `LAKEHOUSE_ENV=<env> npm run synth` does: all
 * or nothing, other environments' stacks kept). Synth replaces the output folder whole: diagrams drawn before from
 * its old stacks go with them, and the command draws anew.
 */
import { synthesizedLayers } from "./synthesized-stacks";

/** Synthesizes the environments of `envs` that have no stack in `outdir`; `progress` hears what happens. */
export async function synthesizeIfNeeded(outdir: string, envs: readonly string[], progress: (line: string) => void): Promise<void> {
  const missing = envs.filter((env) => synthesizedLayers(outdir, env).length === 0);
  if (missing.length === 0) return;
  progress(`${missing.join(", ")}: no synthesized stacks in ${outdir}; synthesizing first`);
  // Loaded here so that a syntax error in environments/*.ts is reported as one line (see main.ts).
  const { loadSelectedEnvironments } = await import("../../environments");
  const { synthesizeLakehouse } = await import("../../stacks/synthesize");
  const configs = loadSelectedEnvironments({ LAKEHOUSE_ENV: missing.join(",") });
  const { warnings } = synthesizeLakehouse(configs, { outdir });
  for (const warning of warnings) progress(`warning: ${warning}`);
  progress(`synthesized ${missing.join(", ")} into ${outdir}/stacks`);
}
