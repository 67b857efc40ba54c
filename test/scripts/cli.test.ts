import { ValidationError } from "../../modules/core/errors";
import { runCli, usageError } from "../../scripts/cli";

async function run(main: () => void): Promise<{ stderr: string; exitCode: number | undefined }> {
  let stderr = "";
  const write = jest.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  });
  const previous = process.exitCode;
  process.exitCode = undefined;
  try {
    await runCli(main);
    return { stderr, exitCode: process.exitCode as number | undefined };
  } finally {
    write.mockRestore();
    process.exitCode = previous;
  }
}

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
