/**
 * The TypeScript examples in the modules' READMEs compile against the modules as they are: each ```ts block is
 * type-checked (imports hoisted, the body inside a function whose `this` is a construct scope). What an example takes
 * from its surroundings (a provider, an id from elsewhere) is declared in the README's prelude below, so the README
 * itself stays free of boilerplate.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import ts from "typescript";
import { REPO_ROOT } from "../run-ts";

/** Declarations an example of each README may use without defining them (its "surroundings"). */
const PRELUDES: Record<string, string> = {
  "modules/aws/README.md": `
    import type { IamRole } from "@cdktf/provider-aws/lib/iam-role";
    import { DataAwsCallerIdentity } from "@cdktf/provider-aws/lib/data-aws-caller-identity";
    import { KmsKey } from "./modules/aws/kms-key";
    import { SecureBucket } from "./modules/aws/secure-bucket";
    import { DatabricksVpc } from "./modules/aws/databricks-vpc";
    import { PrivateLinkEndpoints } from "./modules/aws/private-link-endpoints";
    import { VpcEndpoints } from "./modules/aws/vpc-endpoints";
    declare const ucRole: IamRole;
    declare const region: string;
    declare const dataKey: KmsKey;
    declare const rootBucket: SecureBucket;
    declare const logsBucket: SecureBucket;
    void [DataAwsCallerIdentity, KmsKey, SecureBucket, DatabricksVpc, PrivateLinkEndpoints, VpcEndpoints];`,
  "modules/databricks/README.md": `
    import type { DatabricksProvider } from "@cdktf/provider-databricks/lib/provider";
    declare const account: DatabricksProvider;
    declare const workspace: DatabricksProvider;
    declare const databricksAccountId: string;
    declare const vpcId: string;
    declare const subnetIds: string[];
    declare const securityGroupId: string;
    declare const workspaceId: number;`,
  "modules/policy/README.md": `
    import { App, TerraformStack } from "cdktf";
    import type { BlockMatcher, ResourceRule } from "./modules/policy";
    declare const app: App;
    declare const stack: TerraformStack;
    declare const scratchBucket: TerraformStack;
    declare const cleanRooms: BlockMatcher;
    declare const cleanRoomBody: ResourceRule;`,
};

interface Example {
  readonly readme: string;
  readonly index: number;
  readonly file: string;
  readonly source: string;
}

function readmes(): string[] {
  return readdirSync(join(REPO_ROOT, "modules"))
    .map((domain) => `modules/${domain}/README.md`)
    .filter((readme) => {
      try {
        readFileSync(join(REPO_ROOT, readme));
        return true;
      } catch {
        return false;
      }
    });
}

/** Each ```ts block as a module: its imports and the prelude's, then its body inside `function (this: Construct)`. */
function examplesOf(readme: string): Example[] {
  const text = readFileSync(join(REPO_ROOT, readme), "utf8");
  const blocks = [...text.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((m) => m[1]);
  return blocks.map((block, index) => {
    const lines = block.split("\n");
    const imports = lines.filter((l) => l.startsWith("import "));
    // A top-level `export` in an example shows what a file of the reader's would export; inside the function it is a plain declaration.
    const body = lines.filter((l) => !l.startsWith("import ")).map((l) => l.replace(/^export /, ""));
    const prelude = PRELUDES[readme] ?? "";
    const preludeImports = prelude.split("\n").filter((l) => l.trim().startsWith("import ") && !imports.some((i) => sameBinding(i, l)));
    const preludeRest = prelude.split("\n").filter((l) => !l.trim().startsWith("import "));
    const source = [
      'import type { Construct } from "constructs";',
      ...imports,
      ...preludeImports,
      ...preludeRest,
      "export function example(this: Construct): void {",
      "  void this;",
      ...body,
      "}",
    ].join("\n");
    return { readme, index, file: join(REPO_ROOT, `readme-example-${readme.split("/")[1]}-${index}.ts`), source };
  });
}

/** True when two import lines bind the same first name (the example's own import wins over the prelude's). */
function sameBinding(a: string, b: string): boolean {
  const first = (line: string) => /\{\s*(?:type\s+)?(\w+)/.exec(line)?.[1];
  return first(a) !== undefined && first(a) === first(b);
}

function typeCheck(examples: readonly Example[]): Map<string, string[]> {
  const configFile = ts.readConfigFile(join(REPO_ROOT, "tsconfig.json"), (path) => ts.sys.readFile(path));
  const parsed = ts.parseJsonConfigFileContent(configFile.config, ts.sys, REPO_ROOT);
  const options: ts.CompilerOptions = { ...parsed.options, noEmit: true, noUnusedLocals: false, noUnusedParameters: false };
  const virtual = new Map(examples.map((e) => [e.file, e.source]));
  const host = ts.createCompilerHost(options);
  const { getSourceFile, fileExists, readFile } = host;
  host.fileExists = (name) => virtual.has(name) || fileExists.call(host, name);
  host.readFile = (name) => virtual.get(name) ?? readFile.call(host, name);
  host.getSourceFile = (name, language, onError) => {
    const source = virtual.get(name);
    return source === undefined ? getSourceFile.call(host, name, language, onError) : ts.createSourceFile(name, source, language);
  };
  const program = ts.createProgram([...virtual.keys()], options, host);
  const problems = new Map<string, string[]>();
  for (const diagnostic of ts.getPreEmitDiagnostics(program)) {
    const source = diagnostic.file;
    const text = source ? virtual.get(source.fileName) : undefined;
    if (!source || text === undefined) continue;
    const file = source.fileName;
    const { line } = source.getLineAndCharacterOfPosition(diagnostic.start ?? 0);
    const lineText = text.split("\n")[line].trim();
    problems.set(file, [...(problems.get(file) ?? []), `${ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n")} (at: ${lineText})`]);
  }
  return problems;
}

describe("the modules' README examples", () => {
  const examples = readmes().flatMap(examplesOf);
  const problems = typeCheck(examples);

  it("exist in every module README", () => {
    for (const readme of readmes()) expect(examples.filter((e) => e.readme === readme).length).toBeGreaterThan(0);
  });

  it.each(examples.map((e) => [`${e.readme} example ${e.index + 1}`, e] as const))("%s type-checks", (_, example) => {
    expect(problems.get(example.file) ?? []).toEqual([]);
  });
});
