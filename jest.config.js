/** Jest runs TypeScript through SWC (no type checking: `tsc --noEmit` in `npm test` is the type gate). */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  transform: {
    "^.+\\.ts$": ["@swc/jest", { jsc: { parser: { syntax: "typescript" }, target: "es2022" }, module: { type: "commonjs" } }],
  },
  setupFilesAfterEnv: ["<rootDir>/test/setup.ts"],
  maxWorkers: 2,
  // Many suites spawn node (the app, the CLI tools, stand-ins for terraform and cdktf); on a loaded 2-core CI machine
  // one spawn can take a second, so jest's 5 s default fails tests that are merely slow there (CI run of stop 19).
  testTimeout: 60_000,
  workerIdleMemoryLimit: "1GB",
};
