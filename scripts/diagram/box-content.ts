/**
 * The text inside a component's box and the box's size: its name, what the environment has of it (or that it is
 * left out), and the stacks it comes from. Boxes have one width, so lanes line up and environments compare.
 */
import type { Component } from "./catalogue";
import { wrapText } from "./text-metrics";

/** Box width and the room around its text. */
export const BOX_WIDTH = 184;
const PADDING_X = 10;
const PADDING_Y = 9;
/** The coloured band at the top of a box that says which stack it comes from. */
export const STRIPE_HEIGHT = 4;

/** The three kinds of line in a box, each with its font size and line height. */
export const LINE_STYLES = {
  name: { fontSize: 13, lineHeight: 16, weight: "bold" },
  detail: { fontSize: 11.5, lineHeight: 14, weight: "normal" },
  stacks: { fontSize: 10, lineHeight: 13, weight: "normal" },
} as const;
export type LineKind = keyof typeof LINE_STYLES;

/** One line of text in a box, with its baseline offset from the box's top. */
export interface BoxLine {
  readonly kind: LineKind;
  readonly text: string;
  readonly baseline: number;
}

/** A box's lines and height. */
export interface BoxContent {
  readonly lines: readonly BoxLine[];
  readonly width: number;
  readonly height: number;
  /** The text's left edge, from the box's left. */
  readonly textX: number;
}

/** The layer names of a component's stacks (`<env>-ingestion` -> `ingestion`), and whether it is protected. */
function stacksLine(component: Component, env: string): string {
  const layers = component.stacks.map((s) => (s.startsWith(`${env}-`) ? s.slice(env.length + 1) : s));
  return [layers.join(", "), component.protectedResources > 0 ? "protected" : ""].filter((p) => p.length > 0).join(" · ");
}

/** The content of a component's box in environment `env`. */
export function boxContent(component: Component, env: string): BoxContent {
  const inner = BOX_WIDTH - 2 * PADDING_X;
  const texts: [LineKind, string][] = [
    ["name", component.name],
    ["detail", component.present ? component.detail : `not in ${env}`],
    ["stacks", component.present ? stacksLine(component, env) : ""],
  ];
  const lines: BoxLine[] = [];
  let y = STRIPE_HEIGHT + PADDING_Y;
  for (const [kind, text] of texts) {
    const style = LINE_STYLES[kind];
    for (const line of wrapText(text, inner, style.fontSize, style.weight)) {
      // The baseline sits about a fifth of the line height above the line's bottom.
      lines.push({ kind, text: line, baseline: y + style.lineHeight * 0.8 });
      y += style.lineHeight;
    }
  }
  return { lines, width: BOX_WIDTH, height: Math.ceil(y + PADDING_Y), textX: PADDING_X };
}
