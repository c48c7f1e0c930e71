import type { Finding, ProbeResult } from "../checks/types";
import type { Heartbeat } from "../config/heartbeats";
import type { Service } from "../config/schema";
import type { Event } from "../escalation/types";
import { formatUtc } from "../time-format";

/** Largest `/fail` body kept as the finding's detail. */
export const HEARTBEAT_BODY_MAX_BYTES = 10 * 1024;

/** What a ping says: the job succeeded, started, or failed. */
export type PingKind = "success" | "start" | "fail";

/** What one heartbeat's object remembers between pings. */
export interface HeartbeatRecord {
  /** When this object first watched the heartbeat: the first deadline counts from here. */
  since: number;
  lastPingAt?: number;
  /** A `/start` not yet followed by a success. */
  startedAt?: number;
  /** Run time measured from the last `/start` to its success. */
  lastRunMs?: number;
  /** A `/fail` not yet followed by a success, with its body. */
  failedAt?: number;
  failBody?: string;
}

/** Where the object keeps its heartbeats (`src/durable/heartbeat-store.ts`; memory in simulators). */
export interface HeartbeatStorage {
  heartbeat(id: string): HeartbeatRecord | undefined;
  saveHeartbeat(id: string, record: HeartbeatRecord): void;
}

/** Heartbeats in memory, for simulators and tests. */
export function memoryHeartbeats(): HeartbeatStorage {
  const records = new Map<string, HeartbeatRecord>();
  return { heartbeat: (id) => records.get(id), saveHeartbeat: (id, r) => records.set(id, r) };
}

const minutes = (ms: number) => `${Math.round(ms / 60_000)} min`;

/**
 * The service's push heartbeats: pings recorded, deadlines computed, and the findings of the
 * missed or failed ones added to every probe result, so they are confirmed, escalated and
 * resolved by the core like any other finding. The deadline wakes the object's one alarm.
 */
export class Heartbeats {
  private readonly store: HeartbeatStorage;

  constructor(
    private readonly deps: {
      heartbeats?: HeartbeatStorage;
      store: { lastProbe(): ProbeResult | undefined };
      now(): number;
    },
  ) {
    this.store = deps.heartbeats ?? memoryHeartbeats();
  }

  /**
   * Records a ping, then (unless it only marks a start) probes, so the core sees the change now
   * rather than at the next tick. False when the service has no such heartbeat.
   */
  async ping(
    service: Service | undefined,
    id: string,
    kind: PingKind,
    body: string,
    probe: (service: Service) => Promise<void>,
  ): Promise<boolean> {
    const now = this.deps.now();
    const h = service?.heartbeats.find((x) => x.id === id);
    if (!service || !h) return false;
    this.save(h, kind, body, now);
    if (kind !== "start") await probe(service);
    return true;
  }

  private save(h: Heartbeat, kind: PingKind, body: string, now: number): void {
    const id = h.id;
    const r = this.record(h, now);
    if (kind === "start") this.store.saveHeartbeat(id, { ...r, startedAt: now });
    else if (kind === "fail") {
      const { startedAt: _run, ...rest } = r;
      this.store.saveHeartbeat(id, { ...rest, failedAt: now, failBody: body.trim() });
    } else {
      const { startedAt, failedAt: _f, failBody: _b, ...rest } = r;
      const run = startedAt === undefined ? {} : { lastRunMs: now - startedAt };
      this.store.saveHeartbeat(id, { ...rest, ...run, lastPingAt: now });
    }
  }

  /** The findings of the heartbeats that are failed or overdue at `now`. */
  findings(service: Service, now: number): Finding[] {
    return service.heartbeats.flatMap((h): Finding[] => {
      const r = this.record(h, now);
      const base = { severity: h.severity, check: "heartbeat" as const, subject: h.id };
      if (r.failedAt !== undefined) {
        return [
          { ...base, code: "heartbeat_failed", reason: r.failBody || `/fail at ${formatUtc(r.failedAt)}` },
        ];
      }
      const due = this.deadline(h, r);
      if (now <= due) return [];
      const last = r.lastPingAt === undefined ? `none since ${formatUtc(r.since)}` : formatUtc(r.lastPingAt);
      const started = r.startedAt === undefined ? "" : `; started ${formatUtc(r.startedAt)}, never finished`;
      return [
        {
          ...base,
          code: "heartbeat_missed",
          value: now - due,
          reason: `last ping ${last}; due every ${minutes(h.period)} + ${minutes(h.grace)} grace${started}`,
        },
      ];
    });
  }

  /** A probe result with the heartbeats' findings at its time added. */
  withFindings(service: Service | undefined, result: ProbeResult): ProbeResult {
    if (!service || service.heartbeats.length === 0) return result;
    // A probe that started before the object's clock moved on is judged at the later time.
    const at = Math.max(result.at, this.deps.now());
    return { ...result, findings: [...result.findings, ...this.findings(service, at)] };
  }

  /** The event the core sees: a probe carries the heartbeats' findings too. */
  onEvent(event: Event, service: Service | undefined): Event {
    return event.type === "probe"
      ? { type: "probe", result: this.withFindings(service, event.result) }
      : event;
  }

  /** The earliest deadline since the last probe: the object wakes then to notice it. */
  nextWake(service: Service | undefined): number | undefined {
    if (!service) return undefined;
    const now = this.deps.now();
    const seenAt = this.deps.store.lastProbe()?.at ?? 0;
    const due = service.heartbeats
      .map((h) => ({ h, r: this.record(h, now) }))
      .filter(({ r }) => r.failedAt === undefined)
      .map(({ h, r }) => this.deadline(h, r) + 1)
      .filter((at) => at > seenAt);
    return due.length > 0 ? Math.min(...due) : undefined;
  }

  /** True when a deadline passed since the last probe: the alarm must probe to notice it. */
  due(service: Service): boolean {
    const next = this.nextWake(service);
    return next !== undefined && next <= this.deps.now();
  }

  // A started run that does not finish within the grace counts as missed, like Healthchecks.
  private deadline(h: Heartbeat, r: HeartbeatRecord): number {
    const byPeriod = (r.lastPingAt ?? r.since) + h.period + h.grace;
    return r.startedAt === undefined ? byPeriod : Math.min(byPeriod, r.startedAt + h.grace);
  }

  private record(h: Heartbeat, now: number): HeartbeatRecord {
    const stored = this.store.heartbeat(h.id);
    if (stored) return stored;
    const fresh = { since: now };
    this.store.saveHeartbeat(h.id, fresh);
    return fresh;
  }
}
