/** The statistics the benchmark reports: median, minimum and maximum of repeated runs, and a least-squares slope. */

/** Median, minimum and maximum of a sample. */
export interface Summary {
  readonly median: number;
  readonly min: number;
  readonly max: number;
  readonly runs: number;
}

export function summarize(values: readonly number[]): Summary {
  if (values.length === 0) throw new RangeError("summarize: no values");
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  return { median, min: sorted[0], max: sorted[sorted.length - 1], runs: sorted.length };
}

/** A straight line through points by least squares: `intercept + slope * x`. */
export interface Line {
  readonly slope: number;
  readonly intercept: number;
}

export function leastSquares(points: readonly { x: number; y: number }[]): Line {
  const xs = new Set(points.map((p) => p.x));
  if (xs.size < 2) throw new RangeError("leastSquares: needs points at two different x at least");
  const n = points.length;
  const meanX = points.reduce((s, p) => s + p.x, 0) / n;
  const meanY = points.reduce((s, p) => s + p.y, 0) / n;
  const covariance = points.reduce((s, p) => s + (p.x - meanX) * (p.y - meanY), 0);
  const variance = points.reduce((s, p) => s + (p.x - meanX) ** 2, 0);
  const slope = covariance / variance;
  return { slope, intercept: meanY - slope * meanX };
}
