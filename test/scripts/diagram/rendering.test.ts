import { DOMParser, type Element as XmlElement } from "@xmldom/xmldom";
import { diagramFiles } from "../../../scripts/diagram/draw";
import { COLOURS } from "../../../scripts/diagram/palette";
import { fixtureModel } from "./fixture";

/** Parses `text` as XML, failing on any well-formedness error (xmldom only warns on some by default). */
function parseXml(text: string, mimeType: "image/svg+xml" | "text/html" = "image/svg+xml") {
  return new DOMParser({
    onError: (level, message) => {
      if (level !== "warning") throw new Error(`not well-formed: ${message}`);
    },
  }).parseFromString(text, mimeType);
}

const elements = (root: { getElementsByTagName(name: string): ArrayLike<XmlElement> }, name: string): XmlElement[] =>
  Array.from(root.getElementsByTagName(name));

describe("the diagram of an environment", () => {
  let files: Map<string, string>;
  const model = fixtureModel();

  beforeAll(async () => {
    files = new Map((await diagramFiles([model], false)).map((f) => [f.name, f.text]));
  });

  it("is <env>.svg and <env>.html", () => {
    expect([...files.keys()]).toEqual(["dev.svg", "dev.html"]);
  });

  it("is a well-formed SVG document", () => {
    const svg = parseXml(files.get("dev.svg") as string).documentElement as XmlElement;
    expect(svg.tagName).toBe("svg");
    expect(svg.getAttribute("xmlns")).toBe("http://www.w3.org/2000/svg");
    expect(Number(svg.getAttribute("width"))).toBeGreaterThan(900);
  });

  it("has one box per catalogue component: white for those the environment has, greyed and dashed for the others", () => {
    const svg = parseXml(files.get("dev.svg") as string);
    const groups = elements(svg, "g").filter((g) => g.hasAttribute("data-component"));
    expect(groups.map((g) => g.getAttribute("data-component"))).toEqual(model.components.map((c) => c.id));
    for (const component of model.components) {
      const group = groups.find((g) => g.getAttribute("data-component") === component.id) as XmlElement;
      const box = elements(group, "rect").find((r) => r.getAttribute("data-role") === "box") as XmlElement;
      const label = elements(group, "text")[0].textContent ?? "";
      expect(group.getAttribute("data-present")).toBe(String(component.present));
      expect(group.getAttribute("data-lane")).toBe(component.lane);
      if (component.present) {
        expect(box.getAttribute("fill")).toBe(COLOURS.box);
        expect(box.hasAttribute("stroke-dasharray")).toBe(false);
        expect(label.replace(/\s+/g, "")).toContain(component.detail.replace(/\s+/g, ""));
      } else {
        expect(box.getAttribute("fill")).toBe(COLOURS.absentBox);
        expect(box.getAttribute("stroke-dasharray")).toBe("4 3");
        expect(label).toContain("not in dev");
      }
    }
  });

  it("draws every flow, active ones solid with an arrowhead, the others greyed and dashed", () => {
    const paths = elements(parseXml(files.get("dev.svg") as string), "path").filter((p) => p.hasAttribute("data-flow"));
    expect(paths.map((p) => p.getAttribute("data-flow")).sort()).toEqual(model.flows.map((f) => `${f.from}->${f.to}`).sort());
    const iotToKinesis = paths.find((p) => p.getAttribute("data-flow") === "iot-core->kinesis") as XmlElement;
    expect(iotToKinesis.getAttribute("marker-end")).toBe("url(#dev-arrow)");
    expect(iotToKinesis.hasAttribute("stroke-dasharray")).toBe(false);
    const toQuickSight = paths.find((p) => p.getAttribute("data-flow") === "sql-warehouse->quicksight") as XmlElement;
    expect(toQuickSight.getAttribute("stroke-dasharray")).toBe("4 3");
  });

  it("lays out the lanes as columns in the reference architecture's order, each box inside its lane", () => {
    const svg = parseXml(files.get("dev.svg") as string);
    const lanes = elements(svg, "g")
      .filter((g) => g.hasAttribute("data-lane") && !g.hasAttribute("data-component"))
      .map((g) => {
        const rect = elements(g, "rect")[0];
        return { id: g.getAttribute("data-lane"), x: Number(rect.getAttribute("x")), width: Number(rect.getAttribute("width")) };
      });
    expect(lanes.map((l) => l.id)).toEqual(["source", "ingest", "transform", "query", "serve", "analysis", "storage", "governance", "collaboration"]);
    lanes.slice(1).forEach((lane, i) => expect(lane.x).toBeGreaterThan(lanes[i].x + lanes[i].width));
    for (const group of elements(svg, "g").filter((g) => g.hasAttribute("data-component"))) {
      const lane = lanes.find((l) => l.id === group.getAttribute("data-lane")) as (typeof lanes)[number];
      const box = elements(group, "rect")[0];
      expect(Number(box.getAttribute("x"))).toBeGreaterThanOrEqual(lane.x);
      expect(Number(box.getAttribute("x")) + Number(box.getAttribute("width"))).toBeLessThanOrEqual(lane.x + lane.width);
    }
  });

  it("is byte-identical when drawn again from the same stacks", async () => {
    const again = await diagramFiles([fixtureModel()], false);
    expect(again.map((f) => f.text)).toEqual([files.get("dev.svg"), files.get("dev.html")]);
  });

  it("has an HTML page that is self-contained: the SVG inline, no script, nothing loaded from anywhere", () => {
    const html = files.get("dev.html") as string;
    expect(html).toContain(files.get("dev.svg")?.trimEnd());
    expect(html).not.toMatch(/<script|<link|@import|url\((?!#)|\ssrc=|https?:\/\/(?!www\.w3\.org\/2000\/svg)/i);
    expect(html).toContain(`http-equiv="Content-Security-Policy" content="default-src 'none'`);
  });
});

describe("the index page of every environment", () => {
  it("highlights what differs between the stages: components present in one only, and different details", async () => {
    const dev = fixtureModel("dev", ["databricks_sql_endpoint", "aws_iot_topic_rule"]);
    const prod = fixtureModel("prod");
    const files = await diagramFiles([dev, prod], true);
    expect(files.map((f) => f.name)).toEqual(["dev.svg", "dev.html", "prod.svg", "prod.html", "index.html"]);
    const index = files[4].text;
    const row = (id: string) => new RegExp(`<tr data-component="${id}"( class="differs")?>.*?</tr>`).exec(index)?.[0] ?? "";
    expect(row("sql-warehouse")).toContain(`class="differs"`);
    expect(row("sql-warehouse")).toContain(`<td class="absent">absent</td><td>serverless, 2X-Small</td>`);
    expect(row("iot-core")).toContain(`class="differs"`);
    expect(row("kinesis")).not.toContain(`class="differs"`);
    // Each diagram on the page has its own ids, and the differing boxes are outlined.
    const changed = [...index.matchAll(/id="index-(dev|prod)-component-([a-z-]+)"[^>]*data-changed="true"/g)].map((m) => `${m[1]}:${m[2]}`);
    expect(changed.sort()).toEqual(["dev:iot-core", "dev:sql-warehouse", "prod:iot-core", "prod:sql-warehouse"]);
    expect(index).not.toMatch(/<script|https?:\/\/(?!www\.w3\.org\/2000\/svg)/);
  });
});
