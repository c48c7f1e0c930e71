import { primaryOutcome } from "../checks/primary";
import { currentIncident, type ServiceState } from "../escalation/core";
import type { Event } from "../escalation/types";
import {
  HistoryBook,
  type HistoryPoint,
  type HistorySummary,
  pointOf,
  STEPS,
  type Step,
  summaryOf,
} from "../history";
import type { MonitorStorage } from "./ports";

/**
 * Feeds the engine's commits into the service's history (src/history): each committed state is
 * one observation, a probe's with its outcome. Nothing is written until a minute closes.
 */
export class HistoryFeed {
  private readonly book: HistoryBook;

  constructor(store: Pick<MonitorStorage, "historyRows">) {
    this.book = new HistoryBook(store.historyRows());
  }

  /** The engine's call after it saved `state` for `event`. */
  committed(state: ServiceState, event: Event | undefined): void {
    const at = event?.type === "probe" ? event.result.at : state.now;
    if (at === undefined) return;
    const incident = currentIncident(state)?.severity;
    const outcome = event?.type === "probe" ? primaryOutcome(event.result) : undefined;
    this.book.observe({
      at,
      ...(incident ? { incident } : {}),
      ...(outcome ? { probe: { failed: !outcome.ok, latencyMs: outcome.latencyMs } } : {}),
    });
  }

  /** Uptime windows, the 90-day bar and the 48-hour latency line at `now`. */
  summary(now: number): HistorySummary {
    return summaryOf(this.book, now);
  }

  /** The history API's points in [from, to) at `step`. */
  points(from: number, to: number, step: Step): HistoryPoint[] {
    return this.book.buckets(STEPS[step], from, to).map(pointOf);
  }
}
