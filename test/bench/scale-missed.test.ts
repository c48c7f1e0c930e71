import { describe, expect, it } from "vitest";
import { missedProbes } from "../../bench/scale-missed";

const S = 1_000;
const every = (everyMs: number, at: number[], serviceId = "svc") => ({ serviceId, everyMs, at });

describe("issue 17 item 6: missed probes from arrival times", () => {
  it("issue 17 item 6: probes on time, or late by up to the 5 s grace, miss nothing", () => {
    const onTime = every(60 * S, [0, 60 * S, 120 * S, 185 * S]);
    // Every 15 s from 3 s to 183 s, one of them 4.9 s late.
    const fast = every(
      15 * S,
      Array.from({ length: 13 }, (_, k) => (3 + 15 * k + (k === 6 ? 4.9 : 0)) * S),
      "fast",
    );
    expect(missedProbes([onTime, fast], 190 * S)).toEqual({
      missed: 0,
      services: [],
      worstLateMs: 0,
      doubled: 0,
    });
  });

  it("issue 17 item 6: a probe later than interval + 5 s, a skipped one, and a silence at the end count", () => {
    const late = every(60 * S, [0, 65.1 * S, 125 * S], "late");
    const skipped = every(
      15 * S,
      [0, 15, 45, 60, 75, 90, 105, 120].map((s) => s * S),
      "skipped",
    );
    const stopped = every(
      15 * S,
      [0, 15, 30, 45, 60, 75, 90].map((s) => s * S),
      "stopped",
    );
    const result = missedProbes([late, skipped, stopped], 130 * S);
    // late: 1 (a gap of 65.1 s); skipped: 1 (30 s); stopped: ⌊(40 − 5) / 15⌋ = 2 (40 s of silence).
    expect(result.missed).toBe(4);
    expect(result.services).toEqual(["late", "skipped", "stopped"]);
    expect(result.worstLateMs).toBe(25 * S);
  });

  it("issue 17 item 6: a service never probed counts, the warm-up probe does not, doubled probes are told", () => {
    const never = every(60 * S, [], "never");
    // Probed first 50 s into the run (the cold start): no gap before its first arrival is judged.
    const cold = every(60 * S, [50 * S, 110 * S, 111 * S], "cold");
    const result = missedProbes([never, cold], 120 * S);
    expect(result.missed).toBe(1);
    expect(result.services).toEqual(["never"]);
    expect(result.doubled).toBe(1);
  });
});
