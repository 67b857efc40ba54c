import fs from "node:fs";
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { App, TerraformOutput, TerraformStack } from "cdktf";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { ENVIRONMENTS, validateEnvironments } from "../../environments";
import { UserError } from "../../modules/core/errors";
import type { EnvironmentStacks } from "../../stacks/lakehouse";
import { synthesizeLakehouse, type SynthesizeOptions } from "../../stacks/synthesize";

const [first] = validateEnvironments([Object.values(ENVIRONMENTS)[0]]);

/** A fresh folder and the path of an output folder in it (not created). */
function freshOutdir(): string {
  return join(mkdtempSync(join(tmpdir(), "synth-")), "cdktf.out");
}

/** An output folder as an earlier synth left it: a manifest and one stack folder per name. */
function previousOutput(...stacks: string[]): string {
  const outdir = freshOutdir();
  for (const stack of stacks.length > 0 ? stacks : ["old"]) mkdirSync(join(outdir, "stacks", stack), { recursive: true });
  writeFileSync(join(outdir, "manifest.json"), "previous");
  return outdir;
}

/** A build of small stacks named `names` (no providers): the swap, not the lakehouse, is under test. */
function stacksNamed(...names: string[]): NonNullable<SynthesizeOptions["build"]> {
  return (app: App) => {
    for (const name of names) new TerraformOutput(new TerraformStack(app, name), "name", { value: name });
    return [] as EnvironmentStacks[];
  };
}

const synthStacks = (outdir: string, ...names: string[]) => synthesizeLakehouse([], { outdir, build: stacksNamed(...names) });
const failingCheck =
  (message = "policy finding") =>
  () => {
    throw new Error(message);
  };
const manifestStacks = (outdir: string) => Object.keys(JSON.parse(readFileSync(join(outdir, "manifest.json"), "utf8")).stacks);
const besideOutput = (outdir: string) => readdirSync(join(outdir, "..")).sort();
const errno = (code: string, message: string) => Object.assign(new Error(`${code}: ${message}`), { code, syscall: "write" });

afterEach(() => jest.restoreAllMocks());

describe("synthesizeLakehouse: the swap", () => {
  it("replaces the output folder with the new synthesis when it succeeds", () => {
    const outdir = previousOutput();
    synthesizeLakehouse([first], { outdir });
    expect(readdirSync(join(outdir, "stacks"))).toContain(`${first.name}-network-storage`);
    expect(manifestStacks(outdir)).toContain(`${first.name}-network-storage`);
    expect(besideOutput(outdir)).toEqual(["cdktf.out"]);
  });

  it("leaves the output folder as it was, and no staging folder, when the check fails", () => {
    const outdir = previousOutput();
    expect(() => synthesizeLakehouse([first], { outdir, check: failingCheck() })).toThrow("policy finding");
    expect(readFileSync(join(outdir, "manifest.json"), "utf8")).toBe("previous");
    expect(readdirSync(join(outdir, "stacks"))).toEqual(["old"]);
    expect(besideOutput(outdir)).toEqual(["cdktf.out"]);
  });

  it("writes nothing when there was no output folder and the check fails", () => {
    const outdir = freshOutdir();
    expect(() => synthesizeLakehouse([], { outdir, build: stacksNamed("a"), check: failingCheck("x") })).toThrow("x");
    expect(besideOutput(outdir)).toEqual([]);
  });

  it("keeps each stack folder's .terraform/ and .terraform.lock.hcl across synths, as the cdktf CLI does", () => {
    const outdir = freshOutdir();
    synthStacks(outdir, "a", "b");
    mkdirSync(join(outdir, "stacks", "a", ".terraform", "providers"), { recursive: true });
    writeFileSync(join(outdir, "stacks", "a", ".terraform.lock.hcl"), "# lock of a\n");
    writeFileSync(join(outdir, "stacks", "a", "cdk.tf.json"), "stale");

    synthStacks(outdir, "a", "b");

    expect(readFileSync(join(outdir, "stacks", "a", ".terraform.lock.hcl"), "utf8")).toBe("# lock of a\n");
    expect(existsSync(join(outdir, "stacks", "a", ".terraform", "providers"))).toBe(true);
    expect(JSON.parse(readFileSync(join(outdir, "stacks", "a", "cdk.tf.json"), "utf8")).output.name.value).toBe("a");
    expect(besideOutput(outdir)).toEqual(["cdktf.out"]);
  });

  it("keeps the folders of stacks it did not synthesize, which the cdktf CLI deletes itself after the app exits", () => {
    const outdir = freshOutdir();
    synthStacks(outdir, "a", "b");
    writeFileSync(join(outdir, "stacks", "b", ".terraform.lock.hcl"), "# lock of b\n");

    synthStacks(outdir, "a");

    expect(manifestStacks(outdir)).toEqual(["a"]);
    expect(readdirSync(join(outdir, "stacks")).sort()).toEqual(["a", "b"]);
    expect(readFileSync(join(outdir, "stacks", "b", ".terraform.lock.hcl"), "utf8")).toBe("# lock of b\n");
  });
});

