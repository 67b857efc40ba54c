/**
 * The GitHub Actions workflows (.github/workflows): each one passes action-validator (@action-validator/core, the
 * WebAssembly build of github.com/mpalmer/action-validator: GitHub's workflow schema plus job and glob checks, offline,
 * in process), and keeps the properties docs/ci.md relies on.
 */
import { validateWorkflow } from "@action-validator/core";
import * as fs from "fs";
import { load } from "js-yaml";
import * as path from "path";
import { ENVIRONMENTS } from "../../environments/registry";

const ROOT = path.resolve(__dirname, "../..");
const WORKFLOWS_DIR = path.join(ROOT, ".github", "workflows");

type Dict = Record<string, unknown>;

interface Step {
  readonly name?: string;
  readonly id?: string;
  readonly uses?: string;
  readonly run?: string;
  readonly with?: Dict;
  readonly env?: Dict;
}

interface Job {
  readonly "runs-on"?: unknown;
  readonly environment?: unknown;
  readonly needs?: string | string[];
  readonly permissions?: Dict | string;
  readonly strategy?: { readonly "fail-fast"?: unknown; readonly matrix?: unknown };
  readonly concurrency?: { readonly group?: string } | string;
  readonly env?: Dict;
  readonly steps?: Step[];
}

interface Workflow {
  readonly on: Dict;
  readonly permissions?: Dict | string;
  readonly concurrency?: { readonly group?: string } | string;
  readonly env?: Dict;
  readonly jobs: Record<string, Job>;
}

const workflowFiles = fs
  .readdirSync(WORKFLOWS_DIR)
  .filter((f) => f.endsWith(".yml") || f.endsWith(".yaml"))
  .sort();

const text = (file: string): string => fs.readFileSync(path.join(WORKFLOWS_DIR, file), "utf8");
const parse = (file: string): Workflow => load(text(file), { filename: file }) as Workflow;
const jobsOf = (wf: Workflow): [string, Job][] => Object.entries(wf.jobs);
const stepsOf = (wf: Workflow): [string, Job, Step][] =>
  jobsOf(wf).flatMap(([id, job]) => (job.steps ?? []).map((s): [string, Job, Step] => [id, job, s]));
const usesAction = (step: Step, action: string): boolean => (step.uses ?? "").split("@")[0] === action;
const groupOf = (c: Job["concurrency"]): string | undefined => (typeof c === "string" ? c : c?.group);

/** One line per problem action-validator reports, nested "one of" alternatives included. */
function validatorMessages(src: string): string[] {
  interface Err {
    code: string;
    title: string;
    detail?: string;
    path?: string;
    location?: { line: number; column: number };
    states?: { errors: Err[] }[];
  }
  const lines: string[] = [];
  const walk = (errors: Err[], indent: string): void => {
    for (const e of errors) {
      const where = e.location ? `line ${e.location.line}, column ${e.location.column}` : e.path || "/";
      lines.push(`${indent}${where}: ${e.title}${e.detail ? `: ${e.detail}` : ""} (${e.code})`);
      for (const state of e.states ?? []) walk(state.errors, `${indent}  `);
    }
  };
  walk(validateWorkflow(src).errors as Err[], "");
  return lines;
}

describe("the workflow linter", () => {
  test("there are the three workflows", () => {
    expect(workflowFiles).toEqual(expect.arrayContaining(["ci.yml", "deploy.yml", "drift.yml"]));
  });

  test.each(workflowFiles)("%s passes action-validator", (file) => {
    expect(validatorMessages(text(file))).toEqual([]);
  });

  test("reports a broken workflow with its messages", () => {
    const broken = "on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    needs: missing\n    steps:\n      - run: echo hi\n";
    expect(validatorMessages(broken).join("\n")).toMatch(/unresolved job missing/);
    expect(validatorMessages("on: push\njobs: [\n").join("\n")).toMatch(/line \d+, column \d+: Parse Error/);
  });
});

