import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { App } from "cdktf";
import { ENVIRONMENTS, validateEnvironments } from "../../environments";
import { isUserError } from "../../modules/core/errors";
import { buildLakehouse } from "../../stacks/lakehouse";
import { LAYERS, type Layer } from "../../stacks/shared/backend";
import { LayerStack } from "../../stacks/shared/layer-stack";
import { NetworkStorageOutputs } from "../../stacks/contracts";
import { LAYER_DOCS_DIR, LAYER_PAGE_SECTIONS, layerContracts, layerDocsCommand, layerPagePath, type LayerDocsInput } from "../../scripts/layer-docs";
import { readsByLayer, type StackJson } from "../../scripts/layer-docs/remote-state-reads";
import { synthesize } from "../synth-json";
import { runTs } from "../run-ts";
import { brokenLinks, outsideCode, relativeLinksOf } from "../docs/markdown-links";

const page = (layer: Layer) => readFileSync(layerPagePath(layer), "utf8");
const contracts = layerContracts();

/** Every registered stage synthesized once, in memory: each layer stack's Terraform JSON. */
let stacks: StackJson[];
/** The generator's input, made from those stacks. */
let input: LayerDocsInput;

beforeAll(() => {
  const configs = validateEnvironments(Object.values(ENVIRONMENTS));
  const outdir = mkdtempSync(join(tmpdir(), "layer-docs-test-"));
  try {
    const app = new App({ outdir });
    buildLakehouse(app, configs);
    stacks = app.node.children
      .filter((child): child is LayerStack => child instanceof LayerStack)
      .map((stack) => ({ stage: stack.config.name, layer: stack.layer, json: JSON.stringify(synthesize(stack).json) }));
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
  input = { contracts, reads: readsByLayer(stacks), stages: configs.map((c) => c.name) };
});

/** A copy of docs/layers to edit, removed after the test. */
function withPagesCopy(test: (dir: string) => void): void {
  const dir = mkdtempSync(join(tmpdir(), "layer-pages-"));
  try {
    cpSync(LAYER_DOCS_DIR, dir, { recursive: true });
    test(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The UserError `run` throws (fails the test if it throws nothing or something else). */
function userErrorOf(run: () => unknown): { message: string; exitCode: number } {
  try {
    run();
  } catch (error) {
    if (isUserError(error)) return { message: error.message, exitCode: error.exitCode };
    throw error;
  }
  throw new Error("expected a UserError");
}

/** The `##` headings of a page, in order. */
function sectionsOf(text: string): string[] {
  return [...outsideCode(text).matchAll(/^## (.+)$/gm)].map((m) => m[1]);
}

/** The rows of a page's "needs from below" table: `<layer>.<output>`. */
function neededOutputs(text: string): string[] {
  const block = /<!-- needs:start -->([\s\S]*?)<!-- needs:end -->/.exec(text)?.[1] ?? "";
  return [...block.matchAll(/^\| \[([a-z-]+)\]\([^)]*\) \| `([a-z0-9_]+)` \|/gm)].map((m) => `${m[1]}.${m[2]}`).sort();
}

describe("docs/layers", () => {
  it("has one page per layer of LAYERS, and no other page", () => {
    const pages = readdirSync(LAYER_DOCS_DIR).filter((file) => file.endsWith(".md"));
    expect(pages.sort()).toEqual(LAYERS.map((layer) => `${layer}.md`).sort());
  });

  it.each(LAYERS)("gives the %s page its title and the sections every page has, in order, before anything else", (layer) => {
    const text = page(layer);
    expect(text.split("\n")[0]).toBe(`# The ${layer} layer`);
    expect(sectionsOf(text).slice(0, LAYER_PAGE_SECTIONS.length)).toEqual([...LAYER_PAGE_SECTIONS]);
  });

  it.each(LAYERS)("names the %s layer's stack id and state key in its introduction", (layer) => {
    const introduction = page(layer).split("\n## ")[0];
    expect(introduction).toContain(`\`<env>-${layer}\``);
    expect(introduction).toContain(`\`s3://<state.bucket>/<env>/${layer}.tfstate\``);
  });

  it.each(LAYERS)("lists every field of the %s contract with its output name, in the contract section", (layer) => {
    const { contract } = contracts[layer];
    const section = page(layer).split("\n## Contract\n")[1].split("\n## ")[0];
    const missing = Object.keys(contract.fields).filter((field) => !section.includes(`| \`${contract.outputName(field)}\` | \`${field}\` |`));
    expect(missing).toEqual([]);
  });

  it.each(LAYERS)("lists under %s exactly the outputs its synthesized stacks read from the layers below", (layer) => {
    // Read here from the stacks' JSON directly, not through the generator's parser.
    const read = new Set<string>();
    const declared = new Set<string>();
    for (const stack of stacks.filter((s) => s.layer === layer)) {
      const json = JSON.parse(stack.json) as { data?: { terraform_remote_state?: Record<string, { config: { key: string } }> } };
      const states = Object.entries(json.data?.terraform_remote_state ?? {}).map(([name, block]) => [
        name,
        block.config.key.split("/")[1].replace(".tfstate", ""),
      ]);
      for (const [name, below] of states) {
        declared.add(below);
        for (const match of stack.json.matchAll(new RegExp(`data\\.terraform_remote_state\\.${name}\\.outputs\\.(\\w+)`, "g")))
          read.add(`${below}.${match[1]}`);
      }
    }
    expect(neededOutputs(page(layer))).toEqual([...read].sort());
    expect(new Set(neededOutputs(page(layer)).map((row) => row.split(".")[0]))).toEqual(declared);
  });

  it("reads prod, where every layer is on, for every layer but the first", () => {
    const prod = stacks.filter((s) => s.stage === "prod");
    expect(prod.map((s) => s.layer)).toEqual([...LAYERS]);
    for (const stack of prod.slice(1)) expect(stack.json).toContain("data.terraform_remote_state.");
  });

  it("keeps every relative link of every page pointing at a file that exists, and at a heading of it", () => {
    expect(LAYERS.flatMap((layer) => brokenLinks(layerPagePath(layer)))).toEqual([]);
    // Every page links to docs/config.md at least: a link pattern that matched nothing would prove nothing.
    expect(LAYERS.filter((layer) => relativeLinksOf(page(layer)).length === 0)).toEqual([]);
  });
});

describe("npm run layer-docs", () => {
  it("finds every page current (--check), writing nothing", () => {
    expect(layerDocsCommand(["--check"], { input: () => input })).toEqual([]);
  });

  it("exits 0 with --check on the repository, as CI runs it", () => {
    expect(runTs("scripts/layer-docs.ts", ["--check"])).toMatchObject({ status: 0, stdout: "", stderr: "" });
  });

  it("fails --check with one line naming the page whose contract table was edited, and writes nothing", () => {
    withPagesCopy((dir) => {
      const file = layerPagePath("serving", dir);
      const edited = readFileSync(file, "utf8").replace("| `warehouse_ids` | `warehouseIds` |", "| `warehouse_id` | `warehouseIds` |");
      writeFileSync(file, edited);
      expect(userErrorOf(() => layerDocsCommand(["--check"], { dir, input: () => input }))).toEqual({
        message: `${relative(process.cwd(), file)} is out of date; run: npm run layer-docs`,
        exitCode: 1,
      });
      expect(readFileSync(file, "utf8")).toBe(edited);
    });
  });

  it("rewrites only the generated blocks of a stale page, and leaves current pages alone", () => {
    withPagesCopy((dir) => {
      const file = layerPagePath("ingestion", dir);
      const original = readFileSync(file, "utf8");
      writeFileSync(file, original.replace(/<!-- needs:start -->[\s\S]*<!-- needs:end -->/, "<!-- needs:start -->\n<!-- needs:end -->"));
      expect(layerDocsCommand([], { dir, input: () => input })).toEqual([`wrote ${relative(process.cwd(), file)}`]);
      expect(readFileSync(file, "utf8")).toBe(original);
    });
  });

  it("fails --check for a layer without a page, and writes a skeleton with every section without --check", () => {
    withPagesCopy((dir) => {
      const file = layerPagePath("collaboration", dir);
      unlinkSync(file);
      expect(userErrorOf(() => layerDocsCommand(["--check"], { dir, input: () => input })).message).toBe(
        `${relative(process.cwd(), file)} is missing; run: npm run layer-docs`,
      );
      layerDocsCommand([], { dir, input: () => input });
      const skeleton = readFileSync(file, "utf8");
      expect(skeleton.split("\n")[0]).toBe("# The collaboration layer");
      expect(sectionsOf(skeleton)).toEqual([...LAYER_PAGE_SECTIONS]);
      expect(skeleton).toContain("| `share_names` | `shareNames` |");
    });
  });

  it("fails for a page without the markers of a generated block, naming the page and the marker", () => {
    withPagesCopy((dir) => {
      const file = layerPagePath("workspace", dir);
      writeFileSync(file, readFileSync(file, "utf8").replace("<!-- contract:end -->", ""));
      expect(userErrorOf(() => layerDocsCommand(["--check"], { dir, input: () => input }))).toEqual({
        message: `${relative(process.cwd(), file)}: needs exactly one "<!-- contract:start -->" line followed by an "<!-- contract:end -->" line, where the generated contract block goes`,
        exitCode: 1,
      });
    });
  });

  it("prints its usage with --help and -h, exit 0", () => {
    for (const flag of ["--help", "-h"]) {
      const { status, stdout, stderr } = runTs("scripts/layer-docs.ts", [flag]);
      expect({ status, stderr, usage: stdout.split("\n")[0] }).toEqual({ status: 0, stderr: "", usage: "usage: npm run layer-docs [-- --check]" });
    }
  });

  it("refuses an unknown argument with its usage, exit 2", () => {
    expect(runTs("scripts/layer-docs.ts", ["--chek"])).toEqual({
      status: 2,
      stdout: "",
      stderr: 'unknown argument "--chek"\nusage: npm run layer-docs [-- --check]\n',
    });
  });
});

describe("the remote-state reads", () => {
  const stack = (json: unknown): StackJson => ({ stage: "dev", layer: "serving", json: JSON.stringify(json) });
  const state = (key: string) => ({ data: { terraform_remote_state: { below: { backend: "s3", config: { key } } } } });

  it("name the layer of each state by its key and the outputs used, with the stages that use them", () => {
    const reads = readsByLayer([
      stack({ ...state("dev/ingestion.tfstate"), output: { x: { value: "${data.terraform_remote_state.below.outputs.gold_tables}" } } }),
    ]);
    expect(reads.serving).toEqual({ states: ["ingestion"], reads: [{ layer: "ingestion", output: "gold_tables", stages: ["dev"] }] });
  });

  it("fail when a stack uses a state's outputs whole, since which fields it needs cannot be told", () => {
    expect(() =>
      readsByLayer([stack({ ...state("dev/ingestion.tfstate"), output: { x: { value: "${data.terraform_remote_state.below.outputs}" } } })]),
    ).toThrow("dev-serving: uses the whole outputs of data.terraform_remote_state.below; read single fields through the contract");
  });

  it("fail when a state key is no layer's", () => {
    expect(() => readsByLayer([stack(state("dev/elsewhere.tfstate"))])).toThrow(
      'dev-serving: data.terraform_remote_state.below reads state key "dev/elsewhere.tfstate", which is no layer\'s <env>/<layer>.tfstate',
    );
  });

  it("are checked against the contracts: an output no contract defines fails the page", () => {
    const reads = readsByLayer([
      stack({ ...state("dev/ingestion.tfstate"), output: { x: { value: "${data.terraform_remote_state.below.outputs.gold_views}" } } }),
    ]);
    withPagesCopy((dir) => {
      expect(() => layerDocsCommand(["--check"], { dir, input: () => ({ ...input, reads }) })).toThrow(
        'serving: its stacks read output "gold_views" of ingestion, which IngestionOutputs does not define',
      );
    });
  });
});

describe("the contracts the pages are made from", () => {
  it("are one per layer, from the package's /contracts entry point", () => {
    expect(Object.keys(contracts)).toEqual([...LAYERS]);
    expect(LAYERS.map((layer) => contracts[layer].contract.layer)).toEqual([...LAYERS]);
  });

  it("fail when a layer has no contract", () => {
    expect(() => layerContracts({ NetworkStorageOutputs })).toThrow(
      "stacks/contracts.ts: exports 0 contracts of layer workspace; export exactly one",
    );
  });
});
