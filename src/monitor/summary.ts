import type { MaintenanceWindow } from "../escalation/types";
import type { CheckSummary, ServiceSnapshot, ServiceSummary, Supervised, Supervision } from "./api";

/** A summary in the aggregate, stamped with the tick that brought it. */
export interface SummaryEntry extends ServiceSummary {
  /** When the tick that carried it started, epoch milliseconds. */
  at: number;
}

/** Every service's latest summary as WatchdogState keeps it; `at` is the newest tick's. */
export interface SummaryAggregate {
  at: number;
  services: SummaryEntry[];
}

/**
 * Entries older than this leave the aggregate: a service removed from the config stops
 * showing, while one whose shard failed a few ticks keeps its last summary (and its age).
 */
export const SUMMARY_KEEP_MS = 86_400_000;

function check(outcome: CheckSummary): CheckSummary {
  return outcome.reason === undefined
    ? { ok: outcome.ok, latencyMs: outcome.latencyMs }
    : { ok: outcome.ok, latencyMs: outcome.latencyMs, reason: outcome.reason };
}

/** The summary of a snapshot: no findings, reports or timeline, only what the lists show. */
export function serviceSummaryOf(snapshot: ServiceSnapshot): ServiceSummary {
  const summary: ServiceSummary = { serviceId: snapshot.serviceId };
  const probe = snapshot.lastProbe;
  if (probe)
    summary.lastProbe = {
      at: probe.at,
      ...(probe.health ? { health: check(probe.health) } : {}),
      ...(probe.agent ? { agent: check(probe.agent) } : {}),
      ...(probe.checks
        ? { checks: probe.checks.map((c) => ({ kind: c.kind, label: c.label, ...check(c) })) }
        : {}),
    };
  const i = snapshot.incident;
  if (i)
    summary.incident = {
      id: i.id,
      serviceId: i.serviceId,
      serviceName: i.serviceName,
      severity: i.severity,
      status: i.status,
      openedAt: i.openedAt,
    };
  if (snapshot.maintenance) summary.maintenance = snapshot.maintenance;
  return summary;
}

/** What `superviseSummarized` needs of a `MonitorEngine`. */
export interface SupervisedEngine {
  supervise(serviceId: string, maintenance?: MaintenanceWindow[]): Promise<Supervision>;
  snapshot(): ServiceSnapshot;
}

type SupervisedCall = (serviceId: string, maintenance?: MaintenanceWindow[]) => Promise<Supervised>;

/** An engine seen as the tick sees its object (the simulators and tests hand engines to the tick). */
export function supervisedBy(engine: SupervisedEngine): { supervised: SupervisedCall } {
  return { supervised: (serviceId, maintenance) => superviseSummarized(engine, serviceId, maintenance) };
}

/**
 * Supervises, then summarizes the object as the supervision left it; a probe still running
 * after the wait shows at the next tick. One RPC call carries both back to the tick.
 */
export async function superviseSummarized(
  engine: SupervisedEngine,
  serviceId: string,
  maintenance?: MaintenanceWindow[],
): Promise<Supervised> {
  const supervision = await engine.supervise(serviceId, maintenance);
  return { supervision, summary: serviceSummaryOf({ ...engine.snapshot(), serviceId }) };
}

/**
 * The aggregate after a tick at `at`: this tick's summaries replace their services' entries; a
 * service the tick could not reach keeps its older entry until `SUMMARY_KEEP_MS`.
 */
export function mergeSummaries(
  previous: readonly SummaryEntry[],
  fresh: readonly ServiceSummary[],
  at: number,
): SummaryAggregate {
  const byId = new Map<string, SummaryEntry>();
  for (const e of previous) if (e.at >= at - SUMMARY_KEEP_MS) byId.set(e.serviceId, e);
  for (const s of fresh) byId.set(s.serviceId, { ...s, at });
  return { at, services: [...byId.values()] };
}