describe("the workflows' structure", () => {
  const workflows = Object.fromEntries(workflowFiles.map((f) => [f, parse(f)]));
  const all = Object.entries(workflows);

  test("actions are pinned at least by major version", () => {
    const unpinned = all.flatMap(([file, wf]) =>
      stepsOf(wf)
        .map(([, , s]) => s.uses)
        .filter((u): u is string => u !== undefined && !u.startsWith("./") && !/@(v\d+(\.\d+){0,2}|[0-9a-f]{40})$/.test(u))
        .map((u) => `${file}: ${u}`),
    );
    expect(unpinned).toEqual([]);
  });

  test("setup-node is Node 20 with the npm cache", () => {
    for (const [, wf] of all) {
      for (const [, , step] of stepsOf(wf).filter(([, , s]) => usesAction(s, "actions/setup-node"))) {
        expect(step.uses).toBe("actions/setup-node@v4");
        expect(String(step.with?.["node-version"])).toBe("20");
        expect(step.with?.cache).toBe("npm");
      }
    }
  });

  test("every workflow that runs npm disables the cdktf checkpoint report", () => {
    for (const [file, wf] of all) {
      if (stepsOf(wf).some(([, , s]) => /\bnp[mx] /.test(s.run ?? ""))) expect([file, String(wf.env?.CHECKPOINT_DISABLE)]).toEqual([file, "1"]);
    }
  });

  test("setup-terraform runs without its wrapper, at the version of .terraform-version in ci, drift and deploy", () => {
    const version = fs.readFileSync(path.join(ROOT, ".terraform-version"), "utf8").trim();
    expect(version).toMatch(/^\d+\.\d+\.\d+$/);
    const [major, minor] = version.split(".").map(Number);
    expect(major > 1 || (major === 1 && minor >= 10)).toBe(true); // every stack requires ">= 1.10.0"

    for (const file of ["ci.yml", "drift.yml", "deploy.yml"]) {
      const steps = stepsOf(workflows[file]).map(([, , s]) => s);
      expect(steps.some((s) => usesAction(s, "hashicorp/setup-terraform"))).toBe(true);
    }
    for (const [file, wf] of all) {
      for (const [job, , step] of stepsOf(wf).filter(([, , s]) => usesAction(s, "hashicorp/setup-terraform"))) {
        const where = `${file} ${job}`;
        expect([where, step.with?.terraform_wrapper]).toEqual([where, false]);
        // The version comes from the step that reads .terraform-version, never a literal.
        const m = /^\$\{\{\s*steps\.([\w-]+)\.outputs\.version\s*\}\}$/.exec(String(step.with?.terraform_version));
        expect([where, m !== null]).toEqual([where, true]);
        const reader = (wf.jobs[job].steps ?? []).find((s) => s.id === m?.[1]);
        expect([where, reader?.run ?? ""]).toEqual([where, expect.stringContaining(".terraform-version")]);
      }
    }
  });

  test("AWS credentials come from OIDC role assumption: id-token write, a role, no long-lived keys", () => {
    const keyNames = /^AWS_(ACCESS_KEY_ID|SECRET_ACCESS_KEY|SESSION_TOKEN)$/;
    for (const [file, wf] of all) {
      expect([file, /secrets\.AWS_/i.test(text(file))]).toEqual([file, false]);
      const envs = [wf.env, ...jobsOf(wf).map(([, j]) => j.env), ...stepsOf(wf).map(([, , s]) => s.env)];
      const keysInEnv = envs.flatMap((e) => Object.keys(e ?? {})).filter((k) => keyNames.test(k));
      expect([file, keysInEnv]).toEqual([file, []]);

      for (const [jobId, job] of jobsOf(wf)) {
        const aws = (job.steps ?? []).filter((s) => usesAction(s, "aws-actions/configure-aws-credentials"));
        if (aws.length === 0) continue;
        const where = `${file} ${jobId}`;
        const permissions = job.permissions ?? wf.permissions;
        expect([where, typeof permissions === "object" ? permissions["id-token"] : permissions]).toEqual([where, "write"]);
        for (const step of aws) {
          expect(step.uses).toBe("aws-actions/configure-aws-credentials@v4");
          expect([where, String(step.with?.["role-to-assume"])]).toEqual([where, expect.stringMatching(/^\$\{\{ vars\.AWS_\w+_ROLE_ARN \}\}$/)]);
          expect([where, Object.keys(step.with ?? {}).filter((k) => /access-key|secret|session-token/.test(k))]).toEqual([where, []]);
        }
      }
    }
    // drift and both deploy jobs assume a role.
    for (const [file, job] of [
      ["drift.yml", "drift"],
      ["deploy.yml", "plan"],
      ["deploy.yml", "apply"],
    ]) {
      expect([file, job, (workflows[file].jobs[job].steps ?? []).some((s) => usesAction(s, "aws-actions/configure-aws-credentials"))]).toEqual([
        file,
        job,
        true,
      ]);
    }
  });

  test("matrices do not fail fast", () => {
    for (const [file, wf] of all) {
      for (const [jobId, job] of jobsOf(wf).filter(([, j]) => j.strategy?.matrix !== undefined)) {
        expect([file, jobId, job.strategy?.["fail-fast"]]).toEqual([file, jobId, false]);
      }
    }
  });

  test("deploy offers exactly the registered environments", () => {
    const inputs = (workflows["deploy.yml"].on.workflow_dispatch as { inputs: Record<string, { type: string; options?: string[] }> }).inputs;
    expect(inputs.environment.type).toBe("choice");
    expect([...(inputs.environment.options ?? [])].sort()).toEqual(Object.keys(ENVIRONMENTS).sort());
    expect(inputs.stack).toBeDefined();
  });

  test("drift and deploy of one environment share a concurrency group and the runner map", () => {
    const drift = workflows["drift.yml"].jobs.drift;
    const deploy = workflows["deploy.yml"];
    expect(groupOf(drift.concurrency)).toBe("lakehouse-${{ matrix.environment }}");
    expect(groupOf(deploy.concurrency)).toBe("lakehouse-${{ inputs.environment }}");
    const runnerMap = (runsOn: unknown): string => {
      const m = /fromJSON\('(\{.*\})'\)/.exec(String(runsOn));
      return m ? m[1] : `no runner map in ${String(runsOn)}`;
    };
    const prodRunner = JSON.stringify({ prod: ["self-hosted", "lakehouse-prod"] });
    expect(runnerMap(drift["runs-on"])).toBe(prodRunner);
    expect(runnerMap(deploy.jobs.plan["runs-on"])).toBe(prodRunner);
    expect(runnerMap(deploy.jobs.apply["runs-on"])).toBe(prodRunner);
  });

  test("drift reads exit code 2 and keeps one issue per environment by label", () => {
    const drift = workflows["drift.yml"];
    expect(Object.keys(drift.on)).toEqual(expect.arrayContaining(["schedule", "workflow_dispatch"]));
    const steps = drift.jobs.drift.steps ?? [];
    const run = steps.find((s) => s.id === "drift")?.run ?? "";
    expect(run).toMatch(/npm run -s drift -- --env "\$ENVIRONMENT" --format markdown > drift\.md \|\| code=\$\?/);
    expect(run).toContain("GITHUB_STEP_SUMMARY");
    const issue = steps.find((s) => (s.run ?? "").includes("gh issue"));
    expect(issue?.env?.LABEL).toBe("drift:${{ matrix.environment }}");
    expect(issue?.run).toMatch(/gh issue list --label "\$LABEL"/);
    expect(issue?.run).toMatch(/gh issue close/);
    expect(drift.jobs.drift.permissions).toMatchObject({ "id-token": "write", issues: "write" });
    expect(steps.find((s) => s.id === "drift")?.env).toMatchObject({
      DATABRICKS_CLIENT_ID: "${{ secrets.DATABRICKS_CLIENT_ID }}",
      DATABRICKS_CLIENT_SECRET: "${{ secrets.DATABRICKS_CLIENT_SECRET }}",
    });
  });

  test("deploy applies, in the protected environment, the saved plans of the same commit", () => {
    const { plan, apply } = workflows["deploy.yml"].jobs;
    expect(apply.needs).toBe("plan");
    expect(apply.environment).toBe("${{ inputs.environment }}");
    const upload = (plan.steps ?? []).find((s) => usesAction(s, "actions/upload-artifact"));
    const download = (apply.steps ?? []).find((s) => usesAction(s, "actions/download-artifact"));
    expect(upload?.with?.name).toBe("plan-${{ inputs.environment }}-${{ github.sha }}");
    expect(download?.with?.name).toBe(upload?.with?.name);
    expect(upload?.with?.["include-hidden-files"]).toBe(true); // .terraform.lock.hcl
    const applyRun = (apply.steps ?? []).map((s) => s.run ?? "").join("\n");
    expect(applyRun).toMatch(/commit-sha\.txt/);
    expect(applyRun).toMatch(/terraform -chdir="cdktf\.out\/stacks\/\$stack" apply -input=false -no-color plan\n/);
    expect(applyRun).not.toMatch(/npm run (plan|deploy)/);
    // The deployer by federation in the apply job; no stored Databricks secret there.
    expect(apply.env).toMatchObject({ DATABRICKS_AUTH_TYPE: "github-oidc" });
    expect(Object.keys(apply.env ?? {})).not.toContain("DATABRICKS_CLIENT_SECRET");
  });

  test("ci runs the test command, synth, check, impact, terraform validate and uploads the JSON", () => {
    const runs = stepsOf(workflows["ci.yml"])
      .map(([, , s]) => s.run ?? s.uses ?? "")
      .join("\n");
    const order = [
      "npm ci",
      "npm test",
      "npm run synth",
      "npm run check",
      "npm run -s impact -- --base",
      "init -backend=false",
      "validate",
      "actions/upload-artifact",
    ];
    const positions = order.map((needle) => runs.indexOf(needle));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  });
});
