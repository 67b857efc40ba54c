/**
 * One measured process of the scale benchmark: `node --require ./scripts/register.cjs scripts/bench/synth-generated.ts <count> <outdir>` builds
 * <count> generated environments and synthesizes them all into <outdir>, as `npm run synth` does the registered ones.
 */
import { runCli } from "../cli";
import { generatedEnvironments } from "./generated-environments";

void runCli(async () => {
  const [count, outdir] = process.argv.slice(2);
  if (count === undefined || outdir === undefined) throw new Error("usage: synth-generated.ts <count> <outdir>");
  const { synthesizeLakehouse } = await import("../../stacks/synthesize");
  const { stacks } = synthesizeLakehouse(generatedEnvironments(Number(count)), { outdir });
  process.stdout.write(`synthesized ${stacks.length} environments into ${outdir}\n`);
});