describe("synthesizeLakehouse: cdktf's construct validations", () => {
  it("reports each failed one as a user error, one line naming the construct, and writes nothing", () => {
    const outdir = freshOutdir();
    const withoutProvider = (app: App) => {
      new S3Bucket(new TerraformStack(app, "no-provider"), "Bucket", {});
      return [] as EnvironmentStacks[];
    };
    let thrown: unknown;
    try {
      synthesizeLakehouse([], { outdir, build: withoutProvider });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(UserError);
    const lines = (thrown as UserError).message.split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^no-provider: Found resources without a matching provider construct.*: aws$/);
    expect(existsSync(outdir)).toBe(false);
  });
});

describe("synthesizeLakehouse: the output folder", () => {
  const previousCwd = process.cwd();
  afterEach(() => process.chdir(previousCwd));

  it("takes a path with a trailing /. as the folder itself: its lock and staging folder sit beside it, not inside", () => {
    const parent = mkdtempSync(join(tmpdir(), "normalized-"));
    synthStacks(join(parent, "cdktf.out", "."), "a");
    synthStacks(`${join(parent, "cdktf.out")}/./`, "a");
    expect(readdirSync(parent)).toEqual(["cdktf.out"]);
    expect(manifestStacks(join(parent, "cdktf.out"))).toEqual(["a"]);
  });

  it("refuses the current folder and an empty name", () => {
    const cwd = mkdtempSync(join(tmpdir(), "cwd-"));
    writeFileSync(join(cwd, "keep.txt"), "mine");
    process.chdir(cwd);
    expect(() => synthStacks(".", "a")).toThrow(/^\.: is the current folder; /);
    expect(() => synthStacks("..", "a")).toThrow(/^\.\.: contains the current folder; /);
    expect(() => synthStacks("", "a")).toThrow(/^outdir: is empty; /);
    expect(readdirSync(cwd)).toEqual(["keep.txt"]);
  });

  it("refuses, in one line naming CDKTF_OUTDIR, a folder that holds anything synth does not write, and deletes nothing", () => {
    const home = mkdtempSync(join(tmpdir(), "home-"));
    writeFileSync(join(home, "notes.txt"), "mine");
    const previous = process.env.CDKTF_OUTDIR;
    process.env.CDKTF_OUTDIR = home;
    try {
      expect(() => synthesizeLakehouse([], { build: stacksNamed("a") })).toThrow(
        new RegExp(
          `^CDKTF_OUTDIR=${home}: holds "notes.txt", which synth does not write; synth replaces this folder whole, .*only synth has written$`,
        ),
      );
    } finally {
      if (previous === undefined) delete process.env.CDKTF_OUTDIR;
      else process.env.CDKTF_OUTDIR = previous;
    }
    expect(readdirSync(home)).toEqual(["notes.txt"]);
  });

  it("replaces a folder that holds the diagrams drawn from its stacks, dropping them with the stacks they showed", () => {
    const outdir = previousOutput();
    mkdirSync(join(outdir, "diagrams"));
    writeFileSync(join(outdir, "diagrams", "dev.svg"), "<svg/>");
    synthStacks(outdir, "a");
    expect(readdirSync(outdir).sort()).toEqual(["manifest.json", "stacks"]);
  });

  it("refuses a file, a symbolic link, a missing parent folder and a stacks/ entry that is not a stack folder", () => {
    const dir = mkdtempSync(join(tmpdir(), "outdirs-"));
    writeFileSync(join(dir, "file"), "x");
    mkdirSync(join(dir, "target"));
    symlinkSync(join(dir, "target"), join(dir, "link"));
    const strange = previousOutput();
    writeFileSync(join(strange, "stacks", "README"), "x");

    expect(() => synthStacks(join(dir, "file"), "a")).toThrow(/: is a file, not a folder$/);
    expect(() => synthStacks(join(dir, "link"), "a")).toThrow(/: is a symbolic link; /);
    expect(() => synthStacks(join(dir, "missing", "out"), "a")).toThrow(`: its parent folder ${join(dir, "missing")} does not exist`);
    expect(() => synthStacks(strange, "a")).toThrow(/: holds stacks\/README, which is not a stack folder; /);
    expect(readFileSync(join(dir, "file"), "utf8")).toBe("x");
    expect(lstatSync(join(dir, "link")).isSymbolicLink()).toBe(true);
  });

  it("accepts an empty folder and a folder holding only stack folders with lock files (as git checks them out)", () => {
    const empty = freshOutdir();
    mkdirSync(empty);
    synthStacks(empty, "a");
    expect(manifestStacks(empty)).toEqual(["a"]);

    const checkedOut = freshOutdir();
    mkdirSync(join(checkedOut, "stacks", "a"), { recursive: true });
    writeFileSync(join(checkedOut, "stacks", "a", ".terraform.lock.hcl"), "# committed\n");
    synthStacks(checkedOut, "a");
    expect(readdirSync(join(checkedOut, "stacks", "a")).sort()).toEqual([".terraform.lock.hcl", "cdk.tf.json"]);
  });

  it("accepts a trailing slash and puts nothing inside the output folder but the output", () => {
    const outdir = freshOutdir();
    synthStacks(`${outdir}/`, "a");
    synthStacks(`${outdir}/`, "a");
    expect(readdirSync(outdir).sort()).toEqual(["manifest.json", "stacks"]);
    expect(besideOutput(outdir)).toEqual(["cdktf.out"]);
  });
});

