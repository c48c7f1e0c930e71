/**
 * The estimate with the traffic in it (src/config/budget-traffic.ts), split by what causes each
 * request and row, and which source costs the most (issue 17 item 5). Pure. The watchdog's own
 * bookkeeping (cron, WatchdogState, shards, the daily report) is what the total holds beyond the
 * parts named here, so the sources always add up to the total.
 */
import { FREE_LIMITS, PAID, type Plan, ROWS_PER_SET_ALARM, serviceDaily } from "./budget";
import { withChecksAndHeartbeats } from "./budget-checks";
import { estimateTotal, type TrafficInput, trafficDaily } from "./budget-traffic";
import { historyRows } from "./history-budget";

/** The three figures Cloudflare bills by, a day. */
export interface Billed {
  workerRequests: number;
  doRequests: number;
  rowsWritten: number;
}
export type BilledMetric = keyof Billed;
export const BILLED_METRICS: readonly BilledMetric[] = ["workerRequests", "doRequests", "rowsWritten"];

/** What causes a share of the usage, as `config:check` names it. */
export const SOURCES = {
  supervision: "probes and supervision",
  alarms: "alarms",
  history: "history",
  heartbeats: "heartbeats",
  scrapes: "scrapes",
  statusViews: "status views",
  ticks: "ticks, shards and reports",
} as const;
export type Source = keyof typeof SOURCES;

const ZERO: Billed = { workerRequests: 0, doRequests: 0, rowsWritten: 0 };

/** Each source's daily share; they add up to `estimateTotal`'s billed figures. */
export function usageBySource(config: TrafficInput): Record<Source, Billed> {
  const daily = config.services.map(serviceDaily);
  const sum = (f: (s: (typeof daily)[number]) => number) => daily.reduce((n, s) => n + f(s), 0);
  // A service on its own alarm: each alarm invocation is a request and its `setAlarm` a row.
  const alarms: Billed = {
    workerRequests: 0,
    doRequests: sum((s) => s.alarms),
    rowsWritten: sum((s) => s.alarms * ROWS_PER_SET_ALARM),
  };
  const supervision: Billed = {
    workerRequests: 0,
    doRequests: sum((s) => s.doRequests) - alarms.doRequests,
    rowsWritten: sum((s) => s.rowsWritten) - alarms.rowsWritten,
  };
  const { scrapes, statusViews } = trafficDaily(config);
  const parts = {
    supervision,
    alarms,
    history: { ...ZERO, rowsWritten: historyRows(config.services) },
    heartbeats: withChecksAndHeartbeats(config.services, ZERO),
    scrapes: { ...scrapes, rowsWritten: 0 },
    statusViews: { ...statusViews, rowsWritten: 0 },
  };
  const total = estimateTotal(config);
  const rest = (m: BilledMetric) => total[m] - Object.values(parts).reduce((n, u) => n + u[m], 0);
  return {
    ...parts,
    ticks: {
      workerRequests: rest("workerRequests"),
      doRequests: rest("doRequests"),
      rowsWritten: rest("rowsWritten"),
    },
  };
}

/** The costliest figure and what causes most of it. */
export interface LargestCost {
  metric: BilledMetric;
  source: Source;
  /** The source's share of that figure, 0–1. */
  share: number;
}

/**
 * The figure that binds first (on Free the nearest its daily limit; on Paid the most dollars
 * beyond the included amount, or the nearest it) and the source with the largest share of it.
 */
export function largestCost(config: TrafficInput & { plan: Plan }): LargestCost {
  const total = estimateTotal(config);
  const weight = (m: BilledMetric) => {
    if (config.plan === "free") return total[m] / FREE_LIMITS[m];
    const monthly = total[m] * PAID.daysPerMonth;
    const over = Math.max(0, monthly - PAID.included[m]) * PAID.usdPerMillion[m];
    // Dollars first; below every included amount, the share of it.
    return over > 0 ? 1 + over : monthly / PAID.included[m];
  };
  const metric = BILLED_METRICS.reduce((a, b) => (weight(b) > weight(a) ? b : a));
  const bySource = usageBySource(config);
  const sources = Object.keys(bySource) as Source[];
  const source = sources.reduce((a, b) => (bySource[b][metric] > bySource[a][metric] ? b : a));
  return { metric, source, share: total[metric] > 0 ? bySource[source][metric] / total[metric] : 0 };
}
