/**
 * Generates the parts of docs/layers/<layer>.md that the code knows, between markers in each page: the layer's
 * contract (each output with its field, type and description, and how a consumer reads it), from the contract
 * definitions, and what the layer needs from the layers below (the outputs its synthesized stacks read), from the
 * stacks of every registered stage. The rest of each page is written by hand. A test checks the pages are current.
 *
 * Usage: npm run layer-docs [-- --check]
 *   --check  write nothing; exit 1 if a page differs from what would be generated
 */
import { existsSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { UserError } from "../modules/core/errors";
import type { FieldKind } from "../stacks/shared/layer-contract";
import { LAYERS, type Layer } from "../stacks/shared/backend";
import { runCommand, usageError, writeOutputFile } from "./cli";
import type { LayerReads } from "./layer-docs/remote-state-reads";

/** Where the layer pages live. */
export const LAYER_DOCS_DIR = join(__dirname, "..", "docs", "layers");

/** The page of `layer`: `docs/layers/<layer>.md`. */
export function layerPagePath(layer: Layer, dir: string = LAYER_DOCS_DIR): string {
  return join(dir, `${layer}.md`);
}

/** The sections every layer page has, in this order, after its title. */
export const LAYER_PAGE_SECTIONS = ["What it owns", "Configuration", "Contract", "What it needs from below"] as const;

/** The generated blocks of a page: `<!-- <name>:start -->` ... `<!-- <name>:end -->`. */
export const GENERATED_BLOCKS = ["contract", "needs"] as const;

/** A contract as this generator reads it: the shape of `defineLayerContract`'s result, without its type parameter. */
export interface ContractDefinition {
  readonly layer: string;
  readonly fields: Readonly<Record<string, { readonly kind: FieldKind; readonly description: string; readonly sensitive?: boolean }>>;
  outputName(field: string): string;
}

/** A layer's contract with the name it is exported under from stacks/contracts.ts (`NetworkStorageOutputs`). */
export interface NamedContract {
  readonly name: string;
  readonly contract: ContractDefinition;
}

/** Everything the generated blocks are made from. */
export interface LayerDocsInput {
  /** Each layer's contract. */
  readonly contracts: Readonly<Record<Layer, NamedContract>>;
  /** What each layer's stacks read from the layers below. */
  readonly reads: Readonly<Record<Layer, LayerReads>>;
  /** The registered stages the reads come from, in registry order. */
  readonly stages: readonly string[];
}

/** Each layer's contract, as the package's `/contracts` entry point (stacks/contracts.ts) exports them. */
export function layerContracts(exported: Readonly<Record<string, unknown>> = loadContracts()): Record<Layer, NamedContract> {
  const found = Object.entries(exported).filter(([, value]) => isContract(value)) as [string, ContractDefinition][];
  const problems: string[] = [];
  const result = Object.fromEntries(
    LAYERS.map((layer) => {
      const matches = found.filter(([, contract]) => contract.layer === layer);
      if (matches.length !== 1) problems.push(`stacks/contracts.ts: exports ${matches.length} contracts of layer ${layer}; export exactly one`);
      return [layer, { name: matches[0]?.[0] ?? "", contract: matches[0]?.[1] }];
    }),
  );
  if (problems.length > 0) throw new Error(problems.join("\n"));
  return result as Record<Layer, NamedContract>;
}

// The stacks and environments are loaded when asked for, not imported at the top: --help and a bad argument then answer
// at once, and a syntax error in environments/*.ts reaches runCommand, which prints it as one line.
function loadContracts(): Record<string, unknown> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require("../stacks/contracts") as Record<string, unknown>;
}

function isContract(value: unknown): value is ContractDefinition {
  const candidate = value as Partial<ContractDefinition> | undefined;
  return (
    typeof candidate === "object" &&
    typeof candidate.layer === "string" &&
    typeof candidate.outputName === "function" &&
    typeof candidate.fields === "object"
  );
}

/** The input of the generated blocks: the contracts, and the reads of every registered stage synthesized in memory. */
export function layerDocsInput(): LayerDocsInput {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { readsByLayer, synthesizeRegisteredStacks } = require("./layer-docs/remote-state-reads") as typeof import("./layer-docs/remote-state-reads");
  const stacks = synthesizeRegisteredStacks();
  return { contracts: layerContracts(), reads: readsByLayer(stacks), stages: [...new Set(stacks.map((s) => s.stage))] };
}

