/**
 * Every command in the docs works (issue 18): the shell commands of README.md and docs/ (test/docs/documented-commands.ts
 * extracts them) name scripts package.json defines, pass only flags the script's `--help` names (or the cdktf CLI's),
 * and the ones that need no cloud and no Terraform run and exit 0, or with the exit code the document states.
 *
 * Which commands run follows one rule: a command that reaches a cloud (runs terraform: plan, deploy, destroy, drift
 * --env, cdktf diff/deploy/destroy) is only checked (NEEDS_CLOUD); one that needs none runs (RUNS_OFFLINE), into
 * temporary folders, never the repository's cdktf.out; a few that need no cloud are not run because of what they would
 * do to this checkout (NOT_RUN). A documented script in none of the three fails the test, so a new one is classified.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { isAbsolute, join } from "node:path";
import { ENVIRONMENTS } from "../../environments/registry";
import { BUILT } from "../layers";
import { REPO_ROOT } from "../run-ts";
import {
  cdktfCommandsIn,
  flagsAmong,
  flagsNamedIn,
  inPool,
  runCdktf,
  runTool,
  SCRIPTS,
  spawnAsync,
  toolOf,
  usageRequiresArguments,
  type Result,
  type ToolScript,
} from "./command-runner";
import { documentedCommands, documents, type DocumentedCommand } from "./documented-commands";

/** Commands that reach a cloud: they run terraform (through cdktf diff/deploy/destroy or directly). Checked, never run. */
const NEEDS_CLOUD: Readonly<Record<string, { readonly reason: string; readonly unless?: string }>> = {
  "npm run plan": { reason: "cdktf diff of each stack: terraform init and plan against the state bucket and the clouds' APIs" },
  "npm run deploy": { reason: "cdktf deploy: terraform apply" },
  "npm run destroy": { reason: "cdktf destroy: terraform destroy" },
  "npm run drift": { reason: "terraform init and plan of every stack of the environment", unless: "--plan-json" },
  "npx cdktf diff": { reason: "terraform plan" },
  "npx cdktf deploy": { reason: "terraform apply" },
  "npx cdktf destroy": { reason: "terraform destroy" },
};

/**
 * Commands that need no cloud and no Terraform: run (output folders and --out files in a temporary folder). A `once`
 * command is slow: its first runnable documented form is run and stands for the others (whose names and flags are
 * still checked), to keep this suite within a minute.
 */
const RUNS_OFFLINE: Readonly<Record<string, { readonly how: string; readonly once?: string }>> = {
  "npm run synth": { how: "synthesizes into a temporary CDKTF_OUTDIR" },
  "npm run check": { how: "synthesizes into a temporary folder of its own" },
  "npm run config": { how: "prints a config or the schema; --out writes into a temporary folder" },
  "npm run compare-synth": { how: "compares synthesized outputs (<before> and <after>: one synth, compared with itself)" },
  "npm run config-docs": { how: "with --check" },
  "npm run policy-docs": { how: "with --check" },
  "npm run api-report": { how: "with --check" },
  "npm run layer-docs": { how: "with --check" },
  "npm run diagram": { how: "draws into a temporary folder, from a synth there", once: "a synth of the environments before drawing" },
  "npm run impact": { how: "synthesizes the working tree and a git ref in temporary folders", once: "two synths of every environment per run" },
  "npm run drift": { how: "with --plan-json only: reads plans terraform already made" },
  "npx cdktf synth": { how: "the app under the cdktf CLI, with --output a temporary folder" },
  "npx cdktf list": { how: "synthesizes the app to list its stacks, with --output a temporary folder" },
};

/** Commands that need no cloud but are not run here, and why. */
const NOT_RUN: Readonly<Record<string, string>> = {
  "npm ci": "reinstalls node_modules under the running tests",
  "npm test": "the whole suite, this test included",
  "npm run test": "the whole suite, this test included",
  "npm run format": "rewrites every file prettier formats",
  "npm run build": "deletes and rebuilds dist/, which test/package builds and packs",
  "npm run prepack": "npm run build",
  "npm run docs": "writes docs-api/ with TypeDoc",
  "npm run bench": "minutes of repeated synths and an npm test (its --help is run)",
};

/** Scripts that rewrite a committed file unless given --check: they run only with it. */
const WRITES_UNLESS_CHECK: Readonly<Record<string, string>> = {
  "config-docs": "docs/config.md",
  "policy-docs": "docs/policy.md",
  "api-report": "api/databricks-lakehouse-aws.api.md",
  "layer-docs": "docs/layers/<layer>.md",
};

