/** The scale bench's figures and table rows (issue 17 item 6), shared by `npm run bench` and `bench:scale`. */
import { FREE_LIMITS } from "../src/config/budget.ts";
import { SCALE_THRESHOLDS, type ScaleFigures } from "./live-scale.ts";
import { round } from "./stats.ts";
import type { Row } from "./table.ts";

/** Figures for the JSON line. */
export function scaleFigures(s: ScaleFigures) {
  return {
    tick_ms_p50_1000svc: round(s.tickMsP50, 1),
    tick_subrequests_max: s.subrequestsMax,
    missed_probes_1000svc: s.missed.missed,
    workerd_rss_mb_1000svc: round(s.rssMbMax, 0),
    paid_monthly_usd_1000svc: round(s.paidMonthlyUsd, 2),
  };
}

const f = (n: number, d = 0) => n.toFixed(d);

/** Table rows with targets. */
export function scaleRows(s: ScaleFigures): Row[] {
  const figures = scaleFigures(s);
  const doLimit = FREE_LIMITS.internalSubrequests;
  return [
    {
      name: "tick_ms_p50_1000svc",
      value: f(s.tickMsP50),
      // The issue sets no target: on wrangler dev all 1,000 objects share one workerd thread, so
      // this measures that thread's queue; in production each object runs on its own.
      target: "",
      note: `no target (one workerd thread runs every object locally); the tick's recorded duration, ${s.tickMs.length - 1} ticks after the first (${f(s.tickMs[0] ?? Number.NaN)} ms, cold objects): ${s.tickMs.map((t) => f(t)).join(" ")}; /__scheduled wall ${s.tickWallMs.map((t) => f(t)).join(" ")} ms`,
    },
    {
      name: "tick_subrequests_max",
      value: String(figures.tick_subrequests_max),
      target: `≤ ${doLimit} DO`,
      ok: s.doSubrequestsMax <= doLimit,
      note: `per invocation, from the log lines: tick ${s.tickMax.durableObjects} DO + ${s.tickMax.internet} fetch, shard ${s.shardMax.durableObjects} DO + ${s.shardMax.internet} fetch (${s.shardLines} shard invocations, ${s.shardServices} supervise calls); each object's probe is its own invocation's one fetch`,
    },
    {
      name: "missed_probes_1000svc",
      value: String(s.missed.missed),
      target: "= 0",
      ok: s.missed.missed === 0,
      note: `later than interval + 5 s at the fakes, after each service's first probe (thresholds ${SCALE_THRESHOLDS ? JSON.stringify(SCALE_THRESHOLDS) : "the defaults"}): ${s.missedFast.missed} of the 15 s services (their alarms), ${s.missed.missed - s.missedFast.missed} of the 60 s ones (the tick); ${s.probes} probes over ${f(s.runMs / 1000)} s, ${s.missed.services.length} services late (worst ${f(s.missed.worstLateMs / 1000, 1)} s past due), ${s.missed.doubled} probes under half an interval after the previous (${s.missedFast.doubled} of them 15 s services'); at the end: findings ${JSON.stringify(s.findings)}, ${s.incidents} incidents, ${s.notifications} notifications, last /health latency p50 ${f(s.latencyP50Ms)} ms max ${f(s.latencyMaxMs)} ms; ${s.strays} stray requests`,
    },
    {
      name: "workerd_rss_mb_1000svc",
      value: f(s.rssMbMax),
      target: "",
      note: `peak RSS of ${s.workerdProcesses} workerd process(es) from /proc during the run; wrangler up in ${f(s.startupMs / 1000, 1)} s; workerd CPU per cron minute ${s.cpuMsPerMinute.map((c) => f(c)).join(" ")} ms; load ${f(s.load[0], 2)} → ${f(s.load[1], 2)}`,
    },
    {
      name: "paid_monthly_usd_1000svc",
      value: f(s.paidMonthlyUsd, 2),
      target: "≤ 15",
      ok: s.paidMonthlyUsd <= 15,
      note: `estimateTotal + paidOverage for this config (traffic included): $5 minimum + ${s.paidParts.map((p) => `${p.what} $${f(p.usd, 2)}`).join(", ") || "nothing"}; config ${s.configBytes.toLocaleString("en-US")} bytes, bundled (a variable holds 5 KB)`,
    },
  ];
}
