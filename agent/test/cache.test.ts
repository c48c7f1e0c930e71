import { describe, expect, it } from "vitest";
import { singleFlightCache } from "../src/cache.ts";

describe("singleFlightCache", () => {
  it("shares one computation between concurrent callers", async () => {
    let runs = 0;
    let release: (v: number) => void = () => {};
    const get = singleFlightCache(
      () => {
        runs++;
        return new Promise<number>((resolve) => {
          release = resolve;
        });
      },
      10_000,
      () => 0,
    );
    const all = Promise.all(Array.from({ length: 20 }, () => get()));
    release(42);
    expect(await all).toEqual(Array(20).fill(42));
    expect(runs).toBe(1);
  });

  it("reuses the value until the TTL passes, then recomputes", async () => {
    let clock = 1_000;
    let runs = 0;
    const get = singleFlightCache(
      async () => ++runs,
      10_000,
      () => clock,
    );
    expect(await get()).toBe(1);
    clock += 9_999;
    expect(await get()).toBe(1);
    clock += 1;
    expect(await get()).toBe(2);
  });

  it("does not cache a failure", async () => {
    let runs = 0;
    const get = singleFlightCache(
      async () => {
        runs++;
        if (runs === 1) throw new Error("boom");
        return runs;
      },
      10_000,
      () => 0,
    );
    await expect(get()).rejects.toThrow("boom");
    expect(await get()).toBe(2);
  });
});
