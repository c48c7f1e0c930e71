import { describe, expect, it } from "vitest";
import { stratified } from "../../bench/live-cadence";
import { mulberry32 } from "../../bench/prng";

describe("the live cross-check's onset offsets", () => {
  it("issue 18: stratified offsets put exactly one point in each 1/n of the interval, shuffled", () => {
    const n = 36;
    const points = stratified(n, mulberry32(7));
    expect(points).toHaveLength(n);
    const strata = points.map((p) => Math.floor(p * n)).sort((a, b) => a - b);
    expect(strata).toEqual(Array.from({ length: n }, (_, i) => i));
    // Shuffled: the rounds (consecutive services) do not each get one contiguous slice of phases.
    expect(points.map((p) => Math.floor(p * n))).not.toEqual(Array.from({ length: n }, (_, i) => i));
    const sorted = [...points].sort((a, b) => a - b);
    const median = ((sorted[17] ?? 0) + (sorted[18] ?? 0)) / 2;
    expect(Math.abs(median - 0.5)).toBeLessThan(1 / n);
  });
});
