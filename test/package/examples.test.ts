/**
 * The package as an outside team gets it: `npm pack` (which builds through `prepack`), then each app of examples/ in
 * a temporary folder, with the tarball installed, type-checked with its own tsconfig, compiled and run, and its
 * synthesized JSON checked.
 *
 * How the tarball is installed, offline: it is unpacked into `node_modules/<package name>` (what npm does with a
 * tarball: its `package/` folder becomes the package's folder), and the peers (cdktf, constructs, the providers) and
 * @types/node are symbolic links to this repository's node_modules. `npm install --offline <tarball>` was the other
 * way; it needs every package of the example's dependency tree in the local npm cache (a clean CI machine's cache
 * holds only what `npm ci` fetched, and npm would re-resolve the providers' whole trees), and takes tens of seconds
 * more per example. The links also give the test what a consumer must have: one copy of cdktf, shared by the app, the
 * library and the providers (checked below).
 */
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { REPO_ROOT } from "../run-ts";

const pkg = JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8")) as {
  name: string;
  version: string;
  peerDependencies: Record<string, string>;
};
/** What the examples need from this repository's node_modules: the library's peers, and the types of Node. */
const LINKED = [...Object.keys(pkg.peerDependencies), "@types/node"];
const TSC = join(REPO_ROOT, "node_modules", "typescript", "bin", "tsc");

interface PackedFile {
  readonly path: string;
}

let work: string;
let tarball: string;
let packedFiles: string[];