/**
 * Scripts that are not one of scripts/*.ts (which answer `--help` with their usage, scripts/cli.ts) but wrap other
 * programs: the program the arguments after `--` go to, whose --help names the flags they may pass.
 */
const WITHOUT_OWN_HELP: Readonly<Record<string, { readonly help?: readonly string[]; readonly reason: string }>> = {
  test: { help: ["node_modules/.bin/jest", "--help"], reason: "tsc, eslint, prettier, then jest: arguments go to jest" },
  format: { help: ["node_modules/.bin/prettier", "--help"], reason: "prettier --write ." },
  build: { help: ["node_modules/.bin/tsc", "--help", "--all"], reason: "an rm of dist/, then tsc -p tsconfig.build.json: arguments go to tsc" },
  prepack: { reason: "npm run build, run by npm pack: it takes no arguments" },
  docs: { help: ["node_modules/.bin/typedoc", "--help"], reason: "typedoc --tsconfig tsconfig.build.json" },
};

/** npm's own options the docs may use before `--`: anything else there is a flag meant for the script, which npm eats. */
const NPM_OPTIONS = new Set(["-s", "--silent"]);

/** Flags every tool of scripts/ accepts (scripts/cli.ts, wantsHelp), whether or not its help names them. */
const HELP_FLAGS = ["--help", "-h"];

/** Flags whose value is a git ref: a ref this clone does not have (origin/main without a remote) is not run. */
const GIT_REF_FLAGS = new Set(["--base"]);

const SYNTHESIZED = "\0synthesized";
const OUT_FILE = "\0out-file";
const OUT_DIR = "\0out-dir";

/** What a placeholder stands for where a command is run: a registered environment, a built layer, a git ref, an output. */
const FIRST_ENVIRONMENT = Object.keys(ENVIRONMENTS)[0];
const PLACEHOLDERS: Readonly<Record<string, string>> = {
  env: FIRST_ENVIRONMENT,
  stage: FIRST_ENVIRONMENT,
  name: FIRST_ENVIRONMENT,
  layer: BUILT[0],
  ref: "HEAD",
  "git-ref": "HEAD",
  before: SYNTHESIZED,
  after: SYNTHESIZED,
};

/** `npm run <script>`, `npm test`, `npm ci`, `npx cdktf <command>`: the name a command is classified by. */
function keyOf(command: DocumentedCommand): string {
  if (command.kind === "npm run") return `npm run ${command.name}`;
  if (command.kind === "npx cdktf") return command.name === undefined ? "npx cdktf" : `npx cdktf ${command.name}`;
  return command.kind;
}

const where = (command: DocumentedCommand) => `${command.file}:${command.line}`;

interface Run {
  readonly program: "tool" | "cdktf";
  readonly script: string;
  readonly args: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  readonly expectedExit: number;
  readonly expectedOutput?: string;
}

type Plan = { readonly run: Run } | { readonly skip: string };

