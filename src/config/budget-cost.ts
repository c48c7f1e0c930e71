/**
 * The usage estimate measured against the plan: what exceeds Workers Free, what nears it, and
 * what Workers Paid costs beyond its minimum. Pure.
 */
import { FREE_LIMITS, type Metric, PAID, type Plan, type UsageEstimate } from "./budget";
import { estimateTotal, type TrafficInput } from "./budget-traffic";

const METRICS: Record<Metric, { what: string; per: string; remedy: string }> = {
  workerRequests: {
    what: "Worker requests",
    per: "a day",
    remedy: 'set plan = "paid" (or scrape /metrics less often: traffic.scrapeEvery)',
  },
  doRequests: {
    what: "Durable Object requests",
    per: "a day",
    remedy: 'set plan = "paid" or raise probeEvery (or traffic.scrapeEvery)',
  },
  rowsWritten: {
    what: "SQLite rows written",
    per: "a day",
    remedy: 'set plan = "paid", raise probeEvery or watch fewer services',
  },
  externalSubrequests: {
    what: "subrequests to the Internet",
    per: "per tick",
    remedy: 'set plan = "paid" or give L1 fewer contacts',
  },
  internalSubrequests: {
    what: "subrequests to Durable Objects",
    per: "per tick",
    remedy: 'set plan = "paid" or watch fewer services',
  },
};

const count = (n: number) => Math.round(n).toLocaleString("en-US");

/** The estimate measured against each Workers Free limit. */
export function freeLimitUse(usage: UsageEstimate): { metric: Metric; estimate: number; limit: number }[] {
  return (Object.keys(METRICS) as Metric[]).map((metric) => ({
    metric,
    estimate: usage[metric],
    limit: FREE_LIMITS[metric],
  }));
}

/** Why a config cannot run on Workers Free, one message per limit it exceeds; empty when it fits. */
export function freePlanExcess(config: TrafficInput): string[] {
  // Scrapes and status views count: on Free they can use up the Durable Object requests the
  // watchdog's own probes need (issue 17 item 5).
  return freeLimitUse(estimateTotal(config))
    .filter((u) => u.estimate > u.limit)
    .map(({ metric, estimate, limit }) => {
      const m = METRICS[metric];
      return `estimated ${count(estimate)} ${m.what} ${m.per} with every service healthy exceed the Workers Free limit of ${count(limit)} ${m.per}: ${m.remedy}`;
    });
}

/** Estimated monthly cost beyond the Workers Paid minimum, in USD, and what it is made of. */
export function paidOverage(usage: UsageEstimate): { usd: number; parts: { what: string; usd: number }[] } {
  const parts = (["workerRequests", "doRequests", "rowsWritten"] as const)
    .map((metric) => {
      const monthly = usage[metric] * PAID.daysPerMonth;
      const over = Math.max(0, monthly - PAID.included[metric]);
      return { what: METRICS[metric].what, usd: (over / 1_000_000) * PAID.usdPerMillion[metric] };
    })
    .filter((p) => p.usd > 0);
  return { usd: parts.reduce((total, p) => total + p.usd, 0), parts };
}

const dollars = (usd: number) => (usd < 0.01 ? "under $0.01" : `$${usd.toFixed(2)}`);

/**
 * Warnings about cost: on Free, each limit the healthy estimate already uses more than 80 % of
 * (failures add re-checks); on Paid, the monthly cost beyond the $5 minimum when there is one.
 */
export function budgetWarnings(config: TrafficInput & { plan: Plan }): string[] {
  const usage = estimateTotal(config);
  if (config.plan === "paid") {
    const { usd, parts } = paidOverage(usage);
    if (usd <= 0) return [];
    const detail = parts.map((p) => `${p.what} ${dollars(p.usd)}`).join(", ");
    return [
      `estimated cost beyond the $${PAID.minimumUsd} Workers Paid minimum with every service healthy: about ${dollars(usd)} a month (${detail}); failures add re-checks`,
    ];
  }
  return freeLimitUse(usage)
    .filter((u) => u.estimate > 0.8 * u.limit && u.estimate <= u.limit)
    .map(({ metric, estimate, limit }) => {
      const m = METRICS[metric];
      const share = Math.round((100 * estimate) / limit);
      return `estimated ${count(estimate)} ${m.what} ${m.per} with every service healthy are ${share} % of the Workers Free limit of ${count(limit)}; failures add re-checks: ${m.remedy}`;
    });
}
