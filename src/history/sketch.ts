/**
 * A fixed-size latency sketch: counts per log-scale bin (four bins per doubling, so a quantile
 * is within about 19 % of the true value), sparse, mergeable, at most `BINS` entries whatever
 * the number of samples.
 */
export type Sketch = Record<number, number>;

const PER_DOUBLING = 4;
/** Bins cover 0 ms to 2^16 ms (65 s); slower samples land in the last one. */
export const BINS = 16 * PER_DOUBLING + 1;

/** The bin a latency falls in. */
export function binOf(ms: number): number {
  if (!(ms > 1)) return 0;
  return Math.min(BINS - 1, Math.ceil(Math.log2(ms) * PER_DOUBLING));
}

/** The upper bound of a bin: a quantile is reported as this, never below the true value. */
export function binUpper(bin: number): number {
  return bin === 0 ? 1 : Math.round(2 ** (bin / PER_DOUBLING));
}

/** The sketch with one more sample. */
export function addSample(sketch: Sketch, ms: number): Sketch {
  const bin = binOf(ms);
  return { ...sketch, [bin]: (sketch[bin] ?? 0) + 1 };
}

/** Two sketches as one. */
export function mergeSketch(a: Sketch, b: Sketch): Sketch {
  const out: Sketch = { ...a };
  for (const [bin, n] of Object.entries(b)) out[Number(bin)] = (out[Number(bin)] ?? 0) + n;
  return out;
}

/** The `q` quantile (0–1) as its bin's upper bound, capped by the exact maximum; undefined when empty. */
export function quantile(sketch: Sketch, q: number, max: number): number | undefined {
  const bins = Object.entries(sketch)
    .map(([bin, n]) => [Number(bin), n] as const)
    .sort((x, y) => x[0] - y[0]);
  const total = bins.reduce((sum, [, n]) => sum + n, 0);
  if (total === 0) return undefined;
  const rank = Math.max(1, Math.ceil(q * total));
  let seen = 0;
  for (const [bin, n] of bins) {
    seen += n;
    if (seen >= rank) return Math.min(binUpper(bin), max);
  }
  return max;
}
