/**
 * What a config costs on Cloudflare while every service is healthy: daily requests and rows
 * written, and the subrequests of the busiest tick, against the plan's limits. Pure. Failures
 * cost more (re-checks every `recheckInterval`, second-vantage consults, pages), and so does
 * HTTP traffic to the Worker (status page, links, webhook), so these are floors, not ceilings.
 */
import { withChecksAndHeartbeats } from "./budget-checks";
import { fanOutCalls, SHARD_SIZE, selfProbeEvery, TICK_PERIOD_MS } from "./cadence";
import { historyRows } from "./history-budget";
import type { Service } from "./service";
import { ROWS_PER_STATE_FLUSH, stateRowsPerDay } from "./write-budget";

const DAY_MS = 86_400_000;

/** Cron invocations a day: the `* * * * *` trigger in wrangler.toml. */
export const TICKS_PER_DAY = DAY_MS / TICK_PERIOD_MS;

/**
 * Rows a probe writes in its ServiceMonitor when it is written: the state and the last probe,
 * one upsert each (an `INSERT OR REPLACE` would count 2 rows each). A healthy probe that changes
 * nothing is written only with the periodic flush (issue 17 item 7): `stateRowsPerDay` in
 * ./write-budget.ts amortizes it. Measured by test/config/budget-rows.test.ts, which fails if
 * either becomes an underestimate.
 */
export const MONITOR_ROWS_PER_PROBE = ROWS_PER_STATE_FLUSH;

/** Each `setAlarm()` is billed as one row written (Durable Objects pricing, SQLite storage). */
export const ROWS_PER_SET_ALARM = 1;

/**
 * Rows a tick's `supervise` call writes to a healthy service that probes itself: none, as its
 * alarm is already armed and its maintenance windows unchanged (measured by the same test).
 */
export const MONITOR_ROWS_PER_SUPERVISE = 0;

/** RPC calls a tick makes to the WatchdogState singleton: `listMaintenance` and `recordTick` (src/tick.ts). */
export const STATE_CALLS_PER_TICK = 2;

/**
 * Rows a tick writes in WatchdogState: the tick record, the trim of the oldest one, and the
 * self-watch `setAlarm` (which therefore never fires while ticks arrive). Measured by the test.
 */
export const STATE_ROWS_PER_TICK = 3;

/**
 * Rows a tick writes for the services' summaries it carries to WatchdogState (issue 17 item 5):
 * one upsert of the one aggregate row, however many services. Measured by the same test.
 */
export const SUMMARY_ROWS_PER_TICK = 1;

/**
 * Ticks in the daily report's hour: each asks WatchdogState to `claimOnce` the day's report
 * (src/monitor/daily-report.ts); the first one also snapshots every service and sends the report.
 */
export const REPORT_HOUR_TICKS = 60;

/**
 * Rows the daily report writes in WatchdogState: its claim (a text key, 2 rows), a counter per
 * L1 contact (2 when new), and with `notify.outbox` an outbox entry per contact (the entry, its
 * AUTOINCREMENT sequence and the trim of the oldest). Measured by the test.
 */
export const REPORT_ROWS = { claim: 2, perContact: 2, perOutboxEntry: 3 } as const;

/**
 * Workers Free limits: developers.cloudflare.com/workers/platform/limits/ and
 * developers.cloudflare.com/durable-objects/platform/pricing/ (daily ones reset at 00:00 UTC).
 */
export const FREE_LIMITS = {
  /** Workers Free: 100,000 requests a day; every cron invocation is one. */
  workerRequests: 100_000,
  /** Durable Objects on Free: 100,000 requests a day (RPC calls, HTTP requests, alarm invocations). */
  doRequests: 100_000,
  /** SQLite storage on Free: 100,000 rows written a day. */
  rowsWritten: 100_000,
  /** Workers Free: 50 subrequests to the Internet per invocation. */
  externalSubrequests: 50,
  /** Workers Free: 1,000 subrequests to Cloudflare services (Durable Objects) per invocation. */
  internalSubrequests: 1_000,
} as const;

/**
 * Workers Paid: the $5 monthly minimum includes these amounts a month; beyond them, USD per
 * million (developers.cloudflare.com/workers/platform/pricing/, .../durable-objects/platform/pricing/).
 */
export const PAID = {
  minimumUsd: 5,
  daysPerMonth: 30,
  included: { workerRequests: 10_000_000, doRequests: 1_000_000, rowsWritten: 50_000_000 },
  usdPerMillion: { workerRequests: 0.3, doRequests: 0.15, rowsWritten: 1.0 },
  /** Subrequests per invocation on Workers Paid (the default; configurable higher). */
  subrequests: 10_000,
} as const;

