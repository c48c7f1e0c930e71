import { SEVERITIES, type Severity } from "../checks/types";
import type { IncidentView } from "../escalation/types";
import type { Bucket } from "./bucket";
import { quantile } from "./sketch";

/** Uptime in percent two ways; null means no data (nothing watched in the period), never 100 %. */
export interface Uptime {
  /** Watched time not covered by a confirmed P1/P2 incident. */
  byIncidents: number | null;
  /** Probes whose public health check passed. */
  byProbes: number | null;
}

/** Uptime over the given buckets. */
export function uptimeOf(
  buckets: readonly Pick<Bucket, "observedMs" | "downMs" | "probes" | "failures">[],
): Uptime {
  const sum = (k: "observedMs" | "downMs" | "probes" | "failures") => buckets.reduce((t, b) => t + b[k], 0);
  const observed = sum("observedMs");
  const probes = sum("probes");
  return {
    byIncidents: observed > 0 ? (100 * (observed - sum("downMs"))) / observed : null,
    byProbes: probes > 0 ? (100 * (probes - sum("failures"))) / probes : null,
  };
}

/** Latency of one bucket's probes; undefined without probes. */
export interface Latency {
  p50: number;
  p95: number;
  max: number;
}

/** p50/p95 from the bucket's sketch (a bin's upper bound) and the exact maximum. */
export function latencyOf(bucket: Bucket): Latency | undefined {
  const p50 = quantile(bucket.latency, 0.5, bucket.maxMs);
  const p95 = quantile(bucket.latency, 0.95, bucket.maxMs);
  return p50 === undefined || p95 === undefined ? undefined : { p50, p95, max: bucket.maxMs };
}

/** One missed SLA deadline. */
export interface Breach {
  incidentId: string;
  serviceId: string;
  severity: Severity;
  kind: "respond" | "resolve";
  /** The deadline from the incident's frozen policy. */
  deadline: number;
}

/** Incident figures of one severity. */
export interface SeverityFigures {
  incidents: number;
  /** Mean time to acknowledge, over the acknowledged ones; null when none was. */
  mttaMs: number | null;
  /** Mean time to resolve, over the resolved ones; null when none was. */
  mttrMs: number | null;
  /** Share (percent) of incidents acknowledged within `respondWithin`; null when none is decided yet. */
  respondCompliance: number | null;
  /** Share (percent) resolved within `resolveWithin`; null when none is decided yet. */
  resolveCompliance: number | null;
}

/** SLA figures of incidents opened in a period. */
export interface SlaFigures {
  bySeverity: Record<Severity, SeverityFigures>;
  /** Every breach, oldest deadline first. */
  breaches: Breach[];
}

const mean = (xs: number[]) => (xs.length > 0 ? xs.reduce((a, b) => a + b, 0) / xs.length : null);
const share = (met: number, of: number) => (of > 0 ? (100 * met) / of : null);

/**
 * How one deadline stands at `now`: breached (recorded, or passed while still unmet), met, or
 * undecided (still running). Acknowledging meets the respond deadline; resolving meets both.
 */
function deadline(
  view: IncidentView,
  kind: "respond" | "resolve",
  now: number,
): "breached" | "met" | "open" | "none" {
  const by = kind === "respond" ? view.sla.respondBy : view.sla.resolveBy;
  if (view.slaBreaches.some((b) => b.kind === kind)) return "breached";
  if (by === undefined) return "none";
  const doneAt = kind === "respond" ? (view.acknowledgedAt ?? view.resolvedAt) : view.resolvedAt;
  if (doneAt !== undefined) return doneAt <= by ? "met" : "breached";
  return by <= now ? "breached" : "open";
}

/** Incidents per severity, MTTA/MTTR and SLA compliance of the incidents opened in [from, to). */
export function slaOf(views: readonly IncidentView[], from: number, to: number, now: number): SlaFigures {
  const inRange = views.filter((v) => v.openedAt >= from && v.openedAt < to);
  const breaches: Breach[] = [];
  const bySeverity = {} as Record<Severity, SeverityFigures>;
  for (const severity of SEVERITIES) {
    const mine = inRange.filter((v) => v.severity === severity);
    const tally = { respond: { met: 0, of: 0 }, resolve: { met: 0, of: 0 } };
    for (const v of mine) {
      for (const kind of ["respond", "resolve"] as const) {
        const how = deadline(v, kind, now);
        if (how === "met" || how === "breached") tally[kind].of++;
        if (how === "met") tally[kind].met++;
        if (how === "breached") {
          const at = v.slaBreaches.find((b) => b.kind === kind)?.at;
          const by = kind === "respond" ? v.sla.respondBy : v.sla.resolveBy;
          breaches.push({
            incidentId: v.id,
            serviceId: v.serviceId,
            severity,
            kind,
            deadline: at ?? by ?? v.openedAt,
          });
        }
      }
    }
    bySeverity[severity] = {
      incidents: mine.length,
      mttaMs: mean(
        mine.flatMap((v) => (v.acknowledgedAt !== undefined ? [v.acknowledgedAt - v.openedAt] : [])),
      ),
      mttrMs: mean(mine.flatMap((v) => (v.resolvedAt !== undefined ? [v.resolvedAt - v.openedAt] : []))),
      respondCompliance: share(tally.respond.met, tally.respond.of),
      resolveCompliance: share(tally.resolve.met, tally.resolve.of),
    };
  }
  return { bySeverity, breaches: breaches.sort((a, b) => a.deadline - b.deadline) };
}
