/**
 * The composition root: load and validate the selected environments, build every layer stack, synthesize.
 *
 *   npm run synth                        every environment in environments/
 *   LAKEHOUSE_ENV=dev,prod npm run synth  only those
 *   LAKEHOUSE_ENV_FILE=my.json npm run synth  that JSON config alone
 *
 * Nothing is written unless every environment is valid and synthesizes cleanly.
 */
import { loadSelectedEnvironments } from "./environments";
import { formatWarningLine } from "./modules/policy";
import { runCli } from "./scripts/cli";
import { synthesizeLakehouse } from "./stacks/synthesize";

void runCli(() => {
  const configs = loadSelectedEnvironments(process.env);
  const { outdir, stacks, report } = synthesizeLakehouse(configs);
  // Rules rolling out as warnings do not fail synth; say what they found so it gets fixed before they enforce.
  for (const warning of report.warnings()) process.stderr.write(`warning: ${formatWarningLine(warning)}\n`);
  const names = stacks.map((s) => s.config.name).join(", ");
  process.stderr.write(`synthesized ${names} into ${outdir}/stacks\n`);
});