describe("synthesizeLakehouse: interrupted runs", () => {
  it("restores the previous output when a run died between the two renames, even if this run fails", () => {
    const outdir = freshOutdir();
    const previous = previousOutput("a");
    fs.renameSync(previous, `${outdir}.previous`);
    mkdirSync(join(`${outdir}.staging`, "stacks", "a"), { recursive: true });

    expect(() => synthesizeLakehouse([], { outdir, build: stacksNamed("a"), check: failingCheck() })).toThrow("policy finding");

    expect(readFileSync(join(outdir, "manifest.json"), "utf8")).toBe("previous");
    expect(besideOutput(outdir)).toEqual(["cdktf.out"]);
  });

  it("says it restored the output, then synthesizes as usual", () => {
    const outdir = freshOutdir();
    fs.renameSync(previousOutput("a"), `${outdir}.previous`);
    const { warnings } = synthStacks(outdir, "a");
    expect(warnings).toEqual([`restored ${outdir} from ${outdir}.previous, which an interrupted synth left`]);
    expect(manifestStacks(outdir)).toEqual(["a"]);
    expect(besideOutput(outdir)).toEqual(["cdktf.out"]);
  });

  it("finishes a swap that died after the second rename: moves the Terraform files over and removes the old output", () => {
    const outdir = freshOutdir();
    synthStacks(outdir, "a");
    const previous = previousOutput("a");
    writeFileSync(join(previous, "stacks", "a", ".terraform.lock.hcl"), "# lock of a\n");
    fs.renameSync(previous, `${outdir}.previous`);

    synthStacks(outdir, "a");

    expect(readFileSync(join(outdir, "stacks", "a", ".terraform.lock.hcl"), "utf8")).toBe("# lock of a\n");
    expect(besideOutput(outdir)).toEqual(["cdktf.out"]);
  });

  it("removes the staging folders of interrupted runs, of this version and of earlier ones (.staging-<pid>)", () => {
    const outdir = previousOutput();
    for (const name of [`${outdir}.staging`, `${outdir}.staging-4242`]) mkdirSync(join(name, "stacks", "half-written"), { recursive: true });
    synthStacks(outdir, "a");
    expect(besideOutput(outdir)).toEqual(["cdktf.out"]);
  });

  it("is not stopped by an earlier version's leftover .previous-<pid> with this process's pid (containers reuse pids)", () => {
    const outdir = previousOutput("a");
    const leftover = `${outdir}.previous-${process.pid}`;
    mkdirSync(join(leftover, "stacks", "a"), { recursive: true });
    writeFileSync(join(leftover, "manifest.json"), "older");
    synthStacks(outdir, "a");
    expect(manifestStacks(outdir)).toEqual(["a"]);
    expect(besideOutput(outdir)).toEqual(["cdktf.out"]);
  });

  it("refuses a folder at the staging name that synth did not write, and leaves it", () => {
    const outdir = previousOutput();
    mkdirSync(`${outdir}.staging`);
    writeFileSync(join(`${outdir}.staging`, "thesis.tex"), "mine");
    expect(() => synthStacks(outdir, "a")).toThrow(
      `${outdir}: ${outdir}.staging holds "thesis.tex", which synth does not write, so it is not a leftover of synth; move it away (synth needs the name)`,
    );
    expect(readdirSync(`${outdir}.staging`)).toEqual(["thesis.tex"]);
  });

  it("reports a failure to remove the old output after a successful swap as a warning, and the next run removes it", () => {
    const outdir = previousOutput("a");
    const rmSync = fs.rmSync;
    jest.spyOn(fs, "rmSync").mockImplementation((path, options) => {
      if (String(path) === `${outdir}.previous`)
        throw Object.assign(new Error("EBUSY: resource busy or locked, rmdir"), { code: "EBUSY", syscall: "rmdir" });
      rmSync(path, options);
    });

    const { warnings } = synthStacks(outdir, "a");

    expect(warnings).toEqual([
      `could not remove ${outdir}.previous (resource busy or locked (EBUSY)); the new output is in place, and the next synth removes it`,
    ]);
    expect(manifestStacks(outdir)).toEqual(["a"]);
    jest.restoreAllMocks();
    expect(synthStacks(outdir, "a").warnings).toEqual([]);
    expect(besideOutput(outdir)).toEqual(["cdktf.out"]);
  });

  it("keeps the old output when a Terraform file cannot be moved over after the swap, warns, and the next run moves it", () => {
    const outdir = freshOutdir();
    synthStacks(outdir, "a");
    writeFileSync(join(outdir, "stacks", "a", ".terraform.lock.hcl"), "# lock of a\n");
    const renameSync = fs.renameSync;
    jest.spyOn(fs, "renameSync").mockImplementation((from, to) => {
      if (String(from).endsWith(".terraform.lock.hcl"))
        throw Object.assign(new Error("EACCES: permission denied, rename"), { code: "EACCES", syscall: "rename" });
      renameSync(from, to);
    });

    const { warnings } = synthStacks(outdir, "a");

    const lock = join("stacks", "a", ".terraform.lock.hcl");
    expect(warnings).toEqual([
      `could not move ${join(`${outdir}.previous`, lock)} to ${join(outdir, lock)}: permission denied (EACCES)`,
      `kept ${outdir}.previous: the next synth moves what is left and removes it`,
    ]);
    jest.restoreAllMocks();
    expect(synthStacks(outdir, "a").warnings).toEqual([]);
    expect(readFileSync(join(outdir, lock), "utf8")).toBe("# lock of a\n");
    expect(besideOutput(outdir)).toEqual(["cdktf.out"]);
  });

  it("reports a full disk as one line naming the output folder, and leaves the previous output and no staging folder", () => {
    const outdir = previousOutput();
    const writeFileSync = fs.writeFileSync;
    jest.spyOn(fs, "writeFileSync").mockImplementation((file, data, options) => {
      if (String(file).startsWith(`${outdir}.staging`)) throw errno("ENOSPC", "no space left on device, write");
      writeFileSync(file, data, options);
    });

    expect(() => synthStacks(outdir, "a")).toThrow(
      new Error(`${outdir}: cannot write the synthesized output: no space left on device (ENOSPC); the previous output is unchanged`),
    );

    expect(readFileSync(join(outdir, "manifest.json"), "utf8")).toBe("previous");
    expect(besideOutput(outdir)).toEqual(["cdktf.out"]);
  });
});

