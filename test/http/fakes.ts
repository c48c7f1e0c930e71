import type { Finding } from "../../src/checks/types";
import type { Config, ConfigInput } from "../../src/config/schema";
import type {
  CounterName,
  MaintenanceWindow,
  MetricsReading,
  OutboxEntry,
  TickRecord,
  WatchdogStateApi,
} from "../../src/durable/state-api";
import type { RemediationAction } from "../../src/escalation/links";
import type { Actor, IncidentView, TimelineEntry } from "../../src/escalation/types";
import {
  HistoryBook,
  type HistoryPoint,
  type HistorySummary,
  MemoryHistoryRows,
  pointOf,
  STEPS,
  type Step,
  summaryOf,
} from "../../src/history";
import { createHttpApp } from "../../src/http/app";
import type { HttpDeps } from "../../src/http/deps";
import { memoryLimiter } from "../../src/http/rate-limit";
import type {
  ActionOutcome,
  ActionTarget,
  MonitorApi,
  RemediationOutcome,
  ServiceSnapshot,
  ServiceSummary,
  Supervised,
  Supervision,
} from "../../src/monitor/api";
import type { StoredDiagnostics } from "../../src/monitor/diagnostics-entry";
import { mergeSummaries, type SummaryAggregate, serviceSummaryOf } from "../../src/monitor/summary";
import { testConfig, testConfigInput } from "../support/test-config";
import { T0 } from "../support/time";

/** An in-memory ServiceMonitor with the real refusal rules: state really changes. */
export class FakeMonitor implements MonitorApi {
  readonly incidents = new Map<string, IncidentView>();
  snap: Omit<ServiceSnapshot, "serviceId" | "incident"> = {};
  /** Mutating calls received (acknowledge, resolve, addNote, ingest). */
  mutations = 0;
  /** The real history model in memory: tests feed it observations (issue 15). */
  readonly book = new HistoryBook(new MemoryHistoryRows());

  constructor(
    readonly serviceId: string,
    private readonly clock: () => number,
  ) {}

  add(incident: IncidentView): void {
    this.incidents.set(incident.id, structuredClone(incident));
  }

  private check(target: ActionTarget): ActionOutcome | IncidentView {
    const incident = this.incidents.get(target.incidentId);
    if (!incident) return { ok: false, refusal: "no_such_incident" };
    if (incident.epoch !== target.epoch) return { ok: false, refusal: "stale_epoch", incident };
    return incident;
  }

  private log(incident: IncidentView, kind: TimelineEntry["kind"], actor: Actor, text: string): void {
    incident.timeline.push({
      at: this.clock(),
      kind,
      by: actor.by,
      text,
      meta: { ip: actor.ip, userAgent: actor.userAgent, level: actor.level },
    });
  }

  async ingest(): Promise<void> {
    this.mutations++;
  }

  /** Pings received: service, heartbeat, kind and body. */
  readonly pings: [string, string, string, string][] = [];

  async ping(serviceId: string, heartbeatId: string, kind: string, body: string): Promise<boolean> {
    this.mutations++;
    this.pings.push([serviceId, heartbeatId, kind, body]);
    return true;
  }

  /** The door never supervises; the tick's probes are outside what the door shows. */
  async supervise(): Promise<Supervision> {
    return "armed";
  }

  /** As the object answers the tick: its summary beside the supervision. */
  async supervised(): Promise<Supervised> {
    return { supervision: "armed", summary: serviceSummaryOf(await this.snapshot()) };
  }

  async acknowledge(target: ActionTarget, actor: Actor, note?: string): Promise<ActionOutcome> {
    this.mutations++;
    const incident = this.check(target);
    if ("ok" in incident) return incident;
    if (incident.status === "resolved") return { ok: false, refusal: "already_resolved", incident };
    if (incident.status === "acknowledged") return { ok: false, refusal: "already_acknowledged", incident };
    incident.status = "acknowledged";
    incident.acknowledgedBy = actor.by;
    incident.acknowledgedAt = this.clock();
    this.log(incident, "acknowledged", actor, "acknowledged");
    if (note) this.log(incident, "note", actor, note);
    return { ok: true, incident: structuredClone(incident) };
  }

  async resolve(target: ActionTarget, actor: Actor, note?: string): Promise<ActionOutcome> {
    this.mutations++;
    const incident = this.check(target);
    if ("ok" in incident) return incident;
    if (incident.status === "resolved") return { ok: false, refusal: "already_resolved", incident };
    incident.status = "resolved";
    incident.resolvedBy = actor.by;
    incident.resolvedAt = this.clock();
    this.log(incident, "resolved", actor, "resolved");
    if (note) this.log(incident, "note", actor, note);
    return { ok: true, incident: structuredClone(incident) };
  }

