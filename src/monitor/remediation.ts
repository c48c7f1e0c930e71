import { primaryOutcome } from "../checks/primary";
import type { Config, Service } from "../config/schema";
import {
  autoRemediationAt,
  autoStarted,
  configWindows,
  refusalOf,
  type ServiceState,
  viewOf,
} from "../escalation/core";
import type { RemediationAction } from "../escalation/remediation-actions";
import type { ActionTarget, Actor, Event, IncidentView } from "../escalation/types";
import type { RemediationOutcome } from "./api";
import type { MonitorDeps } from "./ports";
import { type RemediationRecord, stillFailingNote } from "./remediation-entry";

export type { RemediationNotice, RemediationRecord } from "./remediation-entry";

/** Re-probe cadence after an action (issue 14 item 5): every 5 s … */
export const REPROBE_EVERY_MS = 5_000;
/** … for 2 minutes; the same action is refused as "already done" within this window. */
export const REPROBE_FOR_MS = 120_000;

/** Longer than the agent's healthcheck wait and the Worker's 150 s timeout on it. */
const RUNNING_STALE_MS = 180_000;

/** Who the timeline names for an automatic action. */
export const AUTO_ACTOR = "watchdog (autoRemediate)";

/** The config and service an object watches. */
type Watched = { config: Config; service: Service };

/** What the engine lends: its config, state, a way to apply an event through the core, and its prober. */
export interface RemediationHooks {
  watched(): Watched | undefined;
  state(): ServiceState;
  apply(event: Event, at: number): Promise<boolean>;
  probe(service: Service): Promise<void>;
}

/** The name the agent accepts in its audit line (letters, digits, space, `._@-`). */
function agentName(by: string): string {
  return by.replace(/[^\p{L}\p{N} ._@-]/gu, "").slice(0, 64) || "operator";
}

/**
 * Operator-confirmed actions (issue 14 items 3 and 5). Idempotency map: the stored record in
 * `running` (written before the first await) refuses a concurrent POST; the same action within
 * `REPROBE_FOR_MS` is refused as done; the core's acknowledge refuses nothing here, it is only
 * applied while the incident is open. The re-probes ride the object's one alarm (`wakeAt`).
 */
export class Remediation {
  constructor(
    private readonly deps: MonitorDeps,
    private readonly hooks: RemediationHooks,
  ) {}

  /** Runs `action` once for the incident: acknowledges, asks the agent, notes both, starts the re-probes. */
  async run(
    watched: Watched | undefined,
    target: ActionTarget,
    actor: Actor,
    action: RemediationAction,
    note?: string,
    auto = false,
  ): Promise<RemediationOutcome> {
    const { store, remediation: port } = this.deps;
    if (!watched?.service.agentUrl || !port || !store.saveRemediation)
      return { ok: false, refusal: "no_agent" };
    const before = viewOf(this.hooks.state());
    const incident = before?.id === target.incidentId ? { incident: before } : {};
    const refusal = refusalOf(this.hooks.state(), target, "resolve");
    if (refusal) return { ok: false, refusal, ...incident };
    const now = this.deps.now();
    const last = store.remediation?.();
    if (last?.incidentId === target.incidentId) {
      const who = { by: last.by, at: last.at, ...incident };
      // A "running" left by an object that died mid-action stops blocking once the agent's wait is surely over.
      if (last.phase === "running" && now < last.at + RUNNING_STALE_MS)
        return { ok: false, refusal: "already_running", ...who };
      if (last.action === action && now < last.at + REPROBE_FOR_MS)
        return { ok: false, refusal: "already_done", ...who };
    }
    const autoLog = auto ? autoStarted(last?.autoLog, target.incidentId, now) : last?.autoLog;
    const record: RemediationRecord = {
      ...target,
      action,
      by: actor.by,
      at: now,
      phase: "running",
      ...(auto ? { auto } : {}),
      ...(autoLog ? { autoLog } : {}),
    };
    // Written before the first await: a second POST arriving meanwhile sees it running.
    store.saveRemediation(record);
    try {
      // An automatic action never acknowledges: escalation goes on on its normal clock.
      if (before?.status === "open" && !auto)
        await this.hooks.apply({ type: "acknowledge", actor, note: note || action }, now);
      await this.hooks.apply({ type: "note", actor, text: auto && note ? note : `${action} requested` }, now);
      const result = await port.run(watched.service, {
        action,
        incident: target.incidentId,
        by: agentName(actor.by),
      });
      const detail = result.answered
        ? `${result.audit.outcome}${result.audit.detail ? `: ${result.audit.detail}` : ""}`
        : `agent unreachable: ${result.reason}`;
      const at = this.deps.now();
      const ok = result.answered && result.ok;
      // The first re-probe is due at once; `apply` below arms the alarm for it.
      store.saveRemediation({
        ...record,
        ...(auto && !ok && autoLog ? { autoLog: { ...autoLog, failed: true } } : {}),
        phase: "watching",
        detail,
        nextProbeAt: at,
        until: at + REPROBE_FOR_MS,
      });
      await this.hooks.apply({ type: "note", actor, text: `${action}: ${detail.slice(0, 300)}` }, at);
      const after = viewOf(this.hooks.state());
      return after
        ? { ok: true, incident: after, agent: { ok, detail } }
        : { ok: false, refusal: "no_such_incident" };
    } catch (error) {
      store.saveRemediation({ ...record, phase: "done", detail: String(error) });
      throw error;
    }
  }