describe("synthesizeLakehouse: one synth at a time", () => {
  const lockOf = (outdir: string, pid: number) =>
    writeFileSync(`${outdir}.lock`, JSON.stringify({ pid, host: hostname(), startedAt: "2026-12-01T00:00:00.000Z" }));

  it("refuses while another running process holds the lock, names it, and leaves its lock and the output alone", () => {
    const outdir = previousOutput();
    lockOf(outdir, process.ppid);
    expect(() => synthStacks(outdir, "a")).toThrow(
      `${outdir}: another synth is writing it (pid ${process.ppid} on ${hostname()}, since 2026-12-01T00:00:00.000Z); wait for it to finish, or delete ${outdir}.lock if that process is gone`,
    );
    expect(existsSync(`${outdir}.lock`)).toBe(true);
    expect(readFileSync(join(outdir, "manifest.json"), "utf8")).toBe("previous");
  });

  it("refuses a second synth of the same folder started while the first one runs", () => {
    const outdir = freshOutdir();
    let second: unknown;
    synthesizeLakehouse([], {
      outdir,
      build: stacksNamed("a"),
      check: () => {
        try {
          synthStacks(outdir, "b");
        } catch (error) {
          second = error;
        }
      },
    });
    expect(String(second)).toMatch(new RegExp(`another synth is writing it \\(pid ${process.pid} on `));
    expect(manifestStacks(outdir)).toEqual(["a"]);
  });

  it("takes over a lock left by a process that is gone, and one naming its own pid that it does not hold", () => {
    const gone = spawnSync(process.execPath, ["-e", ""]).pid;
    const outdir = freshOutdir();
    lockOf(outdir, gone);
    synthStacks(outdir, "a");
    lockOf(outdir, process.pid);
    synthStacks(outdir, "a");
    expect(besideOutput(outdir)).toEqual(["cdktf.out"]);
  });

  it("removes its lock when done, whether the run succeeds or fails", () => {
    const outdir = freshOutdir();
    synthStacks(outdir, "a");
    expect(existsSync(`${outdir}.lock`)).toBe(false);
    expect(() => synthesizeLakehouse([], { outdir, build: stacksNamed("a"), check: failingCheck() })).toThrow();
    expect(existsSync(`${outdir}.lock`)).toBe(false);
  });
});
