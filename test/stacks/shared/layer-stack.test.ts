/**
 * A layer stack is resolved to JSON once per synth: the guardrails resolve it while it is validated, and cdktf's
 * synthesizer, which asks for the same JSON right after, gets that result; what is written is what a fresh resolve
 * gives. A call that follows no validation resolves the stack as it is then.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { TerraformOutput, TerraformStack } from "cdktf";
import { ENVIRONMENTS, validateEnvironments } from "../../../environments";
import { LayerStack } from "../../../stacks/shared/layer-stack";
import { synthesizeLakehouse } from "../../../stacks/synthesize";

const [config] = validateEnvironments([Object.values(ENVIRONMENTS)[0]]);

describe("LayerStack", () => {
  let outdir: string;
  let layers: LayerStack[];
  const resolves = new Map<string, number>();

  beforeAll(() => {
    outdir = join(mkdtempSync(join(tmpdir(), "layer-stack-")), "cdktf.out");
    const resolve = TerraformStack.prototype.toTerraform;
    const spy = jest.spyOn(TerraformStack.prototype, "toTerraform").mockImplementation(function (this: TerraformStack) {
      resolves.set(this.node.id, (resolves.get(this.node.id) ?? 0) + 1);
      return resolve.call(this);
    });
    try {
      const { app } = synthesizeLakehouse([config], { outdir });
      layers = app.node.findAll().filter((c): c is LayerStack => c instanceof LayerStack);
    } finally {
      spy.mockRestore();
    }
  });

  afterAll(() => rmSync(join(outdir, ".."), { recursive: true, force: true }));

  it("is resolved once per synth, for the guardrails and the written JSON together", () => {
    expect(layers.length).toBeGreaterThan(0);
    expect(Object.fromEntries(layers.map((stack) => [stack.node.id, resolves.get(stack.node.id)]))).toEqual(
      Object.fromEntries(layers.map((stack) => [stack.node.id, 1])),
    );
  });

  it("writes exactly what a fresh resolve gives", () => {
    for (const stack of layers) {
      const written = JSON.parse(readFileSync(join(outdir, "stacks", stack.node.id, "cdk.tf.json"), "utf8")) as unknown;
      expect(written).toEqual(JSON.parse(JSON.stringify(stack.toTerraform())));
    }
  });

  it("resolves again when asked after the stack changed, outside a synth", () => {
    const [stack] = layers;
    new TerraformOutput(stack, "added_after_synth", { value: "late" });
    expect(Object.keys((stack.toTerraform() as { output: Record<string, unknown> }).output)).toContain("added_after_synth");
  });
});
