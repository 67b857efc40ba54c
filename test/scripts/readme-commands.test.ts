import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { REPO_ROOT } from "../run-ts";

/** The README and every document under docs/, with their text. */
const documents = [
  "README.md",
  ...readdirSync(join(REPO_ROOT, "docs"))
    .filter((f) => f.endsWith(".md"))
    .map((f) => `docs/${f}`),
].map((file) => ({
  file,
  text: readFileSync(join(REPO_ROOT, file), "utf8"),
}));

describe("the documented commands", () => {
  it("redirect npm's output into a file only with npm run -s, since npm prints its banner on stdout", () => {
    const unsilenced = documents.flatMap(({ file, text }) =>
      [...text.matchAll(/npm run\s+([^`\n|&;]*?)\s>\s*[^\s`]+/g)]
        .filter((match) => !/^(-s|--silent)\s/.test(match[1]))
        .map((match) => `${file}: ${match[0]}`),
    );
    expect(unsilenced).toEqual([]);
  });
});