  async addNote(target: ActionTarget, actor: Actor, text: string): Promise<ActionOutcome> {
    this.mutations++;
    const incident = this.check(target);
    if ("ok" in incident) return incident;
    this.log(incident, "note", actor, text);
    return { ok: true, incident: structuredClone(incident) };
  }

  /** Remediation actions asked for, in order (issue 14 item 3). */
  readonly remediations: { action: RemediationAction; by: string }[] = [];

  /** Like the service object: acts once, a second POST for the incident is "already done". */
  async remediate(
    target: ActionTarget,
    actor: Actor,
    action: RemediationAction,
  ): Promise<RemediationOutcome> {
    this.mutations++;
    const incident = this.check(target);
    if ("ok" in incident) return incident.ok ? { ok: false, refusal: "no_such_incident" } : incident;
    if (incident.status === "resolved") return { ok: false, refusal: "already_resolved", incident };
    if (this.remediations.length > 0) return { ok: false, refusal: "already_done", incident, by: "x", at: 0 };
    this.remediations.push({ action, by: actor.by });
    if (incident.status === "open") await this.acknowledge(target, actor);
    return {
      ok: true,
      incident: structuredClone(incident),
      agent: { ok: true, detail: "healthy after 3 s" },
    };
  }

  async snapshot(): Promise<ServiceSnapshot> {
    const incident = [...this.incidents.values()].find((i) => i.status !== "resolved");
    return structuredClone({ serviceId: this.serviceId, ...this.snap, incident });
  }

  async incident(incidentId: string): Promise<IncidentView | undefined> {
    const found = this.incidents.get(incidentId);
    return found && structuredClone(found);
  }

  /** Snapshots by incident id, as the service object keeps them (issue 14). */
  readonly snapshots = new Map<string, StoredDiagnostics>();

  async diagnostics(incidentId: string): Promise<StoredDiagnostics | undefined> {
    return this.snapshots.get(incidentId);
  }

  async refreshDiagnostics(incidentId: string): Promise<StoredDiagnostics | undefined> {
    this.mutations++;
    return this.snapshots.get(incidentId);
  }

  async history(limit = 50): Promise<IncidentView[]> {
    return [...this.incidents.values()]
      .sort((a, b) => b.openedAt - a.openedAt)
      .slice(0, limit)
      .map((i) => structuredClone(i));
  }

  async historyPoints(from: number, to: number, step: Step): Promise<HistoryPoint[]> {
    return this.book.buckets(STEPS[step], from, to).map(pointOf);
  }

  async historySummary(): Promise<HistorySummary> {
    return summaryOf(this.book, this.clock());
  }
}

/** An in-memory WatchdogState. */
export class FakeState implements WatchdogStateApi {
  ticks: TickRecord[] = [];
  windows: MaintenanceWindow[] = [];
  counterRows: { name: CounterName; labels: Record<string, string>; value: number }[] = [];
  box: OutboxEntry[] = [];
  private nextId = 1;

  aggregate: SummaryAggregate | undefined;
  /** Calls to `summaries()`: the door's reads of the aggregate. */
  summaryReads = 0;

  async recordTick(
    tick: TickRecord,
    gapAlertMs: number,
    summaries?: ServiceSummary[],
  ): Promise<{ gapMs?: number }> {
    if (summaries) this.aggregate = mergeSummaries(this.aggregate?.services ?? [], summaries, tick.at);
    const last = this.ticks.at(-1);
    this.ticks.push(tick);
    const gap = last ? tick.at - last.at : 0;
    return gap > gapAlertMs ? { gapMs: gap } : {};
  }
  async lastTick(): Promise<TickRecord | undefined> {
    return this.ticks.at(-1);
  }
  async summaries(): Promise<SummaryAggregate | undefined> {
    this.summaryReads++;
    return structuredClone(this.aggregate);
  }
  async metricsReading(): Promise<MetricsReading> {
    const lastTick = this.ticks.at(-1);
    const summaries = await this.summaries();
    return {
      counters: await this.counters(),
      ...(summaries ? { summaries } : {}),
      ...(lastTick ? { lastTick } : {}),
    };
  }
  async listMaintenance(serviceId?: string): Promise<MaintenanceWindow[]> {
    return this.windows.filter((w) => !serviceId || w.serviceId === serviceId);
  }
  async addMaintenance(window: Omit<MaintenanceWindow, "id">): Promise<MaintenanceWindow> {
    const created = { ...window, id: `mw-${this.nextId++}` };
    this.windows.push(created);
    return created;
  }
  async cancelMaintenance(id: string): Promise<boolean> {
    const before = this.windows.length;
    this.windows = this.windows.filter((w) => w.id !== id);
    return this.windows.length < before;
  }
  async count(name: CounterName, labels: Record<string, string>, by = 1): Promise<void> {
    const key = JSON.stringify(labels);
    const row = this.counterRows.find((r) => r.name === name && JSON.stringify(r.labels) === key);
    if (row) row.value += by;
    else this.counterRows.push({ name, labels, value: by });
  }
  async counters() {
    return structuredClone(this.counterRows);
  }
  // Takes the whole entry: works with both the id-less and the id-carrying contract.
  async addOutbox(entry: OutboxEntry): Promise<void> {
    this.box.push(entry);
  }
  async outbox(limit = 50): Promise<OutboxEntry[]> {
    return this.box.slice(-limit);
  }
  claimed = new Set<string>();
  async releaseOnce(key: string): Promise<void> {
    this.claimed.delete(key);
  }
  async claimOnce(key: string): Promise<boolean> {
    if (this.claimed.has(key)) return false;
    this.claimed.add(key);
    return true;
  }
}

