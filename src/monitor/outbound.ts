import type { Config } from "../config/schema";
import { worthSending } from "../escalation/core";
import type { Action, DeliveryEvent, IncidentView } from "../escalation/types";
import type { MonitorDeps } from "./ports";

/**
 * The engine's outbound side: claims each action's key in the store before it is sent, sends
 * it once through `deps.send` if it is still worth sending, and records the outcome on the key
 * (a passing failure comes due again after the wait the provider asked for, or with backoff).
 * Every attempt of a step renders the incident as its first attempt did, at that attempt's
 * time, so a retry sends the same bytes under the same idempotency key.
 */
export class Outbound {
  /**
   * Keys this instance is sending right now. Their claims are live however old they look:
   * only a claim left by a crashed instance is "stale" and sent again.
   */
  private readonly inFlight = new Set<string>();

  constructor(private readonly deps: Pick<MonitorDeps, "store" | "send">) {}

  /**
   * Claims the new actions and the retries due at `now`. Synchronous on purpose: the caller
   * saves the state that produced the actions in the same step, so a crash can delay an
   * action (it comes back as a stale claim) but never lose it.
   */
  claim(actions: readonly Action[], now: number): Action[] {
    const { store } = this.deps;
    const claimed = actions.filter((action) => store.claimKey(action, now));
    return [...claimed, ...store.claimDueRetries(now, this.inFlight)];
  }

  /** Sends claimed actions one by one against the incident as `view()` shows it at each send. */
  async send(
    config: Config,
    actions: readonly Action[],
    now: number,
    view: () => IncidentView | undefined,
  ): Promise<DeliveryEvent[]> {
    const events: DeliveryEvent[] = [];
    for (const action of actions) events.push(...(await this.sendOne(config, action, now, view())));
    return events;
  }

  /** When the earliest retry or stale claim comes due. */
  nextRetryAt(): number | undefined {
    return this.deps.store.nextRetryAt(this.inFlight);
  }

  private async sendOne(
    config: Config,
    action: Action,
    now: number,
    view: IncidentView | undefined,
  ): Promise<DeliveryEvent[]> {
    const { store } = this.deps;
    if (!view || !worthSending(action, view)) {
      store.finishKey(action.key, "failed", now);
      return [];
    }
    const earlier = store.earlierAttempts(action.key);
    // Whether to send is decided on the incident as it is now; what is sent is the first attempt's.
    const shown = earlier?.view ?? view;
    this.inFlight.add(action.key);
    try {
      const delivery = await this.deps.send(config, action, shown, {
        now,
        renderAt: earlier?.firstAt ?? now,
        sentRefs: store.sentRefs(action.incidentId),
        targets: earlier?.targets ?? new Map(),
      });
      for (const ref of delivery.refs) store.addSentRef(action.incidentId, ref);
      const outcome = delivery.retryable ? "retryable" : delivery.ok ? "delivered" : "failed";
      store.finishKey(action.key, outcome, now, {
        targets: delivery.targets,
        view: shown,
        ...(delivery.retryAfterMs === undefined ? {} : { retryAfterMs: delivery.retryAfterMs }),
      });
      return delivery.events;
    } catch (error) {
      // An unexpected error must not lose the page: keep it for a retry.
      const detail = error instanceof Error ? error.message : String(error);
      console.error(`deliver ${action.key}: ${detail}`);
      store.finishKey(action.key, "retryable", now, { view: shown });
      return [
        { type: "delivery", key: action.key, level: action.level, channel: "internal", ok: false, detail },
      ];
    } finally {
      this.inFlight.delete(action.key);
    }
  }
}
