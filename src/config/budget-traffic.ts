/**
 * What HTTP traffic to the Worker costs on top of `estimateUsage` (src/config/budget.ts): each
 * `/metrics` scrape and each status page view is one Worker request plus its calls to Durable
 * Objects; neither writes a row. Pure. Issue 17 item 5.
 */
import { type BudgetInput, estimateUsage, type UsageEstimate } from "./budget";
import { TRAFFIC_DEFAULTS, type Traffic } from "./traffic";

const DAY_MS = 86_400_000;

/**
 * Durable Object calls of one `/metrics` scrape: one `metricsReading` to WatchdogState, whatever
 * the number of services. Measured by test/durable/summary-reads.test.ts.
 */
export const SCRAPE_DO_CALLS = 1;

/**
 * Durable Object calls of one `/status` view with no open incident: the summaries and the
 * maintenance windows from WatchdogState, and per service its recent incidents, its uptime
 * summary, its incidents for the SLA table and for the time line (src/http/history-page.ts).
 * Each open incident adds its diagnostics. Measured by test/durable/summary-reads.test.ts.
 */
export const STATUS_VIEW_DO_CALLS = { fixed: 2, perService: 4 } as const;

/**
 * Beyond this many services `/status` shows the estate from the summaries alone (the list, the
 * open incidents, maintenance) and links each service to its own page, `/status/services/:id`
 * (3 calls to its object): per-service reads on one page would cost 4 × services calls a view
 * and pass the 1,000 subrequests an invocation may make near 250 services.
 */
export const STATUS_DETAIL_SERVICES = 10;

/** Durable Object calls of one `/status` view of `services` services with no open incident. */
export function statusViewCalls(services: number): number {
  const detailed = services <= STATUS_DETAIL_SERVICES ? services : 0;
  return STATUS_VIEW_DO_CALLS.fixed + STATUS_VIEW_DO_CALLS.perService * detailed;
}

/** The budget input with the traffic the estimate assumes (a parsed `Config` fits). */
export type TrafficInput = BudgetInput & { traffic?: Partial<Traffic> | undefined };

/** Requests a day of `/metrics` scrapes and status page views; they write no rows. */
export interface TrafficDaily {
  scrapes: { workerRequests: number; doRequests: number };
  statusViews: { workerRequests: number; doRequests: number };
}

/** What the config's traffic costs a day, by kind. */
export function trafficDaily(config: TrafficInput): TrafficDaily {
  const every = config.traffic?.scrapeEvery ?? TRAFFIC_DEFAULTS.scrapeEvery;
  const scrapes = every === "off" ? 0 : Math.ceil(DAY_MS / every);
  const views = config.traffic?.statusViewsPerDay ?? TRAFFIC_DEFAULTS.statusViewsPerDay;
  const perView = statusViewCalls(config.services.length);
  return {
    scrapes: { workerRequests: scrapes, doRequests: scrapes * SCRAPE_DO_CALLS },
    statusViews: { workerRequests: views, doRequests: views * perView },
  };
}

/** The steady-state estimate with the traffic in it: what the plan is measured against. */
export function estimateTotal(config: TrafficInput): UsageEstimate {
  const usage = estimateUsage(config);
  const { scrapes, statusViews } = trafficDaily(config);
  return {
    ...usage,
    workerRequests: usage.workerRequests + scrapes.workerRequests + statusViews.workerRequests,
    doRequests: usage.doRequests + scrapes.doRequests + statusViews.doRequests,
  };
}
