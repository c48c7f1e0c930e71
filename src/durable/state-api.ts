export type { MaintenanceWindow } from "../escalation/types";

import type { MaintenanceWindow } from "../escalation/types";

/** What one cron tick did. */
export interface TickRecord {
  /** When the tick started, epoch milliseconds. */
  at: number;
  durationMs: number;
  services: number;
  /** Services whose probe or hand-off to the Durable Object failed. */
  failures: number;
}

/** A message delivered to the local outbox instead of Telegram or email. */
export type { OutboxEntry } from "../escalation/notify/outbox";

import type { OutboxEntry } from "../escalation/notify/outbox";

export type { CounterName } from "../monitor/api";

import type { CounterName, ServiceSummary } from "../monitor/api";
import type { SummaryAggregate } from "../monitor/summary";

/** A counter for /metrics: name, Prometheus labels and value. */
export interface CounterRow {
  name: CounterName;
  labels: Record<string, string>;
  value: number;
}

/** What a /metrics scrape reads of the state object: summaries, counters and the last tick. */
export interface MetricsReading {
  summaries?: SummaryAggregate;
  counters: CounterRow[];
  lastTick?: TickRecord;
}

/**
 * The RPC surface of the singleton `WatchdogState` Durable Object: tick bookkeeping,
 * maintenance windows, counters for metrics, and the local outbox.
 */
export interface WatchdogStateApi {
  /**
   * Records a tick, and the services' summaries it carried (issue 17 item 5); returns the gap
   * since the previous tick when it exceeds `gapAlertMs`.
   */
  recordTick(tick: TickRecord, gapAlertMs: number, summaries?: ServiceSummary[]): Promise<{ gapMs?: number }>;
  lastTick(): Promise<TickRecord | undefined>;
  /** Every service's latest summary, as the ticks carried them: what /metrics and /status list. */
  summaries(): Promise<SummaryAggregate | undefined>;
  /** Everything a /metrics scrape reads, in one call (issue 17 item 5). */
  metricsReading(): Promise<MetricsReading>;
  listMaintenance(serviceId?: string): Promise<MaintenanceWindow[]>;
  addMaintenance(window: Omit<MaintenanceWindow, "id">): Promise<MaintenanceWindow>;
  cancelMaintenance(id: string): Promise<boolean>;
  /** Adds to a counter; labels become Prometheus labels. */
  count(name: CounterName, labels: Record<string, string>, by?: number): Promise<void>;
  counters(): Promise<{ name: CounterName; labels: Record<string, string>; value: number }[]>;
  addOutbox(entry: OutboxEntry): Promise<void>;
  /** True the first time a key is claimed (e.g. "daily:2026-11-26"), false ever after. */
  claimOnce(key: string): Promise<boolean>;
  /** Gives a claim back, so a report that could not be delivered is tried again. */
  releaseOnce(key: string): Promise<void>;
  outbox(limit?: number): Promise<OutboxEntry[]>;
}