  /** When the next re-probe, or the automatic first step, is due, if any. */
  wakeAt(): number | undefined {
    const r = this.deps.store.remediation?.();
    if (r?.phase === "watching") return r.nextProbeAt;
    return r?.phase === "running" ? undefined : this.autoAt();
  }

  /** True when a re-probe or the automatic step is due at `now` (synchronous: the alarm asks before anything else). */
  probeDue(now: number): boolean {
    const at = this.wakeAt();
    return at !== undefined && at <= now;
  }

  /** The alarm's share: the automatic step when due, else the due re-probe; the last one settles "still failing". */
  async alarm(watched: Watched, now: number): Promise<void> {
    const { store } = this.deps;
    const r = store.remediation?.();
    const autoAt = r?.phase === "watching" ? undefined : this.autoAt();
    if (autoAt !== undefined && autoAt <= now) return this.runAuto(watched);
    if (r?.phase !== "watching" || r.nextProbeAt === undefined || r.nextProbeAt > now) return;
    const until = r.until ?? now;
    const next = now >= until ? undefined : Math.min(now + REPROBE_EVERY_MS, until);
    store.saveRemediation?.({
      ...r,
      ...(next === undefined ? { nextProbeAt: undefined } : { nextProbeAt: next }),
    });
    await this.hooks.probe(watched.service);
    const view = viewOf(this.hooks.state());
    if (next === undefined && view && store.remediation?.()?.phase === "watching")
      await this.settle(watched, view, "still_failing", now);
  }

  /** When `autoRemediate` would act on the current incident (src/escalation/core/auto-remediate.ts). */
  private autoAt(): number | undefined {
    const watched = this.hooks.watched();
    const { store, remediation: port } = this.deps;
    if (!watched?.service.agentUrl || !port || !store.saveRemediation) return undefined;
    const windows = [...store.maintenance(), ...configWindows(watched.service)];
    const view = viewOf(this.hooks.state());
    const log = store.remediation?.()?.autoLog;
    return autoRemediationAt(watched.service.autoRemediate, view, this.deps.now(), windows, log);
  }

  private async runAuto(watched: Watched): Promise<void> {
    const view = viewOf(this.hooks.state());
    const policy = watched.service.autoRemediate;
    if (!view || !policy) return;
    const target = { incidentId: view.id, epoch: view.epoch };
    const note = `unacknowledged for ${Math.round(policy.after / 1000)} s: ${policy.action} by the watchdog`;
    const outcome = await this.run(watched, target, { by: AUTO_ACTOR }, policy.action, note, true);
    // Refused (an operator's action is running or just done): the turn is used up all the same,
    // or the alarm would come straight back for it.
    const last = this.deps.store.remediation?.();
    if (!outcome.ok && last)
      this.deps.store.saveRemediation?.({
        ...last,
        autoLog: autoStarted(last.autoLog, view.id, this.deps.now()),
      });
  }

  /** After every applied event: an incident the recovery rule resolved settles the watch as healthy. */
  async afterApply(view: IncidentView | undefined, config: Config, service: Service): Promise<void> {
    const r = this.deps.store.remediation?.();
    if (!view || r?.phase !== "watching" || r.incidentId !== view.id || view.status !== "resolved") return;
    const last = this.deps.store.lastProbe();
    const healthy = last !== undefined && primaryOutcome(last)?.ok === true;
    await this.settle({ config, service }, view, healthy ? "healthy" : "still_failing", view.resolvedAt);
  }

  private async settle(
    watched: Watched,
    view: IncidentView,
    outcome: "healthy" | "still_failing",
    at: number | undefined,
  ): Promise<void> {
    const { store, remediation: port } = this.deps;
    const r = store.remediation?.();
    if (!r || !port) return;
    // An automatic action /health did not recover from counts as failed: none more today.
    const autoLog =
      r.auto && outcome === "still_failing" && r.autoLog ? { ...r.autoLog, failed: true } : r.autoLog;
    store.saveRemediation?.({ ...r, phase: "done", ...(autoLog ? { autoLog } : {}) });
    const end = at ?? this.deps.now();
    const seconds = Math.max(0, Math.round((end - r.at) / 1000));
    const text =
      outcome === "healthy"
        ? `${r.action}: ${watched.service.healthUrl ? "/health healthy" : "checks passing"} again after ${seconds} s`
        : stillFailingNote(r.action);
    await this.hooks.apply({ type: "note", actor: { by: r.by }, text }, end);
    const notice = {
      serviceName: watched.service.name,
      incidentId: r.incidentId,
      epoch: r.epoch,
      action: r.action,
      by: r.by,
      at: r.at,
      outcome,
      seconds,
      ...(watched.service.healthUrl ? {} : { checksOnly: true }),
      detail: r.detail ?? "",
      levels: view.paged.length > 0 ? view.paged : ["L1" as const],
      offerFullRestart: outcome === "still_failing" && r.action === "restart-app",
    };
    try {
      await port.notify(watched.config, `remediation:${r.incidentId}:${r.at}`, notice);
    } catch (error) {
      // The outcome is on the timeline; a lost notice is only logged.
      console.error(`remediation notice for ${r.incidentId} failed: ${String(error)}`);
    }
  }
}