/** The generated lines of the contract block of `layer`'s page. */
export function renderContractBlock(layer: Layer, input: LayerDocsInput): string[] {
  const { name, contract } = input.contracts[layer];
  const fields = Object.entries(contract.fields);
  const variable = camelCase(layer);
  const [firstField] = fields.map(([field]) => field);
  const sensitive = fields.filter(([, f]) => f.sensitive).map(([field]) => `\`${contract.outputName(field)}\``);
  return [
    `<!-- Generated by \`npm run layer-docs\` from \`${name}\` (stacks/${layer}/outputs.ts). Do not edit by hand. -->`,
    "",
    `\`${name}\`: one Terraform output per field, named after the field in snake_case, in the state`,
    `\`s3://<state.bucket>/<env>/${layer}.tfstate\`.${sensitive.length > 0 ? ` ${listOf(sensitive)} ${sensitive.length === 1 ? "is" : "are"} sensitive: Terraform redacts ${sensitive.length === 1 ? "it" : "them"} in plans and in \`terraform output\`; \`terraform output -json\` shows ${sensitive.length === 1 ? "it" : "them"}.` : ""}`,
    "",
    "| output | field | type | description |",
    "|---|---|---|---|",
    ...fields.map(
      ([field, f]) =>
        `| \`${contract.outputName(field)}\` | \`${field}\` | \`${typeOf(f.kind)}\`${f.sensitive ? ", sensitive" : ""} | ${prose(f.description)} |`,
    ),
    "",
    `A layer of this app reads it with \`backendOf\` (stacks/shared/backend.ts); another team's app imports \`${name}\``,
    `from the package's \`/contracts\` entry point and names the state itself. Each field is a token that Terraform`,
    `resolves at plan time (\`${variable}.${firstField}\` is the output \`${contract.outputName(firstField)}\`).`,
    "",
    "In a layer of this app (`config` is the environment's config):",
    "",
    "```ts",
    `import { ${name} } from "../../stacks/contracts";`,
    'import { backendOf } from "../../stacks/shared/backend";',
    "",
    `const ${variable} = ${name}.fromRemoteState(this, "${layer}", backendOf(config, "${layer}"));`,
    "```",
    "",
    "In another team's app:",
    "",
    "```ts",
    `import { ${name} } from "${packageName()}/contracts";`,
    "",
    `const ${variable} = ${name}.fromRemoteState(this, "lakehouse-${layer}", {`,
    `  bucket: "<state bucket>", key: "<env>/${layer}.tfstate", region: "<state bucket region>",`,
    "});",
    "```",
  ];
}

/** The generated lines of the "needs from below" block of `layer`'s page. */
export function renderNeedsBlock(layer: Layer, input: LayerDocsInput): string[] {
  const { states, reads } = input.reads[layer];
  // No stage is named: adding a stage like an existing one leaves the page as it is (docs/environments.md).
  const header = `<!-- Generated by \`npm run layer-docs\` from the remote-state reads of the synthesized stacks of every registered stage. Do not edit by hand. -->`;
  if (states.length === 0) return [header, "", "Its stacks read no other layer's state."];
  const unread = states.filter((below) => !reads.some((r) => r.layer === below));
  const contractOf = (below: Layer) => `\`${input.contracts[below].name}\``;
  const rows = reads.map((read) => {
    const { contract } = input.contracts[read.layer];
    const field = Object.keys(contract.fields).find((f) => contract.outputName(f) === read.output);
    if (field === undefined) {
      throw new Error(
        `${layer}: its stacks read output "${read.output}" of ${read.layer}, which ${input.contracts[read.layer].name} does not define`,
      );
    }
    const stages = read.stages.length === input.stages.length ? "every stage" : "some stages, as configured";
    return `| [${read.layer}](${read.layer}.md#contract) | \`${read.output}\` | \`${field}\` | ${stages} |`;
  });
  return [
    header,
    "",
    `Its stacks read the state of ${listOf(states)}, through ${listOf(states.map(contractOf))}.`,
    ...(unread.length > 0 ? [`They declare the state of ${listOf(unread)} but read no output from it.`] : []),
    "These are the outputs they use, and whether every registered stage reads each (a stage that leaves a feature out reads fewer):",
    "",
    "| layer | output | field | read in |",
    "|---|---|---|---|",
    ...rows,
  ];
}

/**
 * The text `layer`'s page should have: `current` with its generated blocks rewritten, or, for a page that does not
 * exist yet, a skeleton with the sections every page has and the generated blocks filled in.
 */
export function renderLayerPage(layer: Layer, current: string | undefined, input: LayerDocsInput, file: string = layerPagePath(layer)): string {
  const blocks = { contract: renderContractBlock(layer, input), needs: renderNeedsBlock(layer, input) };
  return GENERATED_BLOCKS.reduce((text, block) => replaceBlock(text, block, blocks[block], file), current ?? skeleton(layer));
}

