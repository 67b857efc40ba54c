/**
 * Text sizes without measuring a font: a fixed, generous estimate of a character's width, so the same input lays
 * out the same everywhere (no font lookup at run time) and a real font, narrower than the estimate, never overflows.
 */

/** The font every element uses: generic families only, nothing to download. */
export const FONT_FAMILY = "Helvetica, Arial, 'Liberation Sans', 'DejaVu Sans', sans-serif";

/** Estimated width of one character, as a fraction of the font size (wider than Arial's and DejaVu's averages). */
const CHARACTER_WIDTH = { normal: 0.62, bold: 0.68 } as const;

/** The estimated width of `text` at `fontSize`. */
export function textWidth(text: string, fontSize: number, weight: keyof typeof CHARACTER_WIDTH = "normal"): number {
  return text.length * fontSize * CHARACTER_WIDTH[weight];
}

/** `text` broken into lines that fit `width`, at spaces; a word longer than a line is cut. */
export function wrapText(text: string, width: number, fontSize: number, weight: keyof typeof CHARACTER_WIDTH = "normal"): string[] {
  const perLine = Math.max(1, Math.floor(width / (fontSize * CHARACTER_WIDTH[weight])));
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/).filter((w) => w.length > 0)) {
    for (let rest = word; rest.length > 0;) {
      const candidate = line.length === 0 ? rest : `${line} ${rest}`;
      if (candidate.length <= perLine) {
        line = candidate;
        rest = "";
      } else if (line.length > 0) {
        lines.push(line);
        line = "";
      } else {
        lines.push(rest.slice(0, perLine));
        rest = rest.slice(perLine);
      }
    }
  }
  if (line.length > 0) lines.push(line);
  return lines;
}
