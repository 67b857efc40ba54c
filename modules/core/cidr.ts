/**
 * IPv4 CIDR arithmetic for config validation: parsing, containment and overlap.
 * Pure functions, no dependencies: used before any construct is built.
 */

/** A parsed IPv4 range. `network` is the first address as an unsigned 32-bit number. */
export interface Ipv4Range {
  readonly network: number;
  readonly prefixLength: number;
  /** Number of addresses in the range. */
  readonly size: number;
}

const CIDR_PATTERN = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

/** Parses `a.b.c.d/n`; returns an error message instead of throwing so callers can collect problems. */
export function parseCidr(cidr: string): Ipv4Range | string {
  const match = CIDR_PATTERN.exec(cidr);
  if (!match) return `"${cidr}" is not an IPv4 CIDR block (a.b.c.d/n)`;
  const octets = match.slice(1, 5).map(Number);
  const prefixLength = Number(match[5]);
  if (octets.some((o) => o > 255) || prefixLength > 32) return `"${cidr}" is not an IPv4 CIDR block (octets 0-255, prefix 0-32)`;
  const address = octets.reduce((acc, o) => acc * 256 + o, 0);
  const size = 2 ** (32 - prefixLength);
  if (address % size !== 0) {
    return `"${cidr}" has host bits set; the network address for /${prefixLength} is ${formatIpv4(address - (address % size))}/${prefixLength}`;
  }
  return { network: address, prefixLength, size };
}

/** True when `inner` lies entirely inside `outer`. */
export function cidrContains(outer: Ipv4Range, inner: Ipv4Range): boolean {
  return inner.network >= outer.network && inner.network + inner.size <= outer.network + outer.size;
}

/** True when the two ranges share at least one address. */
export function cidrsOverlap(a: Ipv4Range, b: Ipv4Range): boolean {
  return a.network < b.network + b.size && b.network < a.network + a.size;
}

function formatIpv4(address: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(address / 2 ** shift) % 256).join(".");
}
