/** Per synthesized stack: how many resources and data sources Terraform will plan, and the JSON's size. */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";

export interface StackSize {
  readonly stack: string;
  readonly resources: number;
  readonly dataSources: number;
  readonly bytes: number;
}

interface TerraformJson {
  readonly resource?: Record<string, Record<string, unknown>>;
  readonly data?: Record<string, Record<string, unknown>>;
}

function countBlocks(blocks: Record<string, Record<string, unknown>> | undefined): number {
  return Object.values(blocks ?? {}).reduce((sum, byName) => sum + Object.keys(byName).length, 0);
}

/** The sizes of every stack under `<outdir>/stacks`, largest JSON first. */
export function stackSizes(outdir: string): StackSize[] {
  const stacksFolder = join(outdir, "stacks");
  return readdirSync(stacksFolder)
    .filter((stack) => statSync(join(stacksFolder, stack)).isDirectory())
    .map((stack) => {
      const file = join(stacksFolder, stack, "cdk.tf.json");
      const text = readFileSync(file, "utf8");
      const json = JSON.parse(text) as TerraformJson;
      return { stack, resources: countBlocks(json.resource), dataSources: countBlocks(json.data), bytes: Buffer.byteLength(text) };
    })
    .sort((a, b) => b.bytes - a.bytes || a.stack.localeCompare(b.stack));
}
