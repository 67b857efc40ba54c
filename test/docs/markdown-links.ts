/**
 * Relative links of Markdown files, checked as GitHub renders them: the linked file exists and, with a `#fragment`,
 * the linked page has a heading with that anchor.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, relative, resolve } from "node:path";
import { REPO_ROOT } from "../run-ts";

/** The text of a Markdown file outside fenced code blocks. */
export function outsideCode(text: string): string {
  return text.replace(/^ {0,3}```[^\n]*\n[\s\S]*?^ {0,3}```$/gm, "");
}

/** GitHub's heading anchors of a Markdown file (formatting dropped, punctuation removed, `-1`, `-2` for repeats). */
export function anchorsOf(text: string): Set<string> {
  const seen = new Map<string, number>();
  const anchors = new Set<string>();
  for (const [, heading] of outsideCode(text).matchAll(/^#{1,6} (.+)$/gm)) {
    const slug = heading
      .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1")
      .trim()
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, "")
      .replace(/\s/g, "-");
    const count = seen.get(slug) ?? 0;
    seen.set(slug, count + 1);
    anchors.add(count === 0 ? slug : `${slug}-${count}`);
  }
  return anchors;
}

/** The relative link targets of a Markdown file (absolute URLs left out), as written. */
export function relativeLinksOf(text: string): string[] {
  return [...outsideCode(text).matchAll(/\]\(([^)\s]+)\)/g)].map((match) => match[1]).filter((target) => !/^[a-z]+:/.test(target));
}

/** `<file>: <target>: <problem>` for every relative link of `file` (absolute path) that does not resolve. */
export function brokenLinks(file: string): string[] {
  const name = relative(REPO_ROOT, file);
  return relativeLinksOf(readFileSync(file, "utf8")).flatMap((target) => {
    const [path, anchor] = target.split("#");
    const linked = path === "" ? file : resolve(dirname(file), path);
    if (!existsSync(linked)) return [`${name}: ${target}: no such file`];
    if (anchor !== undefined && linked.endsWith(".md") && !anchorsOf(readFileSync(linked, "utf8")).has(anchor)) {
      return [`${name}: ${target}: no such heading`];
    }
    return [];
  });
}
