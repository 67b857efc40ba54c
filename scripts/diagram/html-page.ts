/**
 * Self-contained HTML pages around the SVGs: inline SVG and inline CSS only, and a Content-Security-Policy that
 * forbids loading anything, so a page opens offline and never reaches the network. The markup after the doctype is
 * marked `prettier-ignore`, so a page committed under docs/ passes the format check as generated.
 */
import { escapeXml } from "./svg-text";
import { FONT_FAMILY } from "./text-metrics";

/** Nothing may be fetched: no scripts, fonts, images or styles from anywhere; inline styles only. */
const CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

const BASE_STYLE = [
  `body{margin:0;padding:16px;font-family:${FONT_FAMILY};color:#1f2933;background:#ffffff}`,
  "h1{font-size:20px;margin:0 0 12px}",
  "h2{font-size:16px;margin:20px 0 8px}",
  ".diagram{overflow:auto}",
  ".diagram svg{display:block}",
].join("");

/** A complete HTML page with `title` and `body` (already HTML), and extra CSS. */
export function htmlPage(title: string, body: string, style = ""): string {
  return [
    "<!doctype html>",
    "<!-- prettier-ignore -->",
    `<html lang="en"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}">` +
      `<meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeXml(title)}</title><style>${BASE_STYLE}${style}</style></head>`,
    `<body>${body}</body></html>`,
    "",
  ].join("\n");
}

/** The page of one environment: its SVG inline, at full size, scrolling when wider than the window. */
export function environmentPage(env: string, svg: string): string {
  return htmlPage(`Architecture of ${env}`, `<main><div class="diagram">\n${svg.trimEnd()}\n</div></main>`);
}
