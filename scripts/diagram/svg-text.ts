/** Writing SVG by hand, safely: escaped text and attributes, numbers in one fixed form. */

/** `text` with the five XML special characters escaped (for text and attribute values). */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" })[c] as string);
}

/** A number as written in the SVG: at most one decimal, no trailing zeros, never `-0`. */
export function num(n: number): string {
  const rounded = Math.round(n * 10) / 10;
  return String(rounded === 0 ? 0 : rounded);
}

/** ` name="value"` for each attribute, in the order given, values escaped; undefined ones left out. */
export function attrs(attributes: Readonly<Record<string, string | number | undefined>>): string {
  return Object.entries(attributes)
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined)
    .map(([name, value]) => ` ${name}="${typeof value === "number" ? num(value) : escapeXml(value)}"`)
    .join("");
}

/** An element: `<name a="1"/>`, or with children `<name a="1">children</name>`. */
export function element(name: string, attributes: Readonly<Record<string, string | number | undefined>>, children?: string): string {
  return children === undefined ? `<${name}${attrs(attributes)}/>` : `<${name}${attrs(attributes)}>${children}</${name}>`;
}

/** An id safe in XML and CSS from a name: lowercase letters, digits and dashes. */
export function slug(name: string): string {
  return (
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "") || "x"
  );
}