export const LINK_KEY = "test-link-key-for-http-tests-7f3a9c1e";
export const ADMIN = "admin-token-for-http-tests-4b8d2e6f";
export const WEBHOOK_SECRET = "telegram-webhook-secret-9a1c5e7b3d";

/**
 * What the door's tests add to `testConfig`: a second service with a hostile name that probes
 * itself from two vantages, and the Telegram webhook for user 111.
 */
export const DOOR_CONFIG = {
  services: [
    ...testConfigInput().services,
    {
      id: "evil",
      name: '<script>alert("svc")</script>',
      healthUrl: "https://evil.example.com/health",
      probeEvery: "15s",
      vantage: { home: "weur", second: "enam" },
    },
  ],
  notify: { telegramWebhook: { allowedUserIds: [111] } },
} satisfies Partial<ConfigInput>;

const finding: Finding = {
  code: "health_down",
  severity: "P1",
  check: "health",
  reason: "timeout after 5000 ms",
};

/** An open incident of a service. */
export function incidentOf(serviceId: string, n: number, extra: Partial<IncidentView> = {}): IncidentView {
  return {
    id: `${serviceId}:${n}`,
    epoch: 1,
    serviceId,
    serviceName: serviceId === "evil" ? '<script>alert("svc")</script>' : "Calendar bot",
    status: "open",
    severity: "P1",
    openedAt: T0 - 60_000 * n,
    findings: [finding],
    paged: ["L1"],
    slaBreaches: [],
    sla: {},
    timeline: [{ at: T0 - 60_000 * n, kind: "opened", by: "watchdog", text: "opened" }],
    ...extra,
  };
}

/** The app wired to fakes, with handles on every fake. */
export function harness(
  options: { config?: Config | undefined; now?: number; setupProblems?: HttpDeps["setupProblems"] } = {},
) {
  const clock = { now: options.now ?? T0 };
  const monitors = new Map<string, FakeMonitor>();
  const state = new FakeState();
  const telegramCalls: { method: string; body: Record<string, unknown> }[] = [];
  const config = "config" in options ? options.config : testConfig(DOOR_CONFIG);
  const monitor = (serviceId: string) => {
    let m = monitors.get(serviceId);
    if (!m) {
      m = new FakeMonitor(serviceId, () => clock.now);
      monitors.set(serviceId, m);
    }
    return m;
  };
  const deps: HttpDeps = {
    config,
    configProblems: config ? undefined : [{ path: "publicUrl", message: "must be an http(s) URL" }],
    ...(options.setupProblems ? { setupProblems: options.setupProblems } : {}),
    secrets: { linkKey: LINK_KEY, adminToken: ADMIN, telegramWebhookSecret: WEBHOOK_SECRET },
    monitor,
    state,
    authLimiter: memoryLimiter(),
    telegram: async (method, body) => {
      telegramCalls.push({ method, body });
      return { ok: true };
    },
    now: () => clock.now,
  };
  // Read per request, so a test may change `deps` (a secret, the Telegram call) after this.
  const app = createHttpApp(() => deps);
  const mutations = () => [...monitors.values()].reduce((n, m) => n + m.mutations, 0);
  /**
   * What a tick at `at` (default now) carries to the state: every configured service's summary,
   * the aggregate /metrics and /status read (issue 17 item 5). Records a tick.
   */
  const summarize = async (at = clock.now) => {
    const services = config?.services ?? [];
    const answers = await Promise.all(services.map((s) => monitor(s.id).supervised()));
    const tick = { at, durationMs: 0, services: services.length, failures: 0 };
    await state.recordTick(
      tick,
      Number.MAX_SAFE_INTEGER,
      answers.map((a) => a.summary),
    );
  };
  return { app, deps, clock, monitor, state, telegramCalls, mutations, summarize };
}
