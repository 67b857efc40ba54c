// Lint rules: typescript-eslint's strict preset, plus the project's own rule that provider
// classes are imported by deep path (a root import costs seconds and hundreds of MB per synth).
import tseslint from "typescript-eslint";

const rootProviderImports = ["@cdktf/provider-aws", "@cdktf/provider-databricks", "@cdktf/provider-time"].flatMap((pkg) => [
  { name: pkg, message: `Import provider classes by deep path, e.g. "${pkg}/lib/<resource>".` },
  { name: `${pkg}/lib`, message: `Import provider classes by deep path, e.g. "${pkg}/lib/<resource>".` },
]);

export default tseslint.config(
  {
    ignores: [
      "node_modules/",
      "cdktf.out/",
      "dist/",
      "docs-api/",
      "examples/*/dist/",
      "examples/*/cdktf.out/",
      "coverage/",
      "**/*.js",
      "**/*.mjs",
      "**/*.cjs",
    ],
  },
  ...tseslint.configs.strict,
  {
    rules: {
      "no-restricted-imports": ["error", { paths: rootProviderImports }],
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_" }],
      eqeqeq: ["error", "always"],
      "no-console": "off",
    },
  },
);
