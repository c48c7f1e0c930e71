import { describe, expect, it } from "vitest";
import { FREE_LIMITS, PAID } from "../../src/config/budget";
import { freeLimitUse, freePlanExcess, paidOverage } from "../../src/config/budget-cost";
import { estimateTotal } from "../../src/config/budget-traffic";
import { formatProblems, parseConfig } from "../../src/config/load";
import { testConfigInput } from "../support/test-config";

/** A config of `n60` services at 60 s and `n15` at 15 s on `plan`. */
function fleet(plan: "free" | "paid", n60: number, n15 = 0) {
  const service = (i: number, probeEvery: string) => ({
    id: `svc-${i}`,
    name: `Service ${i}`,
    healthUrl: `https://svc-${i}.example.com/health`,
    probeEvery,
  });
  const services = [
    ...Array.from({ length: n60 }, (_, i) => service(i, "60s")),
    ...Array.from({ length: n15 }, (_, i) => service(n60 + i, "15s")),
  ];
  const result = parseConfig(testConfigInput({ plan, services }));
  if (!result.ok) throw new Error(formatProblems(result.errors));
  return result.config;
}

describe("issue 17 item 7: cost that stays small", () => {
  it("issue 17 item 7: 1,000 services, 900 at 60 s and 100 at 15 s, cost under $15 a month on Paid, the $5 minimum included", () => {
    // With the default traffic (a scrape every 15 s, 20 status views a day) counted in.
    const usage = estimateTotal(fleet("paid", 900, 100));
    const { usd, parts } = paidOverage(usage);
    // One Durable Object request per probe is the floor: 2.03 M a day, about $9 a month beyond
    // the included million. Rows written (1.33 M a day) stay within the included 50 M a month.
    expect(usage.doRequests).toBeGreaterThan(2_000_000);
    expect(usage.rowsWritten * PAID.daysPerMonth).toBeLessThan(PAID.included.rowsWritten);
    expect(parts.map((p) => p.what)).toEqual(["Durable Object requests"]);
    expect(PAID.minimumUsd + usd).toBeLessThan(15);
    expect(PAID.minimumUsd + usd).toBeGreaterThan(13);
  });

  it("issue 17 item 7: 60 services at 60 s fit every Workers Free daily limit", () => {
    const config = fleet("free", 60);
    expect(freePlanExcess(config)).toEqual([]);
    const usage = estimateTotal(config);
    for (const { metric, estimate, limit } of freeLimitUse(usage))
      expect(estimate, metric).toBeLessThanOrEqual(limit);
    // Rows written are no longer the limit: about half of Free's 100,000 a day, while the
    // Durable Object requests (one per probe, and the scrapes) come near theirs.
    expect(usage.rowsWritten).toBeLessThan(0.55 * FREE_LIMITS.rowsWritten);
    expect(usage.doRequests).toBeGreaterThan(0.9 * FREE_LIMITS.doRequests);
  });
});
