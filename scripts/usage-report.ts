/**
 * `config:check`'s usage block (issue 17 item 5): per day and per month, Worker requests,
 * Durable Object requests and rows written against the plan, by source, with the largest cost
 * named, from the pure estimate in src/config (budget.ts, budget-traffic.ts, budget-sources.ts).
 */
import { FREE_LIMITS, PAID } from "../src/config/budget.ts";
import { paidOverage } from "../src/config/budget-cost.ts";
import {
  BILLED_METRICS,
  type BilledMetric,
  largestCost,
  SOURCES,
  type Source,
  usageBySource,
} from "../src/config/budget-sources.ts";
import { estimateTotal, STATUS_VIEW_DO_CALLS, trafficDaily } from "../src/config/budget-traffic.ts";
import type { Config } from "../src/config/schema.ts";

const LABELS: Record<BilledMetric, string> = {
  workerRequests: "Worker requests",
  doRequests: "Durable Object requests",
  rowsWritten: "SQLite rows written",
};
const SHORT: Record<BilledMetric, string> = {
  workerRequests: "Worker req.",
  doRequests: "DO req.",
  rowsWritten: "rows",
};

const n = (v: number) => Math.round(v).toLocaleString("en-US");
const pct = (part: number, whole: number) => `${n(whole > 0 ? (100 * part) / whole : 0)} %`;

/** The usage block of `config:check`, every line of it. */
export function usageReport(config: Config): string {
  const usage = estimateTotal(config);
  const month = PAID.daysPerMonth;
  const lines = [
    `Estimated usage with every service healthy, on Workers ${config.plan === "free" ? "Free" : "Paid"}:`,
    `  ${"".padEnd(26)}${"a day".padStart(12)}${"a month".padStart(14)}`,
  ];
  for (const m of BILLED_METRICS) {
    const of =
      config.plan === "free"
        ? `${pct(usage[m], FREE_LIMITS[m])} of the ${n(FREE_LIMITS[m])} a day Free allows`
        : `${pct(usage[m] * month, PAID.included[m])} of the ${n(PAID.included[m])} a month Paid includes`;
    lines.push(
      `  ${LABELS[m].padEnd(26)}${n(usage[m]).padStart(12)}${n(usage[m] * month).padStart(14)}   ${of}`,
    );
  }
  const sub =
    config.plan === "free"
      ? `${usage.externalSubrequests} to the Internet of ${FREE_LIMITS.externalSubrequests}, ${usage.internalSubrequests} to Durable Objects of ${n(FREE_LIMITS.internalSubrequests)}`
      : `${usage.externalSubrequests + usage.internalSubrequests} of ${n(PAID.subrequests)}`;
  lines.push(`  ${"Subrequests, busiest tick".padEnd(29)}${sub}`);
  lines.push(`  ${trafficLine(config)}`);
  lines.push(...sourceTable(config));
  const largest = largestCost(config);
  lines.push(
    `  Largest: ${LABELS[largest.metric]} by ${SOURCES[largest.source]} (${Math.round(100 * largest.share)} %)`,
  );
  if (config.plan === "paid") {
    const { usd, parts } = paidOverage(usage);
    const detail = parts.length ? ` (${parts.map((p) => `${p.what} $${p.usd.toFixed(2)}`).join(", ")})` : "";
    lines.push(`  Beyond the $${PAID.minimumUsd} monthly minimum: about $${usd.toFixed(2)} a month${detail}`);
    lines.push(`  Paid in all: about $${(PAID.minimumUsd + usd).toFixed(2)} a month`);
  }
  const view = viewWarning(config);
  if (view) lines.push(view);
  return `Estimated usage, every service healthy (plan ${config.plan}; failures add re-checks; ${month}-day months):\n${lines.join("\n")}`;
}

/** What the estimate assumes of HTTP traffic (`traffic` in the config). */
function trafficLine(config: Config): string {
  const { scrapes } = trafficDaily(config);
  const every = config.traffic.scrapeEvery;
  const scraper =
    every === "off"
      ? "no /metrics scraper"
      : `/metrics every ${every / 1000}s (${n(scrapes.workerRequests)} scrapes a day)`;
  return `Traffic counted (traffic in the config): ${scraper}, ${n(config.traffic.statusViewsPerDay)} status views a day`;
}

/** Each source's daily share of each figure. */
function sourceTable(config: Config): string[] {
  const by = usageBySource(config);
  const head = `  ${"By source, a day".padEnd(26)}${BILLED_METRICS.map((m) => SHORT[m].padStart(12)).join("")}`;
  const rows = (Object.keys(SOURCES) as Source[]).map(
    (s) => `    ${SOURCES[s].padEnd(24)}${BILLED_METRICS.map((m) => n(by[s][m]).padStart(12)).join("")}`,
  );
  return [head, ...rows];
}

/** A status view asks every service's object: past the per-invocation limit the page fails. */
function viewWarning(config: Config): string | undefined {
  const calls = STATUS_VIEW_DO_CALLS.fixed + STATUS_VIEW_DO_CALLS.perService * config.services.length;
  const limit = config.plan === "free" ? FREE_LIMITS.internalSubrequests : PAID.subrequests;
  if (calls <= limit) return undefined;
  return `! A /status view makes ${n(calls)} calls to Durable Objects (the services' histories), over the ${n(limit)} one invocation may make: its history part fails at this many services; /metrics is one call`;
}