const refExists = (ref: string) => {
  try {
    execFileSync("git", ["rev-parse", "--verify", "--quiet", `${ref}^{commit}`], { cwd: REPO_ROOT, stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
};

/** A documented value where the command runs (placeholders substituted), or what it needs that this checkout lacks. */
function concrete(value: string): { value: string } | { missing: string } {
  let missing: string | undefined;
  const substituted = value.replace(/<([^<>]+)>/g, (whole, name: string) => {
    const replacement = PLACEHOLDERS[name];
    if (replacement === undefined) missing ??= `${whole} stands for something the reader provides`;
    return replacement ?? whole;
  });
  if (missing) return { missing };
  if (/^cdktf\.out(\/|$)/.test(substituted)) return { missing: `${substituted} is the repository's output folder, never used by tests` };
  const fileLike = isAbsolute(substituted) || /\.(json|tgz|tfplan|ts)$/.test(substituted);
  if (fileLike && substituted !== SYNTHESIZED && !existsSync(join(REPO_ROOT, substituted))) {
    return { missing: `${substituted} is a file the reader makes` };
  }
  return { value: substituted };
}

/** How a documented command is run here, or why it is not. */
function planOf(command: DocumentedCommand, helps: ReadonlyMap<string, Result>): Plan {
  const key = keyOf(command);
  const script = command.name ?? "";
  const asksHelp = command.args.some((a) => HELP_FLAGS.includes(a));
  const cloud = NEEDS_CLOUD[key];
  const tool = command.kind === "npm run" ? toolOf(script) : undefined;
  if (asksHelp && (tool || command.kind === "npx cdktf")) {
    return { run: { program: tool ? "tool" : "cdktf", script, args: command.args, env: {}, expectedExit: command.expectedExit ?? 0 } };
  }
  if (cloud && !(cloud.unless && command.args.includes(cloud.unless))) return { skip: `needs a cloud: ${cloud.reason}` };
  if (NOT_RUN[key]) return { skip: NOT_RUN[key] };
  if (!RUNS_OFFLINE[key]) return { skip: "not classified" };
  if (command.elided) return { skip: "its arguments are left out (...)" };
  const help = helps.get(script);
  if (tool && command.inline && command.args.length === 0 && help && usageRequiresArguments(help.stdout, script)) {
    return { skip: "names the script in prose (its usage requires arguments)" };
  }
  if (WRITES_UNLESS_CHECK[script] && !command.args.includes("--check")) return { skip: `rewrites ${WRITES_UNLESS_CHECK[script]} (run with --check)` };
  const args: string[] = [];
  for (let i = 0; i < command.args.length; i++) {
    const word = command.args[i];
    if (command.args[i - 1] === "--out") {
      args.push(OUT_FILE);
      continue;
    }
    const value = concrete(word);
    if ("missing" in value) return { skip: value.missing };
    if (GIT_REF_FLAGS.has(command.args[i - 1]) && !refExists(value.value)) return { skip: `git ref ${value.value} is not in this clone` };
    args.push(value.value);
  }
  const env: Record<string, string> = {};
  for (const [name, raw] of Object.entries(command.env)) {
    const value = name === "CDKTF_OUTDIR" ? { value: OUT_DIR } : concrete(raw);
    if ("missing" in value) return { skip: value.missing };
    env[name] = value.value;
  }
  if (command.kind === "npx cdktf") args.push("--output", OUT_DIR);
  return {
    run: {
      program: tool ? "tool" : "cdktf",
      script,
      args,
      env,
      expectedExit: command.expectedExit ?? 0,
      ...(command.expectedOutput === undefined ? {} : { expectedOutput: command.expectedOutput }),
    },
  };
}

const commands = documentedCommands();
const scriptsDocumented = [...new Set(commands.filter((c) => c.kind === "npm run").map((c) => c.name as string))].sort();
const cdktfDocumented = [...new Set(commands.filter((c) => c.kind === "npx cdktf" && c.name).map((c) => c.name as string))].sort();

describe("the documented commands", () => {
  const helps = new Map<string, Result>();
  const wrappedHelps = new Map<string, Result>();
  const cdktfHelps = new Map<string, Result>();
  let cdktfHelp: Result;
  const runs: { run: Run; at: DocumentedCommand[]; result: Result }[] = [];
  const skipped: { text: string; at: string; reason: string }[] = [];
  let temporary: string;

  beforeAll(async () => {
    temporary = mkdtempSync(join(tmpdir(), "documented-commands-"));
    // Every documented tool's --help and the cdktf CLI's, once each.
    const helpTasks = [
      ...scriptsDocumented.flatMap((script) => {
        const tool = toolOf(script);
        return tool ? [async () => void helps.set(script, await runTool(tool, ["--help"]))] : [];
      }),
      ...scriptsDocumented.flatMap((script) => {
        const help = WITHOUT_OWN_HELP[script]?.help;
        const needed = commands.some((c) => c.kind === "npm run" && c.name === script && flagsAmong(c.args).length > 0);
        return help && needed ? [async () => void wrappedHelps.set(script, await spawnAsync(join(REPO_ROOT, help[0]), help.slice(1)))] : [];
      }),
      async () => void (cdktfHelp = await runCdktf(["--help"])),
      ...cdktfDocumented.map((name) => async () => void cdktfHelps.set(name, await runCdktf([name, "--help"]))),
    ];
    await inPool(4, helpTasks);

    // The commands to run, each once.
    const planned = new Map<string, { run: Run; at: DocumentedCommand[] }>();
    for (const command of commands) {
      const plan = planOf(command, helps);
      if ("skip" in plan) {
        if (!skipped.some((s) => s.text === command.text && s.reason === plan.skip))
          skipped.push({ text: command.text, at: where(command), reason: plan.skip });
        continue;
      }
      const once = RUNS_OFFLINE[keyOf(command)]?.once;
      const first = once && [...planned.values()].find((p) => keyOf(p.at[0]) === keyOf(command));
      if (first && JSON.stringify(first.run) !== JSON.stringify(plan.run)) {
        skipped.push({ text: command.text, at: where(command), reason: `${first.at[0].text} (${where(first.at[0])}) is run for it: ${once}` });
        continue;
      }
      const key = JSON.stringify(plan.run);
      planned.set(key, { run: plan.run, at: [...(planned.get(key)?.at ?? []), command] });
    }
    // The slowest first (the cdktf CLI, a `once` command), so the pool does not end on one of them; the commands
    // that compare synthesized outputs (<before>, <after>) last, since they reuse the output of a documented synth.
    const slow = (run: Run) => run.program === "cdktf" || RUNS_OFFLINE[`npm run ${run.script}`]?.once !== undefined;
    const order = (run: Run) => (run.args.includes(SYNTHESIZED) ? 2 : slow(run) ? 0 : 1);
    const entries = [...planned.values()].sort((a, b) => order(a.run) - order(b.run));
    const outputOf = (index: number) => join(temporary, `out-${index}`);
    const source = entries.findIndex(
      ({ run }) => run.program === "tool" && run.script === "synth" && run.args.length === 0 && !run.env.LAKEHOUSE_ENV_FILE,
    );
    const started: Promise<Result>[] = [];
    const results = await inPool(
      2,
      entries.map(({ run }, index) => async () => {
        let synthesized = outputOf(source);
        if (run.args.includes(SYNTHESIZED)) {
          const synth = toolOf("synth") as ToolScript;
          // The output of a documented synth, or (none documented) one of the first environment.
          if (source === -1)
            await runTool(synth, [], { LAKEHOUSE_ENV: FIRST_ENVIRONMENT, CDKTF_OUTDIR: (synthesized = join(temporary, "synthesized")) });
          else await started[source];
        }
        const place = (value: string) =>
          value === SYNTHESIZED
            ? synthesized
            : value === OUT_FILE
              ? join(temporary, `written-${index}`)
              : value === OUT_DIR
                ? outputOf(index)
                : value;
        const args = run.args.map(place);
        const env = { CDKTF_OUTDIR: outputOf(index), ...Object.fromEntries(Object.entries(run.env).map(([k, v]) => [k, place(v)])) };
        started[index] = run.program === "tool" ? runTool(toolOf(run.script) as ToolScript, args, env) : runCdktf([run.script, ...args], env);
        return started[index];
      }),
    );
    entries.forEach((entry, index) => runs.push({ ...entry, result: results[index] }));
  }, 600_000);

  afterAll(() => {
    if (temporary) rmSync(temporary, { recursive: true, force: true });
    // DOCS_COMMANDS_REPORT=1 npx jest test/docs/commands.test.ts: what ran (with its wall time) and what did not, and why.
    if (process.env.DOCS_COMMANDS_REPORT) {
      const ran = runs.map(
        ({ at, result }) => `ran  ${at.map(where).join(", ")}: ${at[0].text} (exit ${result.status}, ${result.seconds.toFixed(1)} s)`,
      );
      const notRun = skipped.map((s) => `skip ${s.at}: ${s.text}: ${s.reason}`);
      console.info([...ran, ...notRun].join("\n"));
    }
  });

  it("are found in the README and docs/", () => {
    expect(commands.length).toBeGreaterThan(0);
  });

  it("name scripts package.json defines", () => {
    const unknown = commands.filter((c) => c.kind === "npm run" && SCRIPTS[c.name as string] === undefined);
    expect(unknown.map((c) => `${where(c)}: npm run ${c.name}: no such script`)).toEqual([]);
  });

  it("give npm only its own options (-s) before --; a flag for the script goes after --", () => {
    const misplaced = commands.flatMap((c) =>
      c.npmOptions.filter((o) => !NPM_OPTIONS.has(o)).map((o) => `${where(c)}: ${c.text}: ${o} goes to npm, not the script`),
    );
    expect(misplaced).toEqual([]);
  });

  it("run scripts/ tools that answer --help with their usage, first, and exit 0", () => {
    const bad = scriptsDocumented
      .filter((script) => toolOf(script))
      .map((script) => [script, helps.get(script) as Result] as const)
      .filter(([, help]) => help.status !== 0 || !help.stdout.startsWith("usage:"))
      .map(
        ([script, help]) =>
          `npm run ${script} -- --help: exit ${help.status}, ${JSON.stringify(help.stdout.split("\n")[0] || help.stderr.split("\n")[0])}`,
      );
    expect(bad).toEqual([]);
  });

  it("run other programs only through scripts listed in WITHOUT_OWN_HELP", () => {
    const unlisted = scriptsDocumented.filter((script) => SCRIPTS[script] !== undefined && !toolOf(script) && !WITHOUT_OWN_HELP[script]);
    expect(unlisted.map((s) => `npm run ${s} (${SCRIPTS[s]}): add it to WITHOUT_OWN_HELP`)).toEqual([]);
  });

  it("pass a script only flags its --help names", () => {
    const problems = commands
      .filter((c) => c.kind === "npm run" && SCRIPTS[c.name as string] !== undefined)
      .flatMap((c) => {
        const script = c.name as string;
        const tool = toolOf(script);
        const help = tool ? helps.get(script)?.stdout : wrappedHelps.get(script)?.stdout;
        const accepted = new Set([...(help === undefined ? [] : flagsNamedIn(help)), ...(tool ? HELP_FLAGS : [])]);
        return flagsAmong(c.args)
          .filter((flag) => !accepted.has(flag))
          .map((flag) =>
            help === undefined
              ? `${where(c)}: ${c.text}: ${flag}: npm run ${script} takes no flags (${WITHOUT_OWN_HELP[script]?.reason})`
              : `${where(c)}: ${c.text}: ${flag} is not an option of npm run ${script} (its --help names ${[...accepted].filter((f) => f.startsWith("--")).join(" ")})`,
          );
      });
    expect(problems).toEqual([]);
  });

  it("use commands the cdktf CLI has, with flags its --help names", () => {
    expect(cdktfHelp.status).toBe(0);
    const known = cdktfCommandsIn(cdktfHelp.stdout);
    const problems = commands
      .filter((c) => c.kind === "npx cdktf")
      .flatMap((c) => {
        if (c.name === undefined || !known.has(c.name)) return [`${where(c)}: ${c.text}: no such cdktf command (${[...known].join(", ")})`];
        const accepted = flagsNamedIn(cdktfHelps.get(c.name)?.stdout ?? "");
        return flagsAmong(c.args)
          .filter((flag) => !accepted.has(flag))
          .map((flag) => `${where(c)}: ${c.text}: ${flag} is not an option of cdktf ${c.name}`);
      });
    expect(problems).toEqual([]);
  });

  it("are classified: each needs a cloud, runs offline or is not run for a stated reason", () => {
    const unclassified = [...new Map(commands.map((c) => [keyOf(c), c])).values()]
      .filter((c) => !NEEDS_CLOUD[keyOf(c)] && !RUNS_OFFLINE[keyOf(c)] && !NOT_RUN[keyOf(c)])
      .map((c) => `${keyOf(c)} (${where(c)}): classify it in NEEDS_CLOUD, RUNS_OFFLINE or NOT_RUN`);
    expect(unclassified).toEqual([]);
  });

  it("that need no cloud run, and exit 0 or with the exit code the document states", () => {
    expect(runs.length).toBeGreaterThan(0);
    const failed = runs.flatMap(({ run, at, result }) => {
      const output = `${result.stdout}${result.stderr}`;
      const problems = [
        ...(result.status === run.expectedExit ? [] : [`exit ${result.status}, expected ${run.expectedExit}`]),
        ...(run.expectedOutput === undefined || output.includes(run.expectedOutput) ? [] : [`does not print ${JSON.stringify(run.expectedOutput)}`]),
      ];
      if (problems.length === 0) return [];
      const tail = output.trim().split("\n").slice(-4).join("\n    ");
      return [`${at.map(where).join(", ")}: ${at[0].text}: ${problems.join("; ")}\n    ${tail}`];
    });
    expect(failed).toEqual([]);
  });

  it("redirect npm's output into a file only with npm run -s, since npm prints its banner on stdout", () => {
    const unsilenced = documents().flatMap(({ file, text }) =>
      [...text.matchAll(/npm run\s+([^`\n|&;]*?)\s>\s*[^\s`]+/g)]
        .filter((match) => !/^(-s|--silent)\s/.test(match[1]))
        .map((match) => `${file}: ${match[0]}`),
    );
    expect(unsilenced).toEqual([]);
  });
});