/** Cloudflare Workers plans the watchdog can run on. */
export const PLANS = ["free", "paid"] as const;
export type Plan = (typeof PLANS)[number];

/** Estimated steady-state usage of a config: per day, and for the busiest tick. */
export interface UsageEstimate {
  /** Worker requests a day (the cron's; HTTP traffic comes on top). */
  workerRequests: number;
  /** Durable Object requests a day: RPC calls and alarm invocations. */
  doRequests: number;
  /** SQLite rows written a day, `setAlarm` included. */
  rowsWritten: number;
  /** Subrequests to the Internet of the busiest tick (heartbeat, daily report). */
  externalSubrequests: number;
  /** Subrequests to Durable Objects of the busiest tick. */
  internalSubrequests: number;
}
export type Metric = keyof UsageEstimate;

/** One service's daily share of the estimate. */
export interface ServiceDaily {
  /** Regular probes a day. */
  probes: number;
  /** Alarm invocations a day (the probes of a service that probes itself). */
  alarms: number;
  /** Durable Object requests a day: the tick's call plus alarms. */
  doRequests: number;
  rowsWritten: number;
}

/** What the estimate reads from a config (a parsed `Config` fits). */
export interface BudgetInput {
  services: readonly Pick<Service, "probeEvery" | "vantage" | "agentUrl">[];
  heartbeatUrl?: string | undefined;
  escalation: { levels: { L1: readonly unknown[] } };
  notify: { outbox: boolean };
}

/** Per-day figures of one healthy service with the given `probeEvery` (and vantage, if any). */
export function serviceDaily(service: Pick<Service, "probeEvery" | "vantage">): ServiceDaily {
  const every = selfProbeEvery(service);
  if (every === undefined) {
    // Probed by its object when the tick's `supervise` call arrives; nothing left to wake the object.
    return {
      probes: TICKS_PER_DAY,
      alarms: 0,
      doRequests: TICKS_PER_DAY,
      rowsWritten: stateRowsPerDay(TICK_PERIOD_MS),
    };
  }
  const probes = Math.ceil(DAY_MS / every);
  return {
    probes,
    alarms: probes,
    doRequests: probes + TICKS_PER_DAY,
    rowsWritten:
      stateRowsPerDay(every) + probes * ROWS_PER_SET_ALARM + TICKS_PER_DAY * MONITOR_ROWS_PER_SUPERVISE,
  };
}

/** The steady-state estimate for a whole config. */
export function estimateUsage(config: BudgetInput): UsageEstimate {
  const n = config.services.length;
  const contacts = config.escalation.levels.L1.length;
  const outbox = config.notify.outbox;
  const perService = config.services.map(serviceDaily);
  const sum = (key: keyof ServiceDaily) => perService.reduce((total, s) => total + s[key], 0);
  // The daily report: a claim per tick of its hour, a snapshot per service, a counter (and an
  // outbox entry) per L1 contact.
  const reportCalls = REPORT_HOUR_TICKS + n + contacts * (outbox ? 2 : 1);
  const reportRows =
    REPORT_ROWS.claim + contacts * (REPORT_ROWS.perContact + (outbox ? REPORT_ROWS.perOutboxEntry : 0));
  // Beyond SHARD_SIZE services each tick calls a shard object per SHARD_SIZE (issue 17).
  const shardCalls = n > SHARD_SIZE ? fanOutCalls(n) : 0;
  return withChecksAndHeartbeats(config.services, {
    workerRequests: TICKS_PER_DAY,
    doRequests: sum("doRequests") + TICKS_PER_DAY * (STATE_CALLS_PER_TICK + shardCalls) + reportCalls,
    rowsWritten:
      sum("rowsWritten") +
      TICKS_PER_DAY * (STATE_ROWS_PER_TICK + SUMMARY_ROWS_PER_TICK) +
      reportRows +
      historyRows(config.services),
    // The busiest tick is the one that sends the daily report: on top of the heartbeat, one
    // call per service and the state calls, its claim, snapshots, sends and counters. Probes are
    // each object's own subrequests, not the tick's (issue 17 item 2).
    externalSubrequests: (config.heartbeatUrl ? 1 : 0) + (outbox ? 0 : contacts),
    internalSubrequests:
      2 * fanOutCalls(n) + STATE_CALLS_PER_TICK + (reportCalls - REPORT_HOUR_TICKS + 1 - n),
  });
}
