import { describe, expect, it } from "vitest";
import { AUTO_HEADROOM, autoCadence } from "../../src/config/auto-cadence";
import { FREE_LIMITS, type Metric } from "../../src/config/budget";
import { estimateTotal } from "../../src/config/budget-traffic";
import { parseConfig } from "../../src/config/load";
import { testConfigInput } from "../support/test-config";

const S = 1_000;

/** A config input of `n` services, each with `probeEvery` (auto when omitted). */
function fleet(n: number, extra: Record<string, unknown> = {}, plan: "free" | "paid" = "free") {
  return testConfigInput({
    plan,
    services: Array.from({ length: n }, (_, i) => ({
      id: `svc-${i}`,
      name: `Service ${i}`,
      healthUrl: `https://svc${i}.example/health`,
      ...extra,
    })),
  });
}

function parsed(input: unknown) {
  const result = parseConfig(input);
  if (!result.ok) throw new Error(result.errors.map((e) => `${e.path}: ${e.message}`).join("; "));
  return result.config;
}

const fits = (usage: ReturnType<typeof estimateTotal>) =>
  (Object.keys(FREE_LIMITS) as Metric[]).every((m) => usage[m] <= AUTO_HEADROOM * FREE_LIMITS[m]);

describe("issue 18: probeEvery = auto", () => {
  it.each([
    [1, 10 * S],
    [2, 10 * S],
    // Issue 17 item 7: rows are written on change, so Durable Object requests (one per probe,
    // and item 5's default /metrics scrape every 15 s) are what limits the cadence on Free.
    [10, 16 * S],
    [22, 49 * S],
    [60, 60 * S],
  ])("issue 18: %i service(s) on Free probe every %i ms", (n, expected) => {
    const config = parsed(fleet(n));
    expect(config.services.map((s) => s.probeEvery)).toEqual(Array(n).fill(expected));
    expect(config.services.every((s) => s.probeAuto === true)).toBe(true);
  });

  it("issue 18: auto is the fastest whole second that keeps every Free limit under 80 %", () => {
    for (const n of [1, 3, 5, 8, 10, 15]) {
      const config = parsed(fleet(n));
      const every = config.services[0]?.probeEvery ?? Number.NaN;
      expect(fits(estimateTotal(config)), `${n} services at ${every}`).toBe(true);
      if (every > 10 * S && every < 60 * S) {
        const faster = config.services.map((s) => ({ ...s, probeEvery: every - S }));
        expect(fits(estimateTotal({ ...config, services: faster })), `${n} services at ${every - S}`).toBe(
          false,
        );
      }
    }
  });

  it("issue 18: services with a fixed probeEvery are paid for first; auto takes what is left", () => {
    const input = fleet(8);
    input.services.push({
      id: "fixed",
      name: "Fixed",
      healthUrl: "https://fixed.example/health",
      probeEvery: "10s",
    });
    const config = parsed(input);
    expect(config.services.find((s) => s.id === "fixed")).toMatchObject({ probeEvery: 10 * S });
    expect(config.services.find((s) => s.id === "fixed")?.probeAuto).toBeUndefined();
    const auto = config.services.filter((s) => s.probeAuto).map((s) => s.probeEvery);
    // Alone, 8 auto services would probe every 12 s.
    expect(auto).toEqual(Array(8).fill(15 * S));
  });

  it("issue 18: on Paid, which has no daily limits, auto is 10 s whatever the fleet", () => {
    const paid = parsed(fleet(30, {}, "paid"));
    expect(new Set(paid.services.map((s) => s.probeEvery))).toEqual(new Set([10 * S]));
  });

  it("issue 18: a fleet too big for Free even at 60 s is refused with the plan's message, not sped up", () => {
    const result = parseConfig(fleet(70));
    expect(result.ok).toBe(false);
    expect(autoCadence({ ...parsed(fleet(1)), services: Array(70).fill({ probeEvery: "auto" }) })).toBe(
      60 * S,
    );
  });
});