/** Runs a command; on failure, throws with its output (the test shows it). */
function run(command: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = {}): string {
  const result = spawnSync(command, args, { cwd, encoding: "utf8", env: { ...process.env, ...env }, timeout: 120_000 });
  if (result.status !== 0)
    throw new Error(`${command} ${args.join(" ")} (in ${cwd}) failed with ${result.status}:\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

/** Copies an example into the work folder and installs the tarball and the linked peers into it. */
function installExample(name: string): string {
  const app = join(work, name);
  cpSync(join(REPO_ROOT, "examples", name), app, { recursive: true });
  const library = join(app, "node_modules", pkg.name);
  mkdirSync(library, { recursive: true });
  execFileSync("tar", ["-xzf", tarball, "-C", library, "--strip-components=1"]);
  for (const dependency of LINKED) {
    const link = join(app, "node_modules", dependency);
    mkdirSync(dirname(link), { recursive: true });
    symlinkSync(join(REPO_ROOT, "node_modules", dependency), link, "dir");
  }
  return app;
}

/** Type-checks and compiles an example with its own tsconfig, runs it, and returns the synthesized JSON of a stack. */
function synthesize(app: string, stack: string): Record<string, Record<string, Record<string, Record<string, unknown>>>> {
  run(process.execPath, [TSC, "-p", app], app);
  const outdir = join(app, "cdktf.out");
  run(process.execPath, [join(app, "dist", "main.js")], app, { CDKTF_OUTDIR: outdir, CHECKPOINT_DISABLE: "1" });
  return JSON.parse(readFileSync(join(outdir, "stacks", stack, "cdk.tf.json"), "utf8"));
}

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), "lakehouse-package-"));
  const packed = run("npm", ["pack", "--json", "--offline", "--pack-destination", work], REPO_ROOT);
  const [info] = JSON.parse(packed) as { filename: string; files: PackedFile[] }[];
  tarball = join(work, info.filename);
  packedFiles = info.files.map((f) => f.path);
}, 120_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe("the packed library", () => {
  it("holds the built JavaScript and declarations, the READMEs, the module library's guide, CHANGELOG.md and LICENSE, and no sources or tests", () => {
    expect(packedFiles).toContain("dist/modules/aws/index.js");
    expect(packedFiles).toContain("dist/modules/aws/index.d.ts");
    expect(packedFiles).toContain("dist/stacks/contracts.d.ts");
    expect(packedFiles).toContain("CHANGELOG.md");
    // The README links it for installing and using the package.
    expect(packedFiles).toContain("docs/modules.md");
    expect(packedFiles).toContain("modules/databricks/sharing/README.md");
    // The license package.json names (MPL-2.0), in full: npm packs LICENSE whatever `files` says.
    expect(packedFiles).toContain("LICENSE");
    const { license } = JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8")) as { license: string };
    expect({ license, text: readFileSync(join(REPO_ROOT, "LICENSE"), "utf8").split("\n")[0] }).toEqual({
      license: "MPL-2.0",
      text: "Mozilla Public License Version 2.0",
    });
    const unexpected = packedFiles.filter(
      (f) => !/^dist\/.*\.(js|d\.ts)$/.test(f) && !/(^|\/)[A-Z]+\.md$/.test(f) && !["package.json", "LICENSE", "docs/modules.md"].includes(f),
    );
    expect(unexpected).toEqual([]);
    expect(
      packedFiles.filter((f) => /^dist\/(test|environments|scripts)\/|^dist\/stacks\/(?!contracts|shared\/layer-contract|[a-z-]+\/outputs)/.test(f)),
    ).toEqual([]);
  });
});

describe("examples/lakehouse-single-workspace, installed from the tarball", () => {
  let app: string;
  let json: ReturnType<typeof synthesize>;
  beforeAll(() => {
    app = installExample("lakehouse-single-workspace");
    json = synthesize(app, "lakehouse");
  }, 120_000);

  it("type-checks and synthesizes one stack with the workspace, the metastore and the catalog", () => {
    expect(Object.keys(json.resource.databricks_mws_workspaces)).toHaveLength(1);
    expect(Object.keys(json.resource.databricks_metastore)).toHaveLength(1);
    expect(Object.keys(json.resource.databricks_metastore_assignment)).toHaveLength(1);
    expect(Object.keys(json.resource.databricks_storage_credential)).toHaveLength(1);
    expect(Object.keys(json.resource.databricks_external_location)).toHaveLength(1);
    expect(Object.values(json.resource.databricks_catalog).map((c) => c.name)).toEqual(["acme_dev_sales"]);
    expect(Object.values(json.resource.databricks_schema).map((s) => s.name)).toEqual(expect.arrayContaining(["bronze", "silver", "gold"]));
  });

  it("wires the workspace to its credentials, storage and network, and the catalog to the assigned workspace", () => {
    const [workspace] = Object.values(json.resource.databricks_mws_workspaces);
    const [credentialsId] = Object.keys(json.resource.databricks_mws_credentials);
    const [storageId] = Object.keys(json.resource.databricks_mws_storage_configurations);
    const [networkId] = Object.keys(json.resource.databricks_mws_networks);
    expect(workspace.credentials_id).toBe(`\${databricks_mws_credentials.${credentialsId}.credentials_id}`);
    expect(workspace.storage_configuration_id).toBe(`\${databricks_mws_storage_configurations.${storageId}.storage_configuration_id}`);
    expect(workspace.network_id).toBe(`\${databricks_mws_networks.${networkId}.network_id}`);
    const [workspaceKey] = Object.keys(json.resource.databricks_mws_workspaces);
    const [assignment] = Object.values(json.resource.databricks_metastore_assignment);
    expect(String(assignment.workspace_id)).toContain(`databricks_mws_workspaces.${workspaceKey}.workspace_id`);
    const [binding] = Object.values(json.resource.databricks_workspace_binding ?? {});
    expect(String(binding?.workspace_id)).toContain(`databricks_mws_workspaces.${workspaceKey}.workspace_id`);
  });

  it("creates the metastore before the workspace (a workspace in a region without one would get Databricks' own)", () => {
    const [workspace] = Object.values(json.resource.databricks_mws_workspaces);
    const [metastoreKey] = Object.keys(json.resource.databricks_metastore);
    expect(workspace.depends_on).toContain(`databricks_metastore.${metastoreKey}`);
  });

  it("configures the workspace-level provider from the workspace it creates, and creates Unity Catalog objects with it", () => {
    const providers = json.provider.databricks as unknown as Record<string, unknown>[];
    const workspaceProvider = providers.find((p) => p.alias === "workspace");
    expect(String(workspaceProvider?.host)).toMatch(/\$\{(time_sleep|databricks_mws_workspaces)\./);
    for (const type of ["databricks_storage_credential", "databricks_external_location", "databricks_catalog"]) {
      for (const resource of Object.values(json.resource[type])) expect(resource.provider).toBe("databricks.workspace");
    }
    for (const resource of Object.values(json.resource.databricks_mws_workspaces)) expect(resource.provider).toBe("databricks.account");
  });

  it("grants the analysts read on the gold schema, and the USE_CATALOG that needs, by reference", () => {
    const grants = Object.values(json.resource.databricks_grants) as {
      schema?: string;
      catalog?: string;
      grant: { principal: string; privileges: string[] }[];
    }[];
    const goldKey = Object.entries(json.resource.databricks_schema).find(([, s]) => s.name === "gold")?.[0];
    const onGold = grants.find((g) => g.schema === `\${databricks_schema.${goldKey}.id}`);
    expect(onGold?.grant).toEqual([{ principal: "acme-dev-analysts", privileges: expect.arrayContaining(["USE_SCHEMA", "SELECT"]) }]);
    const [catalogKey] = Object.keys(json.resource.databricks_catalog);
    const onCatalog = grants.find((g) => g.catalog === `\${databricks_catalog.${catalogKey}.name}`);
    expect(onCatalog?.grant).toEqual([{ principal: "acme-dev-analysts", privileges: ["USE_CATALOG"] }]);
  });

  it("loads one copy of cdktf, shared by the app, the library and the providers, and no Databricks provider for ./aws", () => {
    const script = `
      const before = new Set(Object.keys(require.cache));
      require("${pkg.name}/aws");
      const added = Object.keys(require.cache).filter((f) => !before.has(f));
      const fromLibrary = require.resolve("cdktf", { paths: [require.resolve("${pkg.name}/aws")] });
      const fromProvider = require.resolve("cdktf", { paths: [require.resolve("@cdktf/provider-aws/lib/s3-bucket")] });
      process.stdout.write(JSON.stringify({ added, app: require.resolve("cdktf"), fromLibrary, fromProvider }));`;
    const result = JSON.parse(run(process.execPath, ["-e", script], app)) as {
      added: string[];
      app: string;
      fromLibrary: string;
      fromProvider: string;
    };
    expect(result.added.filter((f) => f.includes("provider-databricks"))).toEqual([]);
    expect(result.added.some((f) => f.includes(`${pkg.name}/dist/modules/aws/`))).toBe(true);
    expect(new Set([result.app, result.fromLibrary, result.fromProvider].map((f) => realpathSync(f))).size).toBe(1);
  });
});

describe("examples/delta-sharing, installed from the tarball", () => {
  let json: ReturnType<typeof synthesize>;
  beforeAll(() => {
    json = synthesize(installExample("delta-sharing"), "sharing");
  }, 120_000);

  it("type-checks with the classic `node` module resolution (typesVersions) and synthesizes the share and its recipients", () => {
    expect(Object.values(json.resource.databricks_share).map((s) => s.name)).toEqual(["partner_metrics"]);
    expect(
      Object.values(json.resource.databricks_recipient)
        .map((r) => r.name)
        .sort(),
    ).toEqual(["contoso", "northwind"]);
  });

  it("reads the workspace URL from the lakehouse's workspace layer through its typed contract", () => {
    const state = json.data.terraform_remote_state["lakehouse-workspace"];
    expect(state.backend).toBe("s3");
    expect(state.config).toMatchObject({ bucket: "acme-terraform-state", key: "prod/workspace.tfstate" });
    const [provider] = json.provider.databricks as unknown as Record<string, unknown>[];
    expect(provider.host).toBe("${data.terraform_remote_state.lakehouse-workspace.outputs.workspace_url}");
  });

  it("grants the share to both recipients in one grants resource, by reference", () => {
    const grants = Object.values(json.resource.databricks_grants);
    expect(grants).toHaveLength(1);
    const [shareKey] = Object.keys(json.resource.databricks_share);
    expect(grants[0].share).toBe(`\${databricks_share.${shareKey}.name}`);
    const principals = (grants[0].grant as { principal: string; privileges: string[] }[]).map((g) => g.principal);
    const recipientKeys = Object.keys(json.resource.databricks_recipient);
    expect(principals.sort()).toEqual(recipientKeys.map((k) => `\${databricks_recipient.${k}.name}`).sort());
  });
});