function skeleton(layer: Layer): string {
  const marked = (block: string) => [`<!-- ${block}:start -->`, `<!-- ${block}:end -->`];
  const sections: Record<(typeof LAYER_PAGE_SECTIONS)[number], string[]> = {
    "What it owns": ["(to be written: the resources the layer creates, grouped by AWS, Databricks account and workspace)"],
    Configuration: ["(to be written: the config sections that drive the layer, with links to ../config.md, and what each stage turns on)"],
    Contract: marked("contract"),
    "What it needs from below": marked("needs"),
  };
  return [
    `# The ${layer} layer`,
    "",
    `(to be written: what the layer is for.) Stack \`<env>-${layer}\`, state \`s3://<state.bucket>/<env>/${layer}.tfstate\`.`,
    "",
    ...LAYER_PAGE_SECTIONS.flatMap((section) => [`## ${section}`, "", ...sections[section], ""]),
  ].join("\n");
}

/** `text` with the lines between `<!-- <block>:start -->` and `<!-- <block>:end -->` replaced by `lines`. */
function replaceBlock(text: string, block: string, lines: readonly string[], file: string): string {
  const start = `<!-- ${block}:start -->`;
  const end = `<!-- ${block}:end -->`;
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  if (from === -1 || to < from || text.indexOf(start, from + 1) !== -1) {
    throw new UserError(
      `${displayName(file)}: needs exactly one "${start}" line followed by an "${end}" line, where the generated ${block} block goes`,
    );
  }
  return `${text.slice(0, from)}${start}\n${lines.join("\n")}\n${text.slice(to)}`;
}

/** Options of the command, for tests: another folder of pages, another input. */
export interface LayerDocsOptions {
  /** The folder of the pages. @default LAYER_DOCS_DIR */
  readonly dir?: string;
  /** The input of the generated blocks. @default layerDocsInput (synthesizes every registered stage) */
  readonly input?: () => LayerDocsInput;
}

/** The usage line, printed first by --help and after a usage error. */
export const USAGE = "usage: npm run layer-docs [-- --check]";
/** What --help prints. */
export const HELP = `${USAGE}

Generates the contract and "needs from below" blocks of docs/layers/<layer>.md, one page per layer, from the contract
definitions and the synthesized stacks of every registered stage. The rest of each page is written by hand; a page
missing for a layer is created as a skeleton.
  --check  write nothing; exit 1 if a page differs from what would be generated, naming each such page
Exit codes: 0 written or current, 1 stale (--check) or a page without its markers, 2 usage error.`;

/**
 * The command: writes every page whose generated blocks changed and returns one line per page written, or with
 * `--check` writes nothing and throws a UserError (exit 1) naming each stale page.
 */
export function layerDocsCommand(argv: readonly string[], options: LayerDocsOptions = {}): string[] {
  const unknown = argv.find((a) => a !== "--check");
  if (unknown !== undefined) throw usageError(USAGE, `unknown argument "${unknown}"`);
  const dir = options.dir ?? LAYER_DOCS_DIR;
  const input = (options.input ?? layerDocsInput)();
  const pages = LAYERS.map((layer) => {
    const file = layerPagePath(layer, dir);
    const current = existsSync(file) ? readFileSync(file, "utf8") : undefined;
    return { file, current, text: renderLayerPage(layer, current, input, file) };
  });
  const stale = pages.filter((page) => page.current !== page.text);
  if (argv.includes("--check")) {
    if (stale.length > 0) {
      throw new UserError(
        stale
          .map((page) => `${displayName(page.file)} is ${page.current === undefined ? "missing" : "out of date"}; run: npm run layer-docs`)
          .join("\n"),
      );
    }
    return [];
  }
  for (const page of stale) writeOutputFile(page.file, page.text);
  return stale.length > 0 ? stale.map((page) => `wrote ${displayName(page.file)}`) : [`${displayName(dir)}: every page is current`];
}

function displayName(file: string): string {
  return relative(process.cwd(), file) || ".";
}

function typeOf(kind: FieldKind): string {
  return kind === "string" ? "string" : kind === "list" ? "string[]" : "Record<string, string>";
}

function camelCase(name: string): string {
  return name.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase());
}

/** `a`, `a and b`, `a, b and c`. */
function listOf(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? "") : `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}

/** A table cell: one line, `|` escaped, and `<name>` kept visible (GitHub would read it as an HTML tag). */
function prose(text: string): string {
  return text
    .replace(/\s*\n\s*/g, " ")
    .replace(/\|/g, "\\|")
    .replace(/</g, "&lt;");
}

function packageName(): string {
  return (JSON.parse(readFileSync(join(__dirname, "..", "package.json"), "utf8")) as { name: string }).name;
}

if (require.main === module) {
  void runCommand(HELP, process.argv.slice(2), (argv) => {
    for (const line of layerDocsCommand(argv)) process.stdout.write(`${line}\n`);
  });
}
