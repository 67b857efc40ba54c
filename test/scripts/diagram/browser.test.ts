/**
 * Opens the diagram's HTML page in headless Chromium (Debian's, from PATH, driven by playwright-core: no browser is
 * ever downloaded) and checks what a reader sees: the page renders (a screenshot that is not blank), no box or label
 * overlaps another, every label and box stays inside where it belongs, and the page asks the network for nothing.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium, type Browser } from "playwright-core";
import { diagramFiles } from "../../../scripts/diagram/draw";
import { fixtureModel } from "./fixture";

/** The Chromium binary on PATH, as Debian's package installs it. */
function chromiumOnPath(): string | undefined {
  for (const name of ["chromium", "chromium-browser"]) {
    const found = spawnSync("sh", ["-c", `command -v ${name}`], { encoding: "utf8" });
    if (found.status === 0 && found.stdout.trim() !== "") return found.stdout.trim();
  }
  return undefined;
}

const executablePath = chromiumOnPath();
if (executablePath === undefined) {
  console.warn("skipping the diagram's browser test: no chromium on PATH; install it with: apt-get install -y chromium");
}
const describeWithChromium = executablePath === undefined ? describe.skip : describe;

interface Box {
  readonly id: string;
  readonly left: number;
  readonly top: number;
  readonly right: number;
  readonly bottom: number;
}

const overlap = (a: Box, b: Box) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
const inside = (inner: Box, outer: Box) =>
  inner.left >= outer.left - 0.5 && inner.right <= outer.right + 0.5 && inner.top >= outer.top - 0.5 && inner.bottom <= outer.bottom + 0.5;

/** Every pair of boxes that overlap, as `a / b`. */
function overlapping(boxes: readonly Box[]): string[] {
  return boxes.flatMap((a, i) => boxes.slice(i + 1).flatMap((b) => (overlap(a, b) ? [`${a.id} / ${b.id}`] : [])));
}

// Run in the page, as source text: the project's type check has no DOM types (lib ES2022 only).
/** The bounding boxes of the component boxes, their labels and the lanes, and each component's lane. */
const MEASURE_LAYOUT = `(() => {
  const rect = (id, element) => {
    const r = element.getBoundingClientRect();
    return { id, left: r.left, top: r.top, right: r.right, bottom: r.bottom };
  };
  const components = [...document.querySelectorAll("g[data-component]")];
  return {
    boxes: components.map((g) => rect(g.getAttribute("data-component"), g.querySelector('[data-role="box"]'))),
    labels: components.map((g) => rect(g.getAttribute("data-component"), g.querySelector('[data-role="label"]'))),
    lanes: [...document.querySelectorAll("g[data-lane]:not([data-component])")].map((g) => rect(g.getAttribute("data-lane"), g.querySelector('[data-role="lane"]'))),
    boxLanes: Object.fromEntries(components.map((g) => [g.getAttribute("data-component"), g.getAttribute("data-lane")])),
  };
})()`;

/** The screenshot (an <img id="shot">) decoded by the browser's canvas: its width, colours, share of non-white pixels. */
const PIXEL_STATS = `(async () => {
  const image = document.getElementById("shot");
  await image.decode();
  const canvas = document.createElement("canvas");
  canvas.width = image.naturalWidth;
  canvas.height = image.naturalHeight;
  const context = canvas.getContext("2d");
  context.drawImage(image, 0, 0);
  const { data } = context.getImageData(0, 0, canvas.width, canvas.height);
  const colours = new Set();
  let nonWhite = 0;
  for (let i = 0; i < data.length; i += 4) {
    colours.add((data[i] << 16) | (data[i + 1] << 8) | data[i + 2]);
    if (data[i] < 250 || data[i + 1] < 250 || data[i + 2] < 250) nonWhite++;
  }
  return { width: canvas.width, colours: colours.size, nonWhiteShare: nonWhite / (data.length / 4) };
})()`;

describeWithChromium("the diagram's HTML page in Chromium", () => {
  let browser: Browser;
  const requests: string[] = [];
  let layout: { boxes: Box[]; labels: Box[]; lanes: Box[]; boxLanes: Record<string, string> };
  let screenshot: Buffer;

  beforeAll(async () => {
    const folder = mkdtempSync(join(tmpdir(), "diagram-browser-"));
    const model = fixtureModel();
    for (const file of await diagramFiles([model], false)) writeFileSync(join(folder, file.name), file.text);
    browser = await chromium.launch({
      executablePath,
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    });
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    // The page must load nothing: every request but the page itself is recorded and refused.
    await page.route("**", async (route) => {
      const url = route.request().url();
      if (url.startsWith("file:") || url.startsWith("data:")) return route.continue();
      requests.push(url);
      return route.abort();
    });
    await page.goto(pathToFileURL(join(folder, "dev.html")).href);
    layout = (await page.evaluate(MEASURE_LAYOUT)) as typeof layout;
    screenshot = await page.screenshot({ fullPage: true });
  });

  afterAll(async () => {
    await browser?.close();
  });

  it("renders: the screenshot is not blank but a picture of many colours", async () => {
    const page = await browser.newPage();
    // Decode the PNG with the browser's own canvas: the share of non-white pixels and the number of colours.
    await page.setContent(`<img id="shot" src="data:image/png;base64,${screenshot.toString("base64")}">`);
    const stats = (await page.evaluate(PIXEL_STATS)) as { width: number; colours: number; nonWhiteShare: number };
    await page.close();
    expect(stats.width).toBeGreaterThan(900);
    expect(stats.colours).toBeGreaterThan(50);
    expect(stats.nonWhiteShare).toBeGreaterThan(0.2);
  });

  it("draws a box for every component, none overlapping another", () => {
    expect(layout.boxes).toHaveLength(fixtureModel().components.length);
    for (const box of layout.boxes) expect(box.right - box.left).toBeGreaterThan(100);
    expect(overlapping(layout.boxes)).toEqual([]);
  });

  it("keeps every label inside its own box, so no two labels overlap either", () => {
    expect(overlapping(layout.labels)).toEqual([]);
    const outside = layout.labels.filter((label) => !inside(label, layout.boxes.find((b) => b.id === label.id) as Box)).map((l) => l.id);
    expect(outside).toEqual([]);
  });

  it("keeps every box inside its lane, and the lanes side by side without overlapping", () => {
    const outside = layout.boxes.filter((box) => !inside(box, layout.lanes.find((l) => l.id === layout.boxLanes[box.id]) as Box)).map((b) => b.id);
    expect(outside).toEqual([]);
    expect(overlapping(layout.lanes)).toEqual([]);
  });

  it("asks the network for nothing", () => {
    expect(requests).toEqual([]);
  });
});
