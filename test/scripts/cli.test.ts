import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ValidationError } from "../../modules/core/errors";
import { runCli, runDocGenerator, usageError, wantsHelp } from "../../scripts/cli";
import { runTs } from "../run-ts";

async function run(main: () => void): Promise<{ stderr: string; exitCode: number | undefined }> {
  let stderr = "";
  const write = jest.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  });
  const previous = process.exitCode;
  // runCli sets the process's stack formatter (no frames); this test file's own failures keep theirs.
  const formatter = Error.prepareStackTrace;
  process.exitCode = undefined;
  try {
    await runCli(main);
    return { stderr, exitCode: process.exitCode as number | undefined };
  } finally {
    write.mockRestore();
    process.exitCode = previous;
    Error.prepareStackTrace = formatter;
  }
}

describe("runCli's stack traces", () => {
  // Formatting the stack cdktf captures for every token it creates was a quarter of a synth (docs/performance.md).
  it("hold no frames, only the error's header line, unless LAKEHOUSE_DEBUG=1 asks for them (then TypeScript lines)", () => {
    expect(runTs("test/fixtures/stack-trace-formatting.ts").stdout).toBe("header only\n");
    expect(runTs("test/fixtures/stack-trace-formatting.ts", [], { LAKEHOUSE_DEBUG: "1" }).stdout).toBe("frames\n");
  });
});

describe("runCli", () => {
  it("prints every line of a construct's validation error, with no stack trace, and exits 1", async () => {
    const result = await run(() => {
      throw new ValidationError("dev-network-storage/Vpc", ["cidrBlock: 0.0.0.0/0 is too large", "workspaceSubnets: none given"]);
    });
    expect(result.stderr).toBe("dev-network-storage/Vpc: cidrBlock: 0.0.0.0/0 is too large\ndev-network-storage/Vpc: workspaceSubnets: none given\n");
    expect(result.exitCode).toBe(1);
  });

  it("prints a usage error with its usage line and exits 2", async () => {
    const result = await run(() => {
      throw usageError("usage: npm run x", 'unknown argument "--nope"');
    });
    expect(result.stderr).toBe('unknown argument "--nope"\nusage: npm run x\n');
    expect(result.exitCode).toBe(2);
  });

  it("reports a bug in one line, pointing at LAKEHOUSE_DEBUG for the stack trace", async () => {
    const result = await run(() => {
      throw new Error("undefined is not a function\n    at somewhere");
    });
    expect(result.stderr).toBe("error: undefined is not a function\n(set LAKEHOUSE_DEBUG=1 for the stack trace)\n");
    expect(result.exitCode).toBe(1);
  });
});

describe("runCli on errors that are not UserErrors but not bugs either", () => {
  it("reports a TypeScript file that SWC cannot parse as one line: file, line, caret column, what is wrong", async () => {
    const swc = new Error(
      [
        "  x Expected ',', got 'ident'",
        `   ,-[${process.cwd()}/environments/qa.ts:4:1]`,
        " 3 |   production: false",
        " 4 |   project: {},",
        "   :   ^^^^^^^",
        " 5 | };",
        "   `----",
        "",
        "Caused by:",
        "    Syntax Error",
      ].join("\n"),
    );
    const result = await run(() => {
      throw swc;
    });
    expect(result.stderr).toBe("environments/qa.ts:4:3: syntax error: Expected ',', got 'ident'\n");
    expect(result.exitCode).toBe(1);
  });

  it("reports a TypeScript diagnostic (ts-node without SWC) as one line", async () => {
    const tsError = Object.assign(new Error("⨯ Unable to compile TypeScript"), {
      diagnosticText: "environments/qa.ts(4,3): error TS1005: ',' expected.\n",
    });
    const result = await run(() => {
      throw tsError;
    });
    expect(result.stderr).toBe("environments/qa.ts:4:3: syntax error: ',' expected.\n");
  });

  it("reports a file-system failure (a full disk) as one line, without the LAKEHOUSE_DEBUG hint", async () => {
    const result = await run(() => {
      throw Object.assign(new Error("ENOSPC: no space left on device, write"), { code: "ENOSPC", syscall: "write" });
    });
    expect(result.stderr).toBe("error: ENOSPC: no space left on device, write\n");
    expect(result.exitCode).toBe(1);
  });
});

describe("wantsHelp", () => {
  it.each([
    [["--help"], true],
    [["-h"], true],
    [["print", "qa", "-h"], true],
    [["validate", "--", "-h"], false],
    [["--helpful"], false],
    [[], false],
  ])("%j asks for help: %s", (argv, expected) => {
    expect(wantsHelp(argv)).toBe(expected);
  });
});

describe("runDocGenerator", () => {
  const generate = async (args: string[], file: string) => {
    const argv = process.argv;
    process.argv = [argv[0], "generator.ts", ...args];
    const stdout = jest.spyOn(process.stdout, "write").mockImplementation(() => true);
    try {
      return await run(() => runDocGenerator("x-docs", file, () => "generated\n"));
    } finally {
      stdout.mockRestore();
      process.argv = argv;
    }
  };

  it("with --check writes nothing and exits 1 when the document is stale, 0 when it is current", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "docs-")), "doc.md");
    writeFileSync(file, "stale\n");
    const stale = await generate(["--check"], file);
    expect(stale.stderr).toMatch(/doc\.md is out of date; run: npm run x-docs\n$/);
    expect(stale.exitCode).toBe(1);
    expect(readFileSync(file, "utf8")).toBe("stale\n");
    expect((await generate([], file)).exitCode).toBeUndefined();
    expect(readFileSync(file, "utf8")).toBe("generated\n");
    expect((await generate(["--check"], file)).exitCode).toBeUndefined();
  });
});
