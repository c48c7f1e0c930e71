import { summariseSnapshot } from "../checks/diagnostics-summary";
import type { Config, Service } from "../config/schema";
import type { IncidentView } from "../escalation/types";
import type { StoredDiagnostics } from "./diagnostics-entry";
import type { MonitorDeps } from "./ports";

export type { StoredDiagnostics } from "./diagnostics-entry";

/** Incidents whose latest snapshot is kept (each at most ~30 KB: a 16 KiB log tail plus state). */
export const KEEP_DIAGNOSTICS = 5;

/** The kept list after `entry`: one per incident, the newest incidents only. */
export function keepDiagnostics(
  list: readonly StoredDiagnostics[],
  entry: StoredDiagnostics,
): StoredDiagnostics[] {
  return [...list.filter((d) => d.incidentId !== entry.incidentId), entry].slice(-KEEP_DIAGNOSTICS);
}

/** Who the snapshot's timeline note is by. */
export const DIAGNOSTICS_ACTOR = "watchdog agent";

/** What the engine lends: a way to put a note on the incident's timeline through the core. */
export interface DiagnosticsHooks {
  note(text: string, at: number): Promise<unknown>;
}

/**
 * Diagnostics after the page (issue 14 item 1): when an incident is open at P1 or P2 and has
 * no snapshot yet, asks the agent for one, keeps it with the incident, puts its summary on the
 * timeline and sends it to L1 as a follow-up. The engine calls it after the page was sent and
 * the alarm armed, so an agent
 * that is down or slow never delays the page; its absence is stored too, so it is asked once.
 */
export class IncidentDiagnostics {
  private readonly inFlight = new Set<string>();

  constructor(
    private readonly deps: MonitorDeps,
    private readonly hooks: DiagnosticsHooks,
  ) {}

  /**
   * Called after every applied event with the incident as it now stands. Starts the snapshot
   * and does not wait for it: the probe (or operator action) that opened the incident must not
   * hold the object's probing while the agent and the follow-up take their time, or every
   * supervising tick would find it busy (an on-demand `refresh` waits for it).
   */
  async afterApply(view: IncidentView | undefined, config: Config, service: Service): Promise<void> {
    const { store } = this.deps;
    if (!view || view.status === "resolved" || !service.agentUrl) return;
    if (view.severity !== "P1" && view.severity !== "P2") return;
    if (store.diagnostics?.(view.id) || this.inFlight.has(view.id)) return;
    const taking = this.take(view, config, service, "opened").then(
      () => undefined,
      (error: unknown) => console.error(`diagnostics for ${view.id} failed: ${String(error)}`),
    );
    this.running = Promise.all([this.running, taking]).then(() => undefined);
  }

  /** A fresh snapshot on demand (the incident page's button), once the one being taken is in. */
  async refresh(
    view: IncidentView,
    config: Config,
    service: Service,
  ): Promise<StoredDiagnostics | undefined> {
    await this.running;
    return this.take(view, config, service, "on_demand");
  }

  private running: Promise<void> = Promise.resolve();

  /** Takes a snapshot now (the incident page's "refresh"); undefined when none can be asked for. */
  async take(
    view: IncidentView,
    config: Config,
    service: Service,
    trigger: StoredDiagnostics["trigger"],
  ): Promise<StoredDiagnostics | undefined> {
    const { diagnostics: port, store } = this.deps;
    if (!port || !store.saveDiagnostics || view.status === "resolved" || this.inFlight.has(view.id)) {
      return undefined;
    }
    this.inFlight.add(view.id);
    try {
      const level = view.severity === "P2" ? "P2" : "P1";
      const result = await port.ask(service, { incident: view.id, level });
      const at = this.deps.now();
      const base = { incidentId: view.id, at, trigger };
      const entry: StoredDiagnostics = result.ok
        ? { ...base, ok: true, snapshot: result.snapshot, summary: summariseSnapshot(result.snapshot) }
        : { ...base, ok: false, reason: result.reason.slice(0, 300), summary: [] };
      // Stored before the note is applied: the note's own pass through afterApply must find it.
      store.saveDiagnostics(entry);
      const text = entry.ok
        ? `diagnostics: ${entry.summary.join(" | ")}`
        : `diagnostics unavailable: ${entry.reason}`;
      await this.hooks.note(text, at);
      const notice = {
        serviceName: service.name,
        incidentId: view.id,
        ...(entry.ok ? { lines: entry.summary } : { unavailable: entry.reason }),
      };
      try {
        await port.notify(config, `diagnostics:${view.id}:${at}`, notice);
      } catch (error) {
        // The snapshot is on the timeline and the incident page; a lost follow-up is only logged.
        console.error(`diagnostics follow-up for ${view.id} failed: ${String(error)}`);
      }
      return entry;
    } finally {
      this.inFlight.delete(view.id);
    }
  }
}
